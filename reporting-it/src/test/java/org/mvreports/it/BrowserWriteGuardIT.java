package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;

/**
 * A write to the API with nothing but a browser's session cookie (what another site's page can make a signed-in
 * browser send) is refused; from a page of the application (its header, or this server's own Origin) it goes through.
 */
class BrowserWriteGuardIT {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aWriteWithOnlyTheSessionCookieIsRefusedUnlessItComesFromAPageOfTheApplication() throws Exception {
        String session;
        try (Browser browser = new Browser()) {
            browser.open("admin/");
            browser.signIn("admin", "admin");
            browser.waitFor(By.id("signed-in-user"));
            Cookie cookie = browser.driver.manage().getCookieNamed("JSESSIONID");
            session = cookie.getName() + "=" + cookie.getValue();
        }
        String schedules = TestStack.applicationUrl() + "api/schedules";
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(schedules)).header("Cookie", session)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), "reads need nothing more");
        String body = "{\"enabled\": " + ApiClient.json(read).asJsonObject().getBoolean("schedulerEnabled") + "}";

        HttpResponse<String> forged = put(schedules, session, body, null, null);
        assertEquals(403, forged.statusCode(), forged.body());
        assertTrue(ApiClient.json(forged).asJsonObject().getString("error").contains("X-MVReports-Request"));
        assertEquals(403, put(schedules, session, body, null, "http://evil.example").statusCode());
        assertEquals(200, put(schedules, session, body, "X-MVReports-Request", null).statusCode());
        assertEquals(200, put(schedules, session, body, null,
                TestStack.applicationUrl().replace("/reporting/", "")).statusCode(), "this server's own origin");
    }

    private HttpResponse<String> put(String url, String session, String body, String header, String origin)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", session)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            request.header(header, "test");
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
