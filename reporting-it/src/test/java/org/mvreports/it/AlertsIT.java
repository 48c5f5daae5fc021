package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alerts to webhooks, received by HTTP servers this test starts on localhost (the test stack's allow list names
 * localhost and nothing else): a report failing twice is one "view failed" alert, signed so that the receiver can
 * check it; its recovery one "recovered"; a receiver that fails twice gets it on the third attempt; a receiver that
 * redirects is given up at once (the redirect not followed), one that answers 10 MB costs nothing, one that hangs
 * times out; webhooks the server must not call are refused with the reason; the secret is never returned.
 */
class AlertsIT {

    private static final String SECRET = "it-alerts-secret-0123456789";

    private static final ApiClient API = new ApiClient(TestStack.applicationUrl());

    private static HttpServer receiver;

    /** What each receiver path got: the bodies, in order, with their headers. */
    private static final Map<String, List<Received>> RECEIVED = new ConcurrentHashMap<>();

    private record Received(JsonObject body, String raw, String timestamp, String signature) {
    }

    private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();

    private final List<FailingReport> reports = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void receivers() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/ok", exchange -> answer(exchange, 200, new byte[0]));
        receiver.createContext("/stale", exchange -> answer(exchange, 200, new byte[0]));
        receiver.createContext("/flaky", exchange ->
                answer(exchange, FLAKY_CALLS.incrementAndGet() <= 2 ? 500 : 200, new byte[0]));
        receiver.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/redirected");
            answer(exchange, 302, new byte[0]);
        });
        receiver.createContext("/redirected", exchange -> answer(exchange, 200, new byte[0]));
        receiver.createContext("/huge", exchange -> answer(exchange, 200, new byte[10 * 1024 * 1024]));
        receiver.createContext("/hang", exchange -> {
            record(exchange);
            try {
                Thread.sleep(Duration.ofSeconds(20).toMillis()); // longer than the sender waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stopReceivers() {
        receiver.stop(0);
    }

    @AfterEach
    void removeWebhooksAndReports() throws Exception {
        for (JsonValue webhook : ApiClient.json(API.get("alerts/webhooks", "admin")).asJsonArray()) {
            API.send("DELETE", "alerts/webhooks/" + webhook.asJsonObject().getJsonNumber("id").longValue(), "admin");
        }
        for (FailingReport report : reports) {
            report.drop();
        }
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            sql.execute("DELETE FROM app.report_schedules WHERE updated_by = 'AlertsIT'");
        }
    }

    @Test
    void aReportFailingTwiceIsOneSignedAlertAndItsRecoveryOne() throws Exception {
        long webhook = addWebhook("/ok", SECRET, "VIEW_FAILED", "REPORT_RECOVERED");
        FailingReport report = failingReport("it_alerts_failing");
        refresh(report, "COMPLETED");
        report.breakIt();
        refresh(report, "FAILED");
        refresh(report, "FAILED");

        assertEquals(1, events("VIEW_FAILED", report.name()), "one alert for two failures in a row");
        Received failed = awaitReceived("/ok", report.name(), "VIEW_FAILED");
        assertEquals("FAILED", failed.body().getString("state"));
        assertTrue(failed.body().getString("error").contains("division by zero"), failed.raw());
        assertTrue(failed.body().getString("error").contains("22012"), failed.raw());
        assertTrue(failed.body().containsKey("dataAsOf"), "the data readers still see is as of its last success");
        assertTrue(failed.body().getString("console").endsWith("/reporting/admin/"), failed.raw());
        assertEquals(signature(failed.timestamp(), failed.raw()), failed.signature(), "HMAC-SHA256 of t.body");
        awaitDelivered(webhook, report.name(), "VIEW_FAILED");

        report.fix();
        refresh(report, "COMPLETED");
        Received recovered = awaitReceived("/ok", report.name(), "REPORT_RECOVERED");
        assertEquals("FAILED", recovered.body().getString("state"), "what it recovered from");
        assertEquals(1, events("REPORT_RECOVERED", report.name()));
        assertEquals(1, received("/ok", report.name(), "VIEW_FAILED").size(), "still one failure alert");
    }

    /**
     * Eleven reports turning stale at the same moment (here: an agreed interval given to all of them at once, long
     * after their refresh) are one digest, not eleven alerts; the watch finds them within 30 seconds.
     */
    @Test
    void elevenReportsTurningStaleTogetherAreOneDigest() throws Exception {
        addWebhook("/stale", null, "REPORT_STALE");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            names.add(failingReport("it_alerts_stale_" + i).name());
        }
        String views = String.join(",", names.stream().map(n -> "\"" + n + "\"").toList());
        assertEquals("COMPLETED", API.awaitEnd(API.startJob("admin", "{\"views\": [" + views + "]}"))
                .getString("batchStatus"));
        // Stale is older than the agreed interval plus the scheduler's minute: with an interval of one second, a
        // minute and a bit after the refresh. Until the interval is given they have none, so none is stale yet.
        java.time.Instant refreshed = java.time.Instant.now();
        Await.until("a minute after the refresh", Duration.ofSeconds(90),
                () -> java.time.Instant.now().isAfter(refreshed.plusSeconds(65)));
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO app.report_schedules (view_name, refresh_interval, updated_by) SELECT name,"
                    + " interval '1 second', 'AlertsIT' FROM unnest(ARRAY[" + views.replace('"', '\'') + "]) name");
        }
        Received digest = Await.value("the digest", Duration.ofSeconds(60),
                () -> RECEIVED.getOrDefault("/stale", List.of()), found -> !found.isEmpty()).get(0);
        assertEquals("REPORT_STALE", digest.body().getString("type"));
        assertEquals(names.stream().sorted().toList(), digest.body().getJsonArray("reports")
                .getValuesAs(jakarta.json.JsonString::getString).stream().sorted().toList(), digest.raw());
        try (Connection db = TestStack.database(); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT count(*) FROM app.alert_events WHERE kind = 'REPORT_STALE'"
                     + " AND reports && ARRAY[" + views.replace('"', '\'') + "]")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "one event for the eleven");
        }
        assertEquals(1, RECEIVED.get("/stale").size(), "one request to the receiver");
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheAlertOnTheThirdAttemptAndEveryAttemptIsRecorded() throws Exception {
        FLAKY_CALLS.set(0);
        long webhook = addWebhook("/flaky", null, "VIEW_FAILED");
        FailingReport report = failingReport("it_alerts_flaky");
        report.breakIt();
        refresh(report, "FAILED");

        JsonObject delivery = awaitDelivered(webhook, report.name(), "VIEW_FAILED");
        List<Integer> statuses = delivery.getJsonArray("attempts").stream()
                .map(a -> a.asJsonObject().getInt("status")).toList();
        assertEquals(List.of(500, 500, 200), statuses);
        assertEquals("DELIVERED", delivery.getString("outcome"));
        assertNull(received("/flaky", report.name(), "VIEW_FAILED").stream().findFirst().orElseThrow().signature(),
                "no secret, no signature");
    }

    @Test
    void redirectsAreNotFollowedAHugeAnswerCostsNothingAndAHangTimesOut() throws Exception {
        long redirect = addWebhook("/redirect", null, "VIEW_FAILED");
        long huge = addWebhook("/huge", null, "VIEW_FAILED");
        long hang = addWebhook("/hang", null, "VIEW_FAILED");
        FailingReport report = failingReport("it_alerts_odd_receivers");
        report.breakIt();
        refresh(report, "FAILED");

        JsonObject redirected = await(redirect, report.name(), d -> "GAVE_UP".equals(d.getString("outcome")));
        assertEquals(1, redirected.getJsonArray("attempts").size(), "a redirect is not tried again");
        assertEquals(302, redirected.getJsonArray("attempts").getJsonObject(0).getInt("status"));
        assertTrue(RECEIVED.getOrDefault("/redirected", List.of()).isEmpty(), "the redirect was not followed");

        JsonObject hugeAnswer = awaitDelivered(huge, report.name(), "VIEW_FAILED");
        assertEquals(200, hugeAnswer.getJsonArray("attempts").getJsonObject(0).getInt("status"));

        JsonObject hung = await(hang, report.name(), d -> !d.getJsonArray("attempts").isEmpty());
        JsonObject attempt = hung.getJsonArray("attempts").getJsonObject(0);
        assertFalse(attempt.containsKey("status") && !attempt.isNull("status"), "no status came: " + attempt);
        assertEquals("no answer within 5 s", attempt.getString("problem"));
        assertEquals("PENDING", hung.getString("outcome"), "tried again later");
    }

    @Test
    void webhooksTheServerMayNotCallAreRefusedAndTheSecretIsNeverReturned() throws Exception {
        for (String[] refused : new String[][] {
                {"https://hooks.example.com/x", "not on this server's allow list"},
                {"ftp://localhost/x", "only http:// and https://"},
                {"http://user:pw@localhost/x", "no user name or password"},
                {"not a url at all", "not a URL"}}) {
            HttpResponse<String> answer = API.post("alerts/webhooks", "admin",
                    "{\"url\": \"" + refused[0] + "\", \"events\": [\"VIEW_FAILED\"]}");
            assertEquals(400, answer.statusCode(), refused[0] + ": " + answer.body());
            assertTrue(answer.body().contains(refused[1]), answer.body());
        }
        HttpResponse<String> shortSecret = API.post("alerts/webhooks", "admin", "{\"url\": \"http://localhost:"
                + port() + "/ok\", \"secret\": \"short\", \"events\": [\"VIEW_FAILED\"]}");
        assertEquals(400, shortSecret.statusCode(), shortSecret.body());
        HttpResponse<String> noEvents = API.post("alerts/webhooks", "admin", "{\"url\": \"http://localhost:"
                + port() + "/ok\", \"events\": []}");
        assertEquals(400, noEvents.statusCode(), noEvents.body());

        long before = lastAdminAction();
        long added = addWebhook("/ok", SECRET, "JOB_FAILED", "VIEW_FAILED");
        String listed = API.get("alerts/webhooks", "admin").body();
        assertFalse(listed.contains(SECRET), listed);
        assertTrue(listed.contains("\"signed\":true"), listed);
        assertEquals(404, API.send("DELETE", "alerts/webhooks/987654321", "admin").statusCode());
        assertEquals(204, API.send("DELETE", "alerts/webhooks/" + added, "admin").statusCode());

        String webhook = "webhook " + added + ": http://localhost:" + port() + "/…, signed; JOB_FAILED, VIEW_FAILED";
        assertEquals(List.of("admin | ADD_WEBHOOK | null | " + webhook, "admin | REMOVE_WEBHOOK | " + webhook + " | null"),
                adminActionsAfter(before), "recorded for auditors: the receiver's host, never its path or secret");
    }

    private static long lastAdminAction() throws Exception {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT coalesce(max(id), 0) FROM app.admin_actions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> adminActionsAfter(long id) throws Exception {
        List<String> actions = new ArrayList<>();
        try (Connection db = TestStack.database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT acted_by, action, old_value, new_value"
                     + " FROM app.admin_actions WHERE id > " + id + " ORDER BY id")) {
            while (rs.next()) {
                actions.add(rs.getString(1) + " | " + rs.getString(2) + " | " + rs.getString(3) + " | "
                        + rs.getString(4));
            }
        }
        return actions;
    }

    // The receivers

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        record(exchange);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException hungUp) {
                // the sender reads the status only and closes: expected for the huge answer
            }
        }
        exchange.close();
    }

    private static void record(HttpExchange exchange) throws IOException {
        String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (raw.isEmpty()) {
            return;
        }
        RECEIVED.computeIfAbsent(exchange.getHttpContext().getPath(), path -> new CopyOnWriteArrayList<>())
                .add(new Received(Json.createReader(new StringReader(raw)).readObject(), raw,
                        exchange.getRequestHeaders().getFirst("X-MVReports-Timestamp"),
                        exchange.getRequestHeaders().getFirst("X-MVReports-Signature")));
    }

    private static List<Received> received(String path, String report, String type) {
        return RECEIVED.getOrDefault(path, List.of()).stream()
                .filter(r -> r.body().getString("type").equals(type)
                        && r.body().getJsonArray("reports").getValuesAs(JsonValue::toString)
                        .contains("\"" + report + "\""))
                .toList();
    }

    private static Received awaitReceived(String path, String report, String type) throws Exception {
        // A recovery is seen by the watch, every 30 s; then the dispatcher sends within 5 s.
        return Await.value(type + " of " + report + " at " + path, Duration.ofSeconds(60),
                () -> received(path, report, type), found -> !found.isEmpty()).get(0);
    }

    private static int port() {
        return receiver.getAddress().getPort();
    }

    private static String signature(String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
    }

    // The application

    private static long addWebhook(String path, String secret, String... events) throws Exception {
        String body = "{\"url\": \"http://localhost:" + port() + path + "\","
                + (secret == null ? "" : " \"secret\": \"" + secret + "\",")
                + " \"events\": [" + String.join(",", List.of(events).stream().map(e -> "\"" + e + "\"").toList())
                + "]}";
        HttpResponse<String> added = API.post("alerts/webhooks", "admin", body);
        assertEquals(201, added.statusCode(), added.body());
        return ApiClient.json(added).asJsonObject().getJsonNumber("id").longValue();
    }

    private FailingReport failingReport(String name) throws SQLException {
        FailingReport report = FailingReport.create(name);
        reports.add(report);
        return report;
    }

    private static void refresh(FailingReport report, String ending) throws Exception {
        assertEquals(ending, API.awaitEnd(API.startJob("admin", "{\"views\": [\"" + report.name() + "\"]}"))
                .getString("batchStatus"));
    }

    /** Events recorded of that kind about that report (once per change, whichever node saw it). */
    private static int events(String kind, String report) throws SQLException {
        try (Connection db = TestStack.database(); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT count(*) FROM app.alert_events WHERE kind = '" + kind
                     + "' AND reports = ARRAY['" + report + "']")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static JsonObject awaitDelivered(long webhook, String report, String type) throws Exception {
        return await(webhook, report, d -> "DELIVERED".equals(d.getString("outcome"))
                && d.getJsonObject("event").getString("kind").equals(type));
    }

    /** Polls the deliveries API until the webhook's delivery about the report satisfies {@code done}. */
    private static JsonObject await(long webhook, String report, java.util.function.Predicate<JsonObject> done)
            throws Exception {
        return Await.value("the delivery to webhook " + webhook + " about " + report, Duration.ofSeconds(60), () -> {
            JsonArray deliveries = ApiClient.json(API.get("alerts/deliveries?limit=200", "admin")).asJsonArray();
            return deliveries.stream().map(JsonValue::asJsonObject)
                    .filter(d -> d.getJsonNumber("webhookId").longValue() == webhook
                            && d.getJsonObject("event").getJsonArray("reports").getValuesAs(JsonValue::toString)
                            .contains("\"" + report + "\""))
                    .filter(done).findFirst().orElse(null);
        }, found -> found != null);
    }
}
