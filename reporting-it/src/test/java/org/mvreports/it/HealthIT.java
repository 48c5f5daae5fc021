package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The application's health checks at the server's {@code /health}, asked as a load balancer asks: anonymously. Ready
 * on a working stack; a report whose refresh failed is named (by name only) and readiness stays UP; the database
 * stopped under the running server makes readiness DOWN, and started again makes it UP, with no restart of the
 * application; liveness stays UP throughout. (Which reports count as stale is the catalog badge's rule, unit-tested
 * with the check's answer in {@code ProbeResultTest}: seeing one go stale here would take the two minutes of the
 * shortest interval plus the scheduler's tick.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthIT {

    private static final Set<String> READINESS = Set.of("mv-reports.database", "mv-reports.migrations",
            "mv-reports.batch", "mv-reports.reports");

    private static final ApiClient API = new ApiClient(TestStack.applicationUrl());
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static FailingReport failing;

    @BeforeAll
    static void aReportWhoseLatestRefreshFailed() throws Exception {
        failing = FailingReport.create("it_health_failing");
        assertEquals("COMPLETED", API.awaitEnd(API.startJob("admin", "{\"views\": [\"it_health_failing\"]}"))
                .getString("batchStatus"));
        failing.breakIt();
        assertEquals("FAILED", API.awaitEnd(API.startJob("admin", "{\"views\": [\"it_health_failing\"]}"))
                .getString("batchStatus"));
    }

    @AfterAll
    static void dropTestObjects() throws SQLException {
        failing.drop();
    }

    @Test
    @Order(1)
    void readinessNamesTheReportWhoseRefreshFailedByNameOnlyAndStaysUp() throws Exception {
        HttpResponse<String> ready = health("ready");
        assertEquals(200, ready.statusCode(), ready.body());
        Map<String, JsonObject> checks = checks(ready);
        assertTrue(checks.keySet().containsAll(READINESS), "readiness checks: " + checks.keySet());
        READINESS.forEach(name -> assertEquals("UP", checks.get(name).getString("status"), name));
        JsonObject reports = checks.get("mv-reports.reports").getJsonObject("data");
        assertEquals(Set.of("stale", "failed"), reports.keySet(), "names, nothing else: " + reports);
        assertTrue(names(reports.getString("failed")).contains("it_health_failing"), reports.toString());
        assertFalse(ready.body().contains("division by zero"), "no database message: " + ready.body());
        assertFalse(ready.body().contains("22012"), "no SQLSTATE: " + ready.body());
    }

    @Test
    @Order(2)
    void theDatabaseStoppedUnderTheRunningServerMakesReadinessDownAndStartedAgainUp() throws Exception {
        TestStack.StoppedDatabase stopped = TestStack.stopDatabase();
        try {
            HttpResponse<String> down = Await.value("readiness to go DOWN", Duration.ofSeconds(30),
                    () -> health("ready"), response -> response.statusCode() == 503);
            Map<String, JsonObject> checks = checks(down);
            assertEquals("DOWN", json(down).getString("status"));
            assertEquals("DOWN", checks.get("mv-reports.database").getString("status"), down.body());
            assertFalse(down.body().contains("Connection") || down.body().contains("localhost"),
                    "no driver message or host: " + down.body());
            HttpResponse<String> live = health("live");
            assertEquals(200, live.statusCode(), "a database outage is no reason to restart: " + live.body());
        } finally {
            stopped.start();
        }
        HttpResponse<String> up = Await.value("readiness to come back UP", Duration.ofSeconds(60),
                () -> health("ready"), response -> response.statusCode() == 200);
        checks(up).forEach((name, check) -> {
            if (READINESS.contains(name)) {
                assertEquals("UP", check.getString("status"), name + " after the database is back: " + up.body());
            }
        });
    }

    @Test
    @Order(3)
    void livenessAnswersAnonymously() throws Exception {
        HttpResponse<String> live = health("live");
        assertEquals(200, live.statusCode(), live.body());
        assertEquals("UP", checks(live).get("mv-reports.threads").getString("status"), live.body());
        // MicroProfile Health's data values are written as JSON strings by Payara, numbers by others.
        assertEquals("0", checks(live).get("mv-reports.threads").getJsonObject("data").get("deadlocked").toString()
                .replace("\"", ""));
    }

    private static HttpResponse<String> health(String which) throws Exception {
        URI server = URI.create(TestStack.applicationUrl()).resolve("/health/" + which);
        return HTTP.send(HttpRequest.newBuilder(server).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** The checks of an answer by name (every deployed application's; ours are named mv-reports.*). */
    private static Map<String, JsonObject> checks(HttpResponse<String> response) {
        return json(response).getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(check -> check.getString("name"), check -> check));
    }

    private static List<String> names(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
