package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hostile input over every endpoint and every page whose state is in its address, and the login form, generated from
 * tables: injection strings, NUL, invalid escapes, 10 KB and 1 MB values, wrong JSON types, unknown fields, huge arrays,
 * deep nesting, bad content types and methods, spread over the roles. Every answer must be below 500, carry no stack
 * trace, SQL, exception name or server name, and for the API be a JSON error; and the refused requests must have
 * changed nothing (schedules, switches, accounts, webhooks, jobs and the three records compared before and after;
 * the stack's scheduler timer is off).
 */
class HostileInputIT {

    /** What an attacker types. */
    private static final List<String> VALUES = List.of(
            "' OR '1'='1", "1; DROP TABLE app.accounts; --", "\"); DELETE FROM app.refresh_log; --", "a\u0000b",
            "\u0000", "<script>alert(1)</script>", "${jndi:ldap://localhost/x}", "#{1+1}", "../../../../etc/passwd",
            "-1", "99999999999999999999", "1e309", "NaN", "null", "[]", "{}", "\u202e\u0001\u007f", "😀 ü ß",
            "x".repeat(10 * 1024), "month:eq:2024-13-45", "signups:gt:abc", "month:in:\\,\\,\\", "%00%zz");

    /**
     * Text that must never be in an answer: the inside of the server. (Not PostgreSQL's "ERROR:" as such: the refresh
     * history shows auditors the message of every failed refresh, which other tests cause.)
     */
    private static final Pattern LEAK = Pattern.compile("Exception|\\bat (org|java|jdk|com|sun)\\.|Caused by|"
            + "SQLState|PSQLException|org\\.postgresql|syntax error at or near|java\\.lang|Payara|GlassFish"
            + "|Grizzly|Mojarra|Jersey|Weld|hibernate");

    private static final String SUITE_ACCOUNT = "it-hostile";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> failures = new ArrayList<>();
    private int requests;

    @Test
    void hostileRequestsAreRefusedCleanlyAndChangeNothing() throws Exception {
        sql("""
                INSERT INTO app.accounts (username, password_hash, display_name)
                SELECT '%1$s', password_hash, 'Hostile input suite' FROM app.accounts WHERE username = 'viewer'
                ON CONFLICT (username) DO NOTHING;
                INSERT INTO app.account_roles (username, role) VALUES ('%1$s', 'report-viewer')
                ON CONFLICT DO NOTHING""".formatted(SUITE_ACCOUNT));
        String before = state();
        String after;
        try {
            for (Section section : new Section[] {this::queryParameters, this::addresses, this::bodies,
                    this::contentTypesAndMethods, this::credentials, this::pages, this::loginForm,
                    this::malformedRequests}) {
                long started = System.nanoTime();
                int sent = requests;
                section.run();
                System.out.printf("hostile input: %d requests in %d ms%n", requests - sent,
                        (System.nanoTime() - started) / 1_000_000);
            }
            after = state();
        } finally {
            sql("DELETE FROM app.account_roles WHERE username = '" + SUITE_ACCOUNT + "'; DELETE FROM app.accounts"
                    + " WHERE username = '" + SUITE_ACCOUNT + "'");
        }
        assertEquals(List.of(), failures, failures.size() + " of " + requests + " answers were wrong");
        assertTrue(requests >= 500, "at least 500 requests, were " + requests);
        assertEquals(before, after, "a refused request changed something");
    }

    private interface Section {
        void run() throws Exception;
    }

    private void queryParameters() throws Exception {
        for (String value : VALUES) {
            String v = encode(value);
            for (String query : List.of("sort=" + v, "filter=" + v, "filter=month:eq:" + v,
                    "filter=signups:gt:" + v, "filter=month:in:" + v, "filter=" + v + ":eq:1", "page=" + v,
                    "size=" + v)) {
                api("GET", "reports/monthly_signups/rows?" + query, "viewer", null, null);
            }
            api("GET", "reports/monthly_signups/export?format=" + v, "viewer", null, null);
            api("GET", "reports/monthly_signups/export?format=csv&filter=" + v, "viewer", null, null);
            for (String query : List.of("view=" + v, "outcome=" + v, "trigger=" + v, "from=" + v, "to=" + v,
                    "execution=" + v, "sort=" + v, "page=" + v, "filter=" + v, "definitionChanged=" + v)) {
                api("GET", "refresh-log?" + query, requests % 2 == 0 ? "auditor" : "admin", null, null);
            }
            api("GET", "refresh-log/verify?head=" + v, "auditor", null, null);
            api("GET", "exports?format=" + v, "auditor", null, null);
            api("GET", "exports?user=" + v + "&format=" + v, "auditor", null, null);
            api("GET", "admin-actions?action=" + v, "auditor", null, null);
            api("GET", "refresh-jobs?page=" + v, "admin", null, null);
            api("GET", "alerts/deliveries?limit=" + v, "admin", null, null);
        }
    }

    private void addresses() throws Exception {
        for (String value : VALUES) {
            String v = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            api("GET", "reports/" + v, "viewer", null, null);
            api("GET", "reports/" + v + "/rows", "viewer", null, null);
            api("GET", "refresh-jobs/" + v, "admin", null, null);
            api("POST", "refresh-jobs/" + v + "/stop", "admin", null, null);
            api("POST", "refresh-jobs/" + v + "/abandon", "admin", null, null);
            api("DELETE", "alerts/webhooks/" + v, "admin", null, null);
            api("PUT", "schedules/" + v, "admin", "application/json", "{\"enabled\": true}");
        }
    }

    private void bodies() throws Exception {
        for (String value : VALUES) {
            String s = jsonString(value);
            api("POST", "refresh-jobs", "admin", "application/json", "{\"views\": [" + s + "]}");
            api("PUT", "schedules/monthly_signups", "admin", "application/json", "{\"refreshInterval\": " + s + "}");
            api("PUT", "schedules/monthly_signups", "admin", "application/json", "{\"expectedInterval\": " + s
                    + ", \"refreshInterval\": \"PT2H\"}");
            api("POST", "alerts/webhooks", "admin", "application/json", "{\"url\": " + s
                    + ", \"events\": [\"VIEW_FAILED\"]}");
            api("POST", "alerts/webhooks", "admin", "application/json", "{\"url\": \"http://localhost/x\", \"secret\": "
                    + s + ", \"events\": [" + s + "]}");
        }
        String huge = "[" + "\"a\",".repeat(100_000) + "\"a\"]";
        String deep = "[".repeat(500) + "]".repeat(500);
        String megabyte = "\"" + "x".repeat(1024 * 1024) + "\"";
        for (String body : List.of("{\"views\": " + huge + "}", "{\"views\": [" + megabyte + "]}")) {
            api("PUT", "schedules", "admin", "application/json", body);
            api("POST", "refresh-jobs", "admin", "application/json", body);
        }
        for (String body : List.of("{\"enabled\": 1}", "{\"enabled\": \"yes\"}", "{\"enabled\": [true]}",
                "{\"enabled\": {\"a\": true}}", "{\"enabled\": true} {}", "{\"enabled\": true, \"enabled\": false}",
                "{\"enabled\": true, \"x\": 1}", "{\"enabled\": tru}", "{\"enabled\": \"\\q\"}", "{\"enabled\": \"\\ud800\"}",
                "{\"views\": " + deep + "}", "",
                "null", "[]", "\"text\"", "{", "}", "\u0000", "{\"views\": [\"monthly_signups\"], \"force\": \"1\"}")) {
            api("PUT", "schedules", "admin", "application/json", body);
            api("POST", "refresh-jobs", "admin", "application/json", body.isEmpty() ? "{\"force\": 0}" : body);
            api("PUT", "schedules/monthly_signups", "admin", "application/json", body);
            api("POST", "alerts/webhooks", "admin", "application/json", body);
        }
    }

    private void contentTypesAndMethods() throws Exception {
        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=latin1"}) {
            api("PUT", "schedules", "admin", type, "enabled=true");
            api("POST", "refresh-jobs", "admin", type, "views=monthly_signups");
            api("PUT", "schedules/monthly_signups", "admin", type, "<enabled>true</enabled>");
            api("POST", "alerts/webhooks", "admin", type, "url=http://localhost/x");
        }
        for (String[] wrong : new String[][] {{"PATCH", "schedules"}, {"DELETE", "schedules"}, {"POST", "reports"},
                {"PUT", "reports/monthly_signups"}, {"DELETE", "reports/monthly_signups/rows"}, {"POST", "graph"},
                {"PUT", "refresh-log"}, {"DELETE", "exports"}, {"POST", "admin-actions"}, {"GET", "refresh-jobs/1/stop"},
                {"PUT", "alerts/deliveries"}, {"TRACE", "reports"}, {"PATCH", "alerts/webhooks"},
                {"POST", "refresh-log/verify"}, {"DELETE", "refresh-jobs"}}) {
            if (wrong[0].equals("TRACE")) { // the server refuses TRACE itself, before the application
                send("TRACE", TestStack.applicationUrl() + "api/" + wrong[1], Map.of(), null, false);
            } else {
                api(wrong[0], wrong[1], "admin", "application/json",
                        wrong[0].equals("GET") || wrong[0].equals("DELETE") ? null : "{}");
            }
        }
    }

    /** Sign-in attempts: only the suite's own account is guessed at, so nobody else is throttled. */
    private void credentials() throws Exception {
        for (String value : VALUES.subList(0, 12)) {
            api("GET", "reports", SUITE_ACCOUNT + ":" + value, null, null);
            api("GET", "reports", value + ":viewer", null, null);
        }
        for (String header : List.of("Basic", "Basic !!!", "Basic " + Base64.getEncoder().encodeToString(new byte[] {
                (byte) 0xff, (byte) 0xfe, ':', 'x'}), "Bearer abc", "Basic " + "A".repeat(5000), "Digest x")) {
            send("GET", TestStack.applicationUrl() + "api/reports", Map.of("Authorization", header), null, true);
        }
    }

    /** Pages whose state is in their address: a report's sort, filters and page; the records' filters. */
    private void pages() throws Exception {
        for (String value : VALUES) {
            String v = encode(value);
            for (String query : List.of("name=" + v, "name=monthly_signups&sort=" + v, "name=monthly_signups&filter="
                    + v, "name=monthly_signups&filter=month:eq:" + v, "name=monthly_signups&page=" + v,
                    "name=monthly_signups&size=" + v)) {
                page("reports/report.xhtml?" + query, "viewer");
            }
            page("history/?filter=" + v + "&sort=" + v, "auditor");
            page("history/exports.xhtml?filter=" + v, "auditor");
            page("history/admin-actions.xhtml?sort=" + v, "auditor");
            page("index.xhtml?q=" + v, "viewer");
        }
    }

    /** The login form, posted as a browser posts it (with the page's view state), with hostile names. */
    private void loginForm() throws Exception {
        for (String value : VALUES) {
            HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(TestStack.applicationUrl()
                    + "login.xhtml")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher viewState = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"")
                    .matcher(form.body());
            assertTrue(viewState.find(), "the login form has a view state: " + form.statusCode() + " "
                    + excerpt(form.body()));
            Matcher nonce = Pattern.compile("PrimeFaces\\.csp\\.init\\('([^']+)'\\)").matcher(form.body());
            assertTrue(nonce.find(), "the login page has its nonce");
            String cookie = form.headers().firstValue("Set-Cookie").orElse("").split(";")[0];
            String body = "login=login&login%3Ausername=" + encode(value) + "&login%3Apassword=" + encode(value)
                    + "&login%3Asubmit=&jakarta.faces.ViewState=" + encode(viewState.group(1));
            // As a browser posts it (the page's script adds the nonce), and as a forger would, without it.
            send("POST", TestStack.applicationUrl() + "login.xhtml", Map.of("Cookie", cookie,
                    "Content-Type", "application/x-www-form-urlencoded"), body + "&primefaces.nonce="
                    + encode(nonce.group(1)), false);
            int status = send("POST", TestStack.applicationUrl() + "login.xhtml", Map.of("Cookie", cookie,
                    "Content-Type", "application/x-www-form-urlencoded"), body, false);
            if (status != 400) {
                failures.add("a login post without its page's nonce: " + status + ", not 400");
            }
        }
    }

    /** Requests the HTTP layer itself may refuse (bad escapes, a NUL in the path, a 1 MB address). */
    private void malformedRequests() throws Exception {
        for (String target : List.of("/reporting/api/reports%", "/reporting/api/reports/%zz", "/reporting/api/%00",
                "/reporting/api/reports/monthly_signups/rows?sort=%", "/reporting/api/reports?x=%G0",
                "/reporting/reports/report.xhtml?name=%", "/reporting/api/reports/..%2f..%2fadmin",
                "/reporting/api/reports?" + "x=".repeat(300_000))) {
            raw(target);
        }
    }

    // Sending and judging

    private void api(String method, String path, String user, String contentType, String body) throws Exception {
        String[] credentials = user.contains(":") ? user.split(":", 2) : new String[] {user, user};
        send(method, TestStack.applicationUrl() + "api/" + path, Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((credentials[0] + ":" + credentials[1])
                .getBytes(StandardCharsets.UTF_8))), body, true, contentType);
    }

    private void page(String path, String user) throws Exception {
        send("GET", TestStack.applicationUrl() + path, Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8))), null, false);
    }

    private int send(String method, String url, Map<String, String> headers, String body, boolean api)
            throws Exception {
        return send(method, url, headers, body, api, null);
    }

    /** Sends and judges one request; its status, or 0 when it had none. */
    private int send(String method, String url, Map<String, String> headers, String body, boolean api,
                     String contentType) throws Exception {
        requests++;
        String what = method + " " + url.substring(0, Math.min(url.length(), 160));
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        } catch (IllegalArgumentException notAUri) {
            failures.add(what + ": the test built an address Java cannot send");
            return 0;
        }
        headers.forEach(request::header);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException closed) {
            // A body far over the limit may be cut off by the server once it has refused it, and an address longer
            // than the HTTP layer takes may be closed on unanswered: nothing was shown either way.
            if ((body == null || body.length() <= 64 * 1024) && url.length() < 8000) {
                failures.add(what + ": no answer (" + closed + ")");
            }
            return 0;
        }
        // An address longer than the HTTP layer takes, or whose path holds an encoded NUL, slash or backslash, is
        // refused by the server before the application sees it: not as JSON then (judge still requires a 4xx that
        // shows nothing of the server).
        String path = URI.create(url).getRawPath();
        boolean refusedByTheServer = url.length() >= 8000 || path.matches("(?i).*%(00|2f|5c).*");
        judge(what, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(""), answer.body(),
                api && !refusedByTheServer);
        return answer.statusCode();
    }

    private void judge(String what, int status, String contentType, String body, boolean api) {
        if (status >= 500) {
            failures.add(what + ": " + status + " " + excerpt(body));
        }
        // A page's own scripts name PrimeFaces' widgets (an "AjaxExceptionHandler", say): only the rest counts.
        Matcher leak = LEAK.matcher(body.replaceAll("(?s)<script[^>]*>.*?</script>", ""));
        if (leak.find()) {
            failures.add(what + ": the answer shows '" + leak.group() + "': " + excerpt(body));
        }
        if (api && status >= 400 && status != 404 || api && status == 404 && !body.isEmpty()) {
            try {
                JsonObject error = Json.read(body);
                if (!error.containsKey("error")) {
                    failures.add(what + ": " + status + " without an error: " + excerpt(body));
                }
                if (!contentType.startsWith("application/json")) {
                    failures.add(what + ": " + status + " as " + contentType);
                }
            } catch (RuntimeException notJson) {
                failures.add(what + ": " + status + " is not a JSON error: " + excerpt(body));
            }
        }
    }

    /** A request written byte by byte, for what no HTTP client sends; the HTTP layer may refuse it. */
    private void raw(String target) throws Exception {
        requests++;
        URI url = URI.create(TestStack.applicationUrl());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), url.getPort()), 10_000);
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost:" + url.getPort()
                    + "\r\nConnection: close\r\nAuthorization: Basic " + Base64.getEncoder().encodeToString(
                    "viewer:viewer".getBytes(StandardCharsets.UTF_8)) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = readAll(socket.getInputStream());
            String what = "GET " + target.substring(0, Math.min(target.length(), 80));
            if (answer.isEmpty()) {
                return; // the connection was closed without an answer: refused by the HTTP layer, nothing shown
            }
            int status = Integer.parseInt(answer.substring(9, 12));
            judge(what, status, "", answer, false);
        }
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            in.transferTo(read);
        } catch (java.net.SocketException reset) {
            // a server that closes after refusing may reset the connection: what came before counts
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    // The state that refused requests must not change

    private static String state() throws SQLException {
        StringBuilder state = new StringBuilder();
        for (String query : List.of(
                "SELECT view_name, refresh_interval, enabled, updated_at FROM app.report_schedules ORDER BY 1",
                "SELECT * FROM app.scheduler_settings",
                "SELECT username, password_hash, enabled FROM app.accounts ORDER BY 1",
                "SELECT username, role FROM app.account_roles ORDER BY 1, 2",
                "SELECT id, url FROM app.alert_webhooks ORDER BY 1",
                "SELECT count(*) FROM app.executioninstancedata",
                "SELECT count(*) FROM app.refresh_log",
                "SELECT count(*) FROM app.admin_actions",
                "SELECT count(*) FROM app.report_exports")) {
            try (Connection db = TestStack.database(); Statement statement = db.createStatement();
                 ResultSet rs = statement.executeQuery(query)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= columns; i++) {
                        state.append(rs.getString(i)).append('|');
                    }
                    state.append('\n');
                }
            }
        }
        return state.toString();
    }

    private static void sql(String statements) throws SQLException {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute(statements);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String jsonString(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static String excerpt(String body) {
        return body.substring(0, Math.min(body.length(), 300)).replace('\n', ' ');
    }

    /** JSON-P, read leniently: the answer is the server's. */
    private static final class Json {
        static JsonObject read(String text) {
            return jakarta.json.Json.createReader(new java.io.StringReader(text)).readObject();
        }
    }
}
