package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, in one table: every page and every endpoint of the application, listed from its code (the JAX-RS
 * resources' annotations and the pages in the WAR's sources), against every kind of caller: anonymous, signed in
 * without a role, report viewer, refresh administrator, auditor, and an account with all three roles. A page or
 * endpoint without a row, or a row without one, fails the test: a new one must say who may use it.
 *
 * <p>Requests that would change something are sent so that the application refuses them after checking the role (an
 * unknown job, an unreadable body): a caller with the role gets that refusal (400, 404), one without gets 403; nothing
 * changes.
 */
class RoleMatrixIT {

    /** The callers, in the order of every row: user name (its password is its name), or null for none. */
    private static final List<String> CALLERS = List.of("anonymous", "norole", "viewer", "admin", "auditor", "demo");

    /** A page shown to an anonymous visitor: the login form, under the page's own address. */
    private static final int LOGIN = -1;

    /**
     * Every page and endpoint: method and path as the code declares them → the request sent (path with values, and a
     * body) and the status each caller gets, in the order of {@link #CALLERS}.
     */
    private static final Map<String, Row> MATRIX = new LinkedHashMap<>();

    /** The server's endpoints that serve the application's health checks, metrics and API description. */
    private static final List<String> SERVER_ENDPOINTS = List.of("GET /health", "GET /health/ready",
            "GET /health/live", "GET /metrics", "GET /openapi");

    private record Row(String method, String path, String body, int... statuses) {
    }

    private static void row(String declared, String path, String body, int... statuses) {
        MATRIX.put(declared, new Row(declared.substring(0, declared.indexOf(' ')), path, body, statuses));
    }

    static {
        // The REST API, /api/...
        row("GET reports", "api/reports", null, 401, 403, 200, 200, 200, 200);
        row("GET reports/{name}", "api/reports/monthly_signups", null, 401, 403, 200, 200, 200, 200);
        row("GET reports/{name}/rows", "api/reports/monthly_signups/rows", null, 401, 403, 200, 403, 403, 200);
        row("GET reports/{name}/export", "api/reports/monthly_signups/export?format=csv", null,
                401, 403, 200, 403, 403, 200);
        row("POST refresh-jobs", "api/refresh-jobs", "{\"views\":[\"no_such_report\"]}",
                401, 403, 403, 400, 403, 400);
        row("GET refresh-jobs", "api/refresh-jobs", null, 401, 403, 403, 200, 403, 200);
        row("GET refresh-jobs/{id}", "api/refresh-jobs/987654321", null, 401, 403, 403, 404, 403, 404);
        row("POST refresh-jobs/{id}/stop", "api/refresh-jobs/987654321/stop", "", 401, 403, 403, 404, 403, 404);
        row("POST refresh-jobs/{id}/restart", "api/refresh-jobs/987654321/restart", "",
                401, 403, 403, 404, 403, 404);
        row("POST refresh-jobs/{id}/abandon", "api/refresh-jobs/987654321/abandon", "",
                401, 403, 403, 404, 403, 404);
        row("GET schedules", "api/schedules", null, 401, 403, 403, 200, 403, 200);
        row("PUT schedules", "api/schedules", "not json", 401, 403, 403, 400, 403, 400);
        row("PUT schedules/{view}", "api/schedules/no_such_report", "{\"enabled\":true}",
                401, 403, 403, 404, 403, 404);
        row("GET graph", "api/graph", null, 401, 403, 403, 200, 403, 200);
        row("GET alerts/webhooks", "api/alerts/webhooks", null, 401, 403, 403, 200, 403, 200);
        row("POST alerts/webhooks", "api/alerts/webhooks", "{}", 401, 403, 403, 400, 403, 400);
        row("DELETE alerts/webhooks/{id}", "api/alerts/webhooks/987654321", null, 401, 403, 403, 404, 403, 404);
        row("GET alerts/deliveries", "api/alerts/deliveries", null, 401, 403, 403, 200, 403, 200);
        row("GET refresh-log", "api/refresh-log", null, 401, 403, 403, 200, 200, 200);
        row("GET refresh-log/verify", "api/refresh-log/verify", null, 401, 403, 403, 200, 200, 200);
        row("GET refresh-log/head", "api/refresh-log/head", null, 401, 403, 403, 200, 200, 200);
        row("GET exports", "api/exports", null, 401, 403, 403, 403, 200, 200);
        row("GET admin-actions", "api/admin-actions", null, 401, 403, 403, 403, 200, 200);
        // The pages.
        row("GET index.xhtml", "index.xhtml", null, LOGIN, 403, 200, 200, 200, 200);
        row("GET login.xhtml", "login.xhtml", null, 200, 200, 200, 200, 200, 200);
        row("GET errors/error.xhtml", "errors/error.xhtml", null, LOGIN, 200, 200, 200, 200, 200);
        row("GET reports/report.xhtml", "reports/report.xhtml?name=monthly_signups", null,
                LOGIN, 403, 200, 403, 403, 200);
        row("GET history/index.xhtml", "history/", null, LOGIN, 403, 403, 200, 200, 200);
        row("GET history/exports.xhtml", "history/exports.xhtml", null, LOGIN, 403, 403, 403, 200, 200);
        row("GET history/admin-actions.xhtml", "history/admin-actions.xhtml", null, LOGIN, 403, 403, 403, 200, 200);
        row("GET admin/index.xhtml", "admin/", null, LOGIN, 403, 403, 200, 403, 200);
        row("GET admin/graph.xhtml", "admin/graph.xhtml", null, LOGIN, 403, 403, 200, 403, 200);
        row("GET admin/alerts.xhtml", "admin/alerts.xhtml", null, LOGIN, 403, 403, 200, 403, 200);
        row("GET api-docs.xhtml", "api-docs.xhtml", null, LOGIN, 200, 200, 200, 200, 200);
        // What the server serves at its root from the application's annotations: anonymous, for probes, Prometheus
        // and API tools (they name reports, never show their data).
        SERVER_ENDPOINTS.forEach(endpoint -> row(endpoint, endpoint.substring(endpoint.indexOf(' ') + 1), null,
                200, 200, 200, 200, 200, 200));
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** An account that can sign in and has no role: the viewer's password, none of its roles. */
    @BeforeAll
    static void anAccountWithoutRoles() throws Exception {
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            sql.execute("""
                    INSERT INTO app.accounts (username, password_hash, display_name)
                    SELECT 'norole', password_hash, 'Signed in without a role' FROM app.accounts
                    WHERE username = 'viewer'
                    ON CONFLICT (username) DO NOTHING""");
            sql.execute("UPDATE app.accounts SET password_hash = (SELECT password_hash FROM app.accounts"
                    + " WHERE username = 'viewer') WHERE username = 'norole'");
        }
    }

    @AfterAll
    static void removeIt() throws Exception {
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            sql.execute("DELETE FROM app.accounts WHERE username = 'norole'");
        }
    }

    @Test
    void everyPageAndEndpointHasARowAndEveryRowOne() throws IOException {
        assertEquals(new TreeSet<>(declared()), new TreeSet<>(MATRIX.keySet()),
                "the pages and endpoints in the code, and the rows of the matrix");
    }

    @Test
    void everyCallerGetsWhatTheMatrixSays() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Row> entry : MATRIX.entrySet()) {
            Row row = entry.getValue();
            for (int i = 0; i < CALLERS.size(); i++) {
                String caller = CALLERS.get(i);
                HttpResponse<String> answer = http.send(request(row, caller), HttpResponse.BodyHandlers.ofString());
                int expected = row.statuses()[i];
                boolean right = expected == LOGIN
                        ? answer.statusCode() == 200 && answer.body().contains("id=\"login:username\"")
                        : answer.statusCode() == expected;
                if (!right) {
                    wrong.add(entry.getKey() + " as " + caller + ": " + answer.statusCode() + ", expected "
                            + (expected == LOGIN ? "the login form" : expected));
                }
                // The 401 is the server's own page until the hardening issue makes it JSON too.
                if (row.path().startsWith("api/") && answer.statusCode() >= 400 && answer.statusCode() != 401) {
                    assertTrue(answer.body().startsWith("{\"") && answer.body().contains("\"error\""),
                            entry.getKey() + " as " + caller + ": a JSON error, was " + answer.body());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private HttpRequest request(Row row, String caller) {
        URI application = URI.create(TestStack.applicationUrl());
        HttpRequest.Builder request = HttpRequest.newBuilder(row.path().startsWith("/")
                        ? application.resolve(row.path()) : URI.create(application + row.path()))
                .method(row.method(), row.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(row.body()));
        if (row.body() != null) {
            request.header("Content-Type", "application/json");
        }
        if (!caller.equals("anonymous")) {
            String password = caller.equals("norole") ? "viewer" : caller;
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((caller + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return request.build();
    }

    /**
     * The endpoints the JAX-RS resources declare ({@code METHOD path}, the class's {@code @Path} then the method's)
     * and the pages of the WAR ({@code GET path.xhtml}, outside WEB-INF and the static resources).
     */
    private static List<String> declared() throws IOException {
        List<String> declared = new ArrayList<>();
        Path web = Path.of("..", "reporting-web", "src", "main");
        Pattern classPath = Pattern.compile("^@Path\\(\"([^\"]*)\"\\)", Pattern.MULTILINE);
        Pattern method = Pattern.compile("^    @(GET|POST|PUT|DELETE)\\s*\\n((?:    @.*\\n)*)", Pattern.MULTILINE);
        Pattern methodPath = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
        try (Stream<Path> files = Files.walk(web.resolve("java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                Matcher resource = classPath.matcher(code);
                if (!resource.find()) {
                    continue;
                }
                Matcher endpoint = method.matcher(code);
                while (endpoint.find()) {
                    Matcher sub = methodPath.matcher(endpoint.group(2));
                    String path = resource.group(1) + (sub.find() ? "/" + sub.group(1) : "");
                    declared.add(endpoint.group(1) + " " + path.replaceAll("^/+", ""));
                }
            }
        }
        Path pages = web.resolve("webapp");
        try (Stream<Path> files = Files.walk(pages)) {
            files.filter(f -> f.toString().endsWith(".xhtml"))
                    .map(f -> pages.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> !f.startsWith("WEB-INF/") && !f.startsWith("resources/"))
                    .forEach(f -> declared.add("GET " + f));
        }
        declared.addAll(SERVER_ENDPOINTS);
        return declared;
    }
}
