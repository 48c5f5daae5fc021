package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Anonymous visitors get the login page and nothing else. */
class AnonymousAccessIT {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @ParameterizedTest
    @ValueSource(strings = {"", "index.xhtml", "reports/monthly-signups.xhtml"})
    void everyPageRedirectsToLoginWithoutData(String page) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(TestStack.applicationUrl() + page)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, response.statusCode(), page);
        assertTrue(response.headers().firstValue("Location").orElse("").endsWith("/reporting/login.xhtml"),
                page + " -> " + response.headers().firstValue("Location"));
        assertFalse(response.body().contains("signups"), page);
    }

    @ParameterizedTest
    @ValueSource(strings = {"login.xhtml"})
    void loginPageIsPublic(String page) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(TestStack.applicationUrl() + page)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("Sign in"));
    }
}
