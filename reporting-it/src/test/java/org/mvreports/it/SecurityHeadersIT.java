package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every answer's headers say, or do not say, about the server, and what they tell browsers to refuse. */
class SecurityHeadersIT {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void noAnswerNamesTheServerOrItsVersion() throws Exception {
        String root = TestStack.applicationUrl().replace("/reporting/", "/");
        for (String address : List.of("reporting/login.xhtml", "reporting/", "reporting/api/reports",
                "reporting/api/no-such-thing", "reporting/no-such-page.xhtml",
                "reporting/jakarta.faces.resource/css/reporting.css.xhtml", "health/ready", "metrics", "openapi",
                "no-such-application/")) {
            for (String user : new String[] {null, "viewer"}) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + address));
                if (user != null) {
                    request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (user + ":" + user).getBytes(StandardCharsets.UTF_8)));
                }
                HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String what = address + " as " + user + " (" + answer.statusCode() + ")";
                assertEquals(List.of(), answer.headers().allValues("Server"), what);
                assertEquals(List.of(), answer.headers().allValues("X-Powered-By"), what);
                assertFalse(answer.body().contains("Payara") || answer.body().contains("GlassFish"),
                        what + ": " + answer.body().substring(0, Math.min(300, answer.body().length())));
                assertTrue(answer.statusCode() < 500, what);
                if (address.startsWith("reporting/")) {
                    assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(null), what);
                    assertEquals("same-origin", answer.headers().firstValue("Referrer-Policy").orElse(null), what);
                }
            }
        }
    }

    @Test
    void pagesRunOnlyTheirOwnScriptsAndTheApiAllowsNothing() throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(TestStack.applicationUrl()
                + "login.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
        String policy = login.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"), policy);
        java.util.regex.Matcher nonce = java.util.regex.Pattern.compile("script-src 'self' 'nonce-([^']+)'")
                .matcher(policy);
        assertTrue(nonce.find(), policy);
        assertTrue(login.body().contains("nonce=\"" + nonce.group(1) + "\""), "the page's scripts carry it");
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(TestStack.applicationUrl()
                + "login.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
        assertFalse(again.headers().firstValue("Content-Security-Policy").orElse("").contains(nonce.group(1)),
                "a new nonce for every page");

        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(TestStack.applicationUrl()
                + "api/reports")).header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                "viewer:viewer".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                api.headers().firstValue("Content-Security-Policy").orElse(null));
    }
}
