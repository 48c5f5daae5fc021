package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Password guessing is slowed down per user name and per client address (429 with Retry-After), with accounts made
 * for this test and, for the address, a second loopback address (127.0.0.2), so that nobody else is locked out.
 */
class SignInThrottleIT {

    private static final String GUESSED = "it-throttled";
    private static final String FORM_GUESSED = "it-throttled-form";

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @BeforeAll
    static void accountsForTheTest() throws SQLException {
        for (String name : new String[] {GUESSED, FORM_GUESSED}) {
            sql("""
                    INSERT INTO app.accounts (username, password_hash, display_name)
                    SELECT '%s', password_hash, 'Throttling test' FROM app.accounts WHERE username = 'viewer'
                    ON CONFLICT (username) DO NOTHING;
                    INSERT INTO app.account_roles (username, role) VALUES ('%s', 'report-viewer')
                    ON CONFLICT DO NOTHING""".formatted(name, name));
        }
    }

    @AfterAll
    static void removeThem() throws SQLException {
        sql("DELETE FROM app.account_roles WHERE username LIKE 'it-throttled%'; "
                + "DELETE FROM app.accounts WHERE username LIKE 'it-throttled%'");
    }

    @Test
    void afterFiveWrongPasswordsANameWaitsEvenWithTheRightOne() throws Exception {
        assertEquals(200, api.get("reports", GUESSED, "viewer").statusCode(), "the account works");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, api.get("reports", GUESSED, "guess-" + i).statusCode());
        }
        HttpResponse<String> waiting = api.get("reports", GUESSED, "viewer");
        assertEquals(429, waiting.statusCode(), waiting.body());
        long retryAfter = Long.parseLong(waiting.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter > 0 && retryAfter <= 300, "within the five-minute window: " + retryAfter);
        assertTrue(ApiClient.json(waiting).asJsonObject().getString("error").startsWith("too many failed sign-ins"),
                waiting.body());
        assertEquals(429, api.get("reports", GUESSED.toUpperCase(), "viewer").statusCode(), "whatever the case");
        assertEquals(200, api.get("reports", "viewer", "viewer").statusCode(), "other names are not affected");
    }

    @Test
    void theLoginFormSaysHowLongToWait() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, api.get("reports", FORM_GUESSED, "guess-" + i).statusCode());
        }
        try (Browser browser = new Browser()) {
            browser.open("");
            browser.signIn(FORM_GUESSED, "viewer");
            String message = browser.text(By.id("login:messages"));
            assertTrue(message.contains("Too many failed sign-ins.") && message.contains("seconds"), message);
        }
    }

    @Test
    void anAddressTryingManyNamesWaitsAndOtherAddressesDoNot() throws Exception {
        assertEquals(200, statusFromAnotherAddress("viewer", "viewer"));
        for (int i = 0; i < 200; i++) {
            assertEquals(401, statusFromAnotherAddress("it-nobody-" + i, "guess"));
        }
        assertEquals(429, statusFromAnotherAddress("viewer", "viewer"),
                "an address over its limit waits, whichever name it tries");
        assertEquals(200, api.get("reports", "viewer", "viewer").statusCode(), "127.0.0.1 is another address");
    }

    /**
     * The status of {@code GET /api/reports} sent from 127.0.0.2 (a loopback address of its own: the kernel would send
     * a request to any 127.x address from 127.0.0.1, the address every other test signs in from).
     */
    private static int statusFromAnotherAddress(String user, String password) throws Exception {
        URI url = URI.create(TestStack.applicationUrl() + "api/reports");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), url.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + url.getRawPath() + " HTTP/1.1\r\nHost: localhost:" + url.getPort()
                    + "\r\nConnection: close\r\nAuthorization: Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(answer.substring(9, 12)); // "HTTP/1.1 200"
        }
    }

    private static void sql(String statements) throws SQLException {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute(statements);
        }
    }
}
