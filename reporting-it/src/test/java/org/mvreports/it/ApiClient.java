package org.mvreports.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The REST API of one running node, as a client sees it: HTTP Basic with the demo convention that a test account's
 * password is its name, JSON answers, and polling of refresh jobs with a deadline.
 */
public final class ApiClient {

    /**
     * HTTP/1.1, as browsers speak to the server over plain HTTP: the client's default, an upgrade to HTTP/2, met an
     * idle connection the server had closed with an error rather than a new connection (seen in a benchmark).
     */
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String applicationUrl;

    /** @param applicationUrl like {@code http://localhost:28080/reporting/} */
    public ApiClient(String applicationUrl) {
        this.applicationUrl = applicationUrl;
    }

    public HttpResponse<String> get(String path, String user) throws Exception {
        return get(path, user, user);
    }

    /** A GET with any credentials; {@code user} null sends none. */
    HttpResponse<String> get(String path, String user, String password) throws Exception {
        return http.send(request(path, user, password).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET whose body is read as bytes (exports). */
    HttpResponse<byte[]> getBytes(String path, String user) throws Exception {
        return http.send(request(path, user, user).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A GET whose body is left to the caller to read as far as it wants (closing it hangs up). */
    public HttpResponse<InputStream> open(String path, String user) throws Exception {
        return http.send(request(path, user, user).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /**
     * Asks for {@code path} on a socket of its own, reads the first {@code bytes} bytes of the answer (its status line
     * and headers included) and closes the socket at once, as a client that hangs up does.
     *
     * @return the answer's status line
     */
    String hangUpAfter(String path, String user, int bytes) throws Exception {
        URI url = URI.create(applicationUrl + "api/" + path);
        try (java.net.Socket socket = new java.net.Socket(url.getHost(), url.getPort())) {
            socket.getOutputStream().write(("GET " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: " + url.getHost() + ":" + url.getPort() + "\r\n"
                    + "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + user)
                    .getBytes(StandardCharsets.UTF_8)) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] read = socket.getInputStream().readNBytes(bytes);
            socket.setSoLinger(true, 0); // a reset, as a client that goes away sends
            String answer = new String(read, StandardCharsets.ISO_8859_1);
            return answer.substring(0, Math.max(0, answer.indexOf("\r\n")));
        }
    }

    /** A request without a body, with any method. */
    HttpResponse<String> send(String method, String path, String user) throws Exception {
        return http.send(request(path, user, user).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String path, String user, String body) throws Exception {
        return http.send(request(path, user, user).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String user, String body) throws Exception {
        return http.send(request(path, user, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts a refresh job as {@code user}; fails unless the answer is 202 with an execution id. */
    public long startJob(String user, String body) throws Exception {
        HttpResponse<String> started = post("refresh-jobs", user, body);
        if (started.statusCode() != 202) {
            throw new AssertionError("expected 202 starting a job, got " + started.statusCode() + ": "
                    + started.body());
        }
        return json(started).asJsonObject().getJsonNumber("executionId").longValue();
    }

    /** Polls an execution (as admin) until it ended, for at most two minutes; returns its last status. */
    public JsonObject awaitEnd(long id) throws Exception {
        Set<String> ended = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");
        return Await.value("execution " + id + " to end", Duration.ofMinutes(2), () -> {
            HttpResponse<String> response = get("refresh-jobs/" + id, "admin");
            if (response.statusCode() != 200 && response.statusCode() != 503) {
                throw new AssertionError("status of execution " + id + ": " + response.statusCode() + " "
                        + response.body());
            }
            // 503: the database cannot be reached for the moment (a test restarting it); ask again.
            return response.statusCode() == 503 ? null : json(response).asJsonObject();
        }, status -> status != null && ended.contains(status.getString("batchStatus")));
    }

    /** Polls an execution's per-view states (view → state, modifiable) until {@code reached} holds. */
    void awaitViews(long id, String what, Predicate<Map<String, String>> reached) throws Exception {
        Await.value("execution " + id + " to reach: " + what, Duration.ofSeconds(45), () -> {
            Map<String, String> states = new HashMap<>();
            json(get("refresh-jobs/" + id, "admin")).asJsonObject().getJsonArray("views").stream()
                    .map(JsonValue::asJsonObject)
                    .forEach(v -> states.put(v.getString("view"), v.getString("state")));
            return states;
        }, reached);
    }

    public static JsonStructure json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).read();
    }

    private HttpRequest.Builder request(String path, String user, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(applicationUrl + "api/" + path));
        return user == null ? request : request.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
}
