package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The REST API over HTTP against the real EAR: HTTP Basic, roles, the job endpoints and every error answer. */
class RestApiIT {

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @Test
    void adminStartsAJobFollowsItToCompletionAndSeesPerViewProgress() throws Exception {
        HttpResponse<String> started = api.post("refresh-jobs", "admin",
                "{\"views\":[\"daily_uploads\"],\"includeDependents\":true,\"force\":true}");
        assertEquals(202, started.statusCode(), started.body());
        long id = ApiClient.json(started).asJsonObject().getJsonNumber("executionId").longValue();
        assertTrue(started.headers().firstValue("Location").orElse("").endsWith("/reporting/api/refresh-jobs/" + id));

        JsonObject status = api.awaitEnd(id);
        assertEquals("COMPLETED", status.getString("batchStatus"), status.toString());
        JsonArray views = status.getJsonArray("views");
        assertEquals(List.of("daily_uploads", "monthly_uploads", "weekly_uploads", "monthly_upload_peaks"),
                views.stream().map(v -> v.asJsonObject().getString("view")).toList());
        views.forEach(v -> {
            assertEquals("DONE", v.asJsonObject().getString("state"));
            assertEquals("SUCCEEDED", v.asJsonObject().getString("outcome"));
        });
        JsonObject request = status.getJsonObject("request");
        assertTrue(request.getBoolean("force"));
        assertTrue(request.getBoolean("includeDependents"), "the default");
        assertEquals("API", request.getJsonObject("trigger").getString("kind"), "started over REST");
        assertEquals("admin", request.getJsonObject("trigger").getString("name"), "by the caller");
        assertEquals(4L, countLogRows("trigger_kind = 'API' AND triggered_by = 'admin' AND job_execution_id = " + id),
                "the refresh log names the API and the caller");
    }

    @Test
    void errorsAreClearJsonWithTheRightStatus() throws Exception {
        HttpResponse<String> unknown = api.post("refresh-jobs", "admin",
                "{\"views\":[\"daily_uploads\",\"nope\",\"x\"]}");
        assertEquals(400, unknown.statusCode());
        assertEquals(List.of("nope", "x"), ApiClient.json(unknown).asJsonObject().getJsonArray("details").stream()
                .map(v -> ((jakarta.json.JsonString) v).getString()).toList());

        HttpResponse<String> notJson = api.post("refresh-jobs", "admin", "{views: oops");
        assertEquals(400, notJson.statusCode(), notJson.body());
        assertFalse(notJson.body().contains("Exception"), notJson.body());

        assertEquals(404, api.get("refresh-jobs/987654321", "admin").statusCode());
        assertEquals(400, api.get("refresh-jobs/not-a-number", "admin").statusCode(), "not an id: the request is"
                + " wrong (StrictRequestsIT)");
        assertEquals(403, api.post("refresh-jobs", "viewer", "{}").statusCode(), "a viewer cannot start a job");
        assertEquals(403, api.get("refresh-jobs/1", "viewer").statusCode());

        HttpResponse<String> anonymous = api.get("reports", null, null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        HttpResponse<String> wrongPassword = api.get("reports", "viewer", "wrong");
        assertEquals(401, wrongPassword.statusCode());
    }

    /**
     * A failure no boundary declares is the server's fault, not the caller's: 500, with an incident id that the server
     * log's line carries too, and nothing of the inside (here PostgreSQL refuses to read a report: permission denied).
     */
    @Test
    void anUnexpectedFailureIsA500WithAnIncidentIdAndNothingOfTheInside() throws Exception {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute("DROP MATERIALIZED VIEW IF EXISTS reports.it_unreadable");
            statement.execute("CREATE MATERIALIZED VIEW reports.it_unreadable AS SELECT 1 AS id");
            statement.execute("REVOKE SELECT ON reports.it_unreadable FROM CURRENT_USER");
            try {
                HttpResponse<String> failed = api.get("reports/it_unreadable/rows", "viewer");
                assertEquals(500, failed.statusCode(), failed.body());
                JsonObject body = ApiClient.json(failed).asJsonObject();
                String incident = body.getString("incident");
                assertTrue(incident.matches("[0-9a-f]{8}"), incident);
                assertTrue(body.getString("error").contains(incident), body.getString("error"));
                for (String inside : List.of("permission", "SQL", "Exception", "it_unreadable", "postgres")) {
                    assertFalse(failed.body().contains(inside), "the answer tells nothing of the inside: "
                            + failed.body());
                }
                Path log = TestStack.home().resolve("server/payara6/glassfish/domains/domain1/logs/server.log");
                Await.until("the incident in the server log", Duration.ofSeconds(10), () -> Files.readString(log)
                        .contains("incident " + incident + ": unexpected failure answering GET"));
            } finally {
                statement.execute("DROP MATERIALIZED VIEW reports.it_unreadable");
            }
        }
        Path log = TestStack.home().resolve("server/payara6/glassfish/domains/domain1/logs/server.log");
        int systemExceptions = occurrences(Files.readString(log), "A system exception occurred");
        assertEquals(400, api.get("refresh-jobs?page=-1", "admin").statusCode(), "a declared bad request");
        assertEquals(404, api.put("schedules/nope", "admin", "{\"enabled\":false}").statusCode(),
                "a report named in the address");
        assertEquals(404, api.get("refresh-jobs/987654321", "admin").statusCode());
        assertEquals(systemExceptions, occurrences(Files.readString(log), "A system exception occurred"),
                "a refusal of the batch module's EJBs is an application exception there too, not a system failure");
    }

    /**
     * What refresh administrators do through the API is recorded for auditors, in an append-only table: each schedule
     * change with the value before and after, each job started, stopped, restarted and abandoned; a refused request
     * records nothing.
     */
    @Test
    void whatAdministratorsDoIsRecordedForAuditors() throws Exception {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            long before = number(statement, "SELECT coalesce(max(id), 0) FROM app.admin_actions");
            statement.execute("CREATE MATERIALIZED VIEW reports.it_actions_slow AS SELECT g AS id"
                    + " FROM generate_series(1, 4) g, LATERAL (SELECT pg_sleep(0.5)) pause WITH NO DATA");
            statement.execute("CREATE MATERIALIZED VIEW reports.it_actions_failing AS SELECT 1 / 0 AS id WITH NO DATA");
            try {
                api.put("schedules/monthly_signups", "admin", "{\"refreshInterval\":\"PT2H\"}");
                api.put("schedules/monthly_signups", "admin", "{\"refreshInterval\":\"\",\"enabled\":false}");
                api.put("schedules/monthly_signups", "admin", "{\"enabled\":true}");
                api.put("schedules", "admin", "{\"enabled\":false}");
                api.put("schedules", "admin", "{\"enabled\":true}");
                assertEquals(400, api.put("schedules/monthly_signups", "admin", "{\"refreshInterval\":\"PT0S\"}")
                        .statusCode(), "refused: not recorded");

                long slow = api.startJob("admin", "{\"views\":[\"it_actions_slow\"],\"includeDependents\":false}");
                awaitState(slow, "it_actions_slow", "RUNNING");
                assertEquals(202, api.post("refresh-jobs/" + slow + "/stop", "admin", "").statusCode());
                assertEquals("STOPPED", api.awaitEnd(slow).getString("batchStatus"));
                long restart = ApiClient.json(api.post("refresh-jobs/" + slow + "/restart", "admin", ""))
                        .asJsonObject().getJsonNumber("executionId").longValue();
                api.awaitEnd(restart);
                long failing = api.startJob("admin", "{\"views\":[\"it_actions_failing\"],\"force\":true}");
                assertEquals("FAILED", api.awaitEnd(failing).getString("batchStatus"));
                assertEquals(200, api.post("refresh-jobs/" + failing + "/abandon", "admin", "").statusCode());
                assertEquals(409, api.post("refresh-jobs/" + failing + "/abandon", "admin", "").statusCode(),
                        "refused: not recorded");

                List<String> recorded = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("""
                        SELECT acted_by, action, view_name, execution_id, old_value, new_value, node_name
                        FROM app.admin_actions WHERE id > %d ORDER BY id""".formatted(before))) {
                    while (rs.next()) {
                        recorded.add(String.join(" | ", rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                    }
                }
                assertEquals(List.of(
                        "admin | SET_INTERVAL | monthly_signups | null | PT1H | PT2H | it-node",
                        "admin | SET_INTERVAL | monthly_signups | null | PT2H | PT1H (the report file's) | it-node",
                        "admin | SET_SCHEDULE | monthly_signups | null | on | off | it-node",
                        "admin | SET_SCHEDULE | monthly_signups | null | off | on | it-node",
                        "admin | SET_SCHEDULER | null | null | on | off | it-node",
                        "admin | SET_SCHEDULER | null | null | off | on | it-node",
                        "admin | START_JOB | null | " + slow + " | null | views: it_actions_slow; dependents: no;"
                                + " force: no | it-node",
                        "admin | STOP_JOB | null | " + slow + " | null | null | it-node",
                        "admin | RESTART_JOB | null | " + slow + " | null | restarted as execution " + restart
                                + " | it-node",
                        "admin | START_JOB | null | " + failing + " | null | views: it_actions_failing;"
                                + " dependents: yes; force: yes | it-node",
                        "admin | ABANDON_JOB | null | " + failing + " | null | null | it-node"), recorded);
                for (String change : List.of("UPDATE app.admin_actions SET acted_by = 'someone else'",
                        "DELETE FROM app.admin_actions", "TRUNCATE app.admin_actions")) {
                    SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                            () -> statement.execute(change), change);
                    assertEquals("42501", refused.getSQLState(), change + ": append-only");
                }
            } finally {
                api.put("schedules/monthly_signups", "admin", "{\"refreshInterval\":\"\",\"enabled\":true}");
                api.put("schedules", "admin", "{\"enabled\":true}");
                statement.execute("DROP MATERIALIZED VIEW IF EXISTS reports.it_actions_slow");
                statement.execute("DROP MATERIALIZED VIEW IF EXISTS reports.it_actions_failing");
            }
        }
    }

    private static long number(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void executionsAreListedNewestFirstAndARunningOneCanBeStopped() throws Exception {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute("CREATE MATERIALIZED VIEW reports.it_api_stop_a AS SELECT g AS id"
                    + " FROM generate_series(1, 4) g, LATERAL (SELECT pg_sleep(0.5)) pause WITH NO DATA");
            statement.execute("CREATE MATERIALIZED VIEW reports.it_api_stop_b AS SELECT id FROM reports.it_api_stop_a"
                    + " WITH NO DATA");
            try {
                long id = ApiClient.json(api.post("refresh-jobs", "admin", "{\"views\":[\"it_api_stop_a\"]}"))
                        .asJsonObject()
                        .getJsonNumber("executionId").longValue();
                awaitState(id, "it_api_stop_a", "RUNNING");
                assertEquals(202, api.post("refresh-jobs/" + id + "/stop", "admin", "").statusCode());
                JsonObject stopped = api.awaitEnd(id);
                assertEquals("STOPPED", stopped.getString("batchStatus"));
                assertEquals(List.of("it_api_stop_a:DONE", "it_api_stop_b:PENDING"), stopped.getJsonArray("views")
                        .stream().map(v -> v.asJsonObject().getString("view") + ":"
                                + v.asJsonObject().getString("state")).toList(),
                        "the running view finished, the next one never started");

                JsonArray newest = ApiClient.json(api.get("refresh-jobs?page=0&size=2", "admin")).asJsonArray();
                assertEquals(id, newest.getJsonObject(0).getJsonNumber("executionId").longValue());
                assertTrue(newest.size() <= 2);
                assertEquals(400, api.get("refresh-jobs?size=1000", "admin").statusCode());
            } finally {
                statement.execute("DROP MATERIALIZED VIEW reports.it_api_stop_b, reports.it_api_stop_a");
            }
        }
    }

    @Test
    void adminChangesAReportsScheduleAndTheGlobalSwitch() throws Exception {
        try {
            JsonObject changed = ApiClient.json(api.put("schedules/monthly_signups", "admin",
                    "{\"refreshInterval\":\"PT2H\",\"enabled\":false}")).asJsonObject();
            JsonObject signups = schedule(changed, "monthly_signups");
            assertEquals("PT2H", signups.getString("refreshInterval"));
            assertEquals("PT1H", signups.getString("fileInterval"), "the report file's interval stays visible");
            assertFalse(signups.getBoolean("enabled"));

            JsonObject back = ApiClient.json(api.put("schedules/monthly_signups", "admin",
                    "{\"refreshInterval\":\"\",\"enabled\":true}")).asJsonObject();
            assertEquals("PT1H", schedule(back, "monthly_signups").getString("refreshInterval"));
            assertTrue(schedule(back, "monthly_signups").getBoolean("enabled"));

            assertFalse(ApiClient.json(api.put("schedules", "admin", "{\"enabled\":false}")).asJsonObject()
                    .getBoolean("schedulerEnabled"));
            assertTrue(ApiClient.json(api.put("schedules", "admin", "{\"enabled\":true}")).asJsonObject()
                    .getBoolean("schedulerEnabled"));

            assertEquals(404, api.put("schedules/nope", "admin", "{\"enabled\":true}").statusCode());
            // One reader of intervals for the API, the console and report files: "2 hours" is PT2H here too.
            assertEquals("PT2H", schedule(ApiClient.json(api.put("schedules/monthly_signups", "admin",
                    "{\"refreshInterval\":\"2 hours\"}")).asJsonObject(), "monthly_signups")
                    .getString("refreshInterval"));
            assertEquals(400, api.put("schedules/monthly_signups", "admin", "{\"refreshInterval\":\"2 fortnights\"}")
                    .statusCode());
            for (String outOfRange : List.of("PT0S", "PT0.5S", "PT59S", "P400D", "PT99999999999H")) {
                assertEquals(400, api.put("schedules/monthly_signups", "admin",
                        "{\"refreshInterval\":\"" + outOfRange + "\"}").statusCode(), outOfRange);
            }
            assertEquals(403, api.put("schedules", "viewer", "{\"enabled\":false}").statusCode());
            assertEquals(403, api.get("schedules", "auditor").statusCode());
        } finally {
            api.put("schedules/monthly_signups", "admin", "{\"refreshInterval\":\"\",\"enabled\":true}");
            api.put("schedules", "admin", "{\"enabled\":true}");
        }
    }

    private static JsonObject schedule(JsonObject overview, String view) {
        return overview.getJsonArray("reports").stream().map(JsonValue::asJsonObject)
                .filter(r -> r.getString("view").equals(view)).findFirst().orElseThrow();
    }

    @Test
    void restartingARunningExecutionIsAConflict() throws Exception {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute("CREATE MATERIALIZED VIEW reports.it_api_slow AS SELECT g AS id"
                    + " FROM generate_series(1, 4) g, LATERAL (SELECT pg_sleep(0.5)) pause WITH NO DATA");
            try {
                HttpResponse<String> started = api.post("refresh-jobs", "admin", "{\"views\":[\"it_api_slow\"]}");
                long id = ApiClient.json(started).asJsonObject().getJsonNumber("executionId").longValue();
                HttpResponse<String> restart = api.post("refresh-jobs/" + id + "/restart", "admin", "");
                assertEquals(409, restart.statusCode(), restart.body());
                assertEquals("COMPLETED", api.awaitEnd(id).getString("batchStatus"));
                assertEquals(409, api.post("refresh-jobs/" + id + "/restart", "admin", "").statusCode(),
                        "a completed execution cannot be restarted either");
            } finally {
                statement.execute("DROP MATERIALIZED VIEW reports.it_api_slow");
            }
        }
    }

    @Test
    void oneJobRefreshesTheDemoChainAndDiamondInDependencyOrderWithIndependentViewsAtOnce() throws Exception {
        long id;
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            // Holding monthly_signups' source table keeps its refresh waiting, so one of the job's two slots stays
            // busy for as long as the test wants: the other slot must do every other view meanwhile.
            db.setAutoCommit(false);
            statement.execute("LOCK TABLE demo.users IN ACCESS EXCLUSIVE MODE");
            try {
                // Every seed report but user_directory, which reads demo.users too and would take the other slot.
                HttpResponse<String> started = api.post("refresh-jobs", "admin", """
                        {"views": ["monthly_signups", "results_agg", "daily_uploads"], "force": true}""");
                assertEquals(202, started.statusCode(), started.body());
                id = ApiClient.json(started).asJsonObject().getJsonNumber("executionId").longValue();
                api.awaitViews(id, "monthly_signups RUNNING, every other view DONE", states ->
                        "RUNNING".equals(states.remove("monthly_signups"))
                        && states.values().stream().allMatch("DONE"::equals));
                assertEquals(200, api.get("reports", "viewer").statusCode(),
                        "the catalog does not wait for locks on what the reports read");
            } finally {
                db.commit();
            }
        }
        assertEquals("COMPLETED", api.awaitEnd(id).getString("batchStatus"));

        Map<String, Instant[]> runs = new HashMap<>();
        try (Connection db = TestStack.database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT view_name, outcome, started_at, finished_at FROM app.refresh_log
                     WHERE job_execution_id = %d""".formatted(id))) {
            while (rs.next()) {
                assertEquals("SUCCEEDED", rs.getString("outcome"), rs.getString("view_name"));
                Instant[] previous = runs.put(rs.getString("view_name"), new Instant[] {
                        rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("finished_at").toInstant()});
                assertEquals(null, previous, "each view once");
            }
        }
        assertEquals(Set.of("monthly_signups", "results_agg", "shipment_status", "daily_uploads", "weekly_uploads",
                "monthly_uploads", "monthly_upload_peaks"), runs.keySet());
        for (String[] edge : new String[][] {{"results_agg", "shipment_status"}, {"daily_uploads", "weekly_uploads"},
                {"daily_uploads", "monthly_uploads"}, {"weekly_uploads", "monthly_upload_peaks"},
                {"monthly_uploads", "monthly_upload_peaks"}}) {
            assertFalse(runs.get(edge[0])[1].isAfter(runs.get(edge[1])[0]), edge[0] + " ends before " + edge[1]);
        }
        Instant othersEnd = runs.entrySet().stream().filter(e -> !e.getKey().equals("monthly_signups"))
                .map(e -> e.getValue()[1]).max(Instant::compareTo).orElseThrow();
        assertTrue(runs.get("monthly_signups")[0].isBefore(othersEnd)
                && runs.get("monthly_signups")[1].isAfter(othersEnd), "monthly_signups ran beside the others");
        for (Instant[] run : runs.values()) {
            long atOnce = runs.values().stream()
                    .filter(other -> !other[0].isAfter(run[0]) && other[1].isAfter(run[0])).count();
            assertTrue(atOnce <= 2, "never more than two views at once (REPORTING_REFRESH_PARALLELISM)");
        }
    }

    @Test
    void viewerReadsTheCatalogWithFreshness() throws Exception {
        HttpResponse<String> response = api.get("reports", "viewer");
        assertEquals(200, response.statusCode());
        JsonArray reports = ApiClient.json(response).asJsonArray();
        JsonObject signups = reports.stream().map(r -> r.asJsonObject())
                .filter(r -> r.getString("name").equals("monthly_signups")).findFirst().orElseThrow();
        assertEquals("Signups per month", signups.getString("title"));
        assertEquals("PT1H", signups.getString("refreshInterval"));
        assertFalse(signups.getBoolean("blocksReaders"));
        assertTrue(Instant.parse(signups.getString("lastRefreshedAt")).isBefore(Instant.now()));
        assertFalse(Instant.parse(signups.getString("dataAsOf")).isAfter(Instant.parse(
                signups.getString("lastRefreshedAt"))), "data as of the refresh's start, not its end");
        assertEquals("FRESH", signups.getString("state"));
        assertTrue(signups.getBoolean("available"));
        assertTrue(reports.stream().map(r -> r.asJsonObject().getString("name")).toList()
                .containsAll(Set.of("daily_uploads", "results_agg", "shipment_status")));
        assertEquals(200, api.get("reports", "auditor").statusCode(), "report names are for every role");
        assertEquals(List.of(), response.headers().allValues("Set-Cookie"),
                "an API client signing in with Basic on every request is given no session to pile up");
    }

    private static long countLogRows(String where) throws SQLException {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM app.refresh_log WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitState(long id, String view, String state) throws Exception {
        api.awaitViews(id, view + " " + state, states -> state.equals(states.get(view)));
    }
}
