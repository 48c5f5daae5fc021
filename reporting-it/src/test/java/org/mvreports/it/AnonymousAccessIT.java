package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Anonymous visitors get the login page and nothing else. */
class AnonymousAccessIT {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** The page's address stays (the login form is forwarded to), so signing in can continue there. */
    @ParameterizedTest
    @ValueSource(strings = {"", "index.xhtml", "reports/report.xhtml?name=monthly_signups"})
    void everyPageAnswersWithTheLoginFormAndNoData(String page) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(TestStack.applicationUrl() + page)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), page);
        assertTrue(response.body().contains("id=\"login:username\""), page);
        assertFalse(response.body().contains("table-form"), page);
        assertFalse(response.body().contains("id=\"catalog\""), page);
        assertFalse(response.body().contains("Signups per month"), page);
    }

    @Test
    void loginPageIsPublic() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(TestStack.applicationUrl() + "login.xhtml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("Sign in"));
    }
}
