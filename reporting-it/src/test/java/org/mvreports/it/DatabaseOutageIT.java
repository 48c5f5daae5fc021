package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away while a job refreshes a slow view: restarted by an administrator (a real fast stop and
 * start of the test stack's PostgreSQL), or the refresh's session terminated ({@code pg_terminate_backend}). The job
 * must end FAILED soon after the database is back, with PostgreSQL's reason in its status and per view; the failure's
 * refresh log row must be written (once the database is back); the view keeps its previous contents; and the
 * application works on as before.
 */
class DatabaseOutageIT {

    /** From the database being back to the job's end: its failure row and progress are written within seconds. */
    private static final Duration SOON = Duration.ofSeconds(30);

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @BeforeEach
    void slowViewWithADependent() throws Exception {
        dropTestObjects();
        sql("""
                CREATE SCHEMA it_outage;
                CREATE TABLE it_outage.pause (seconds float NOT NULL);
                INSERT INTO it_outage.pause VALUES (0);
                CREATE MATERIALIZED VIEW reports.it_outage_slow AS
                    SELECT g AS id FROM generate_series(1, 2) g,
                         LATERAL (SELECT pg_sleep((SELECT seconds FROM it_outage.pause))) pause
                    WITH NO DATA;
                CREATE UNIQUE INDEX it_outage_slow_id ON reports.it_outage_slow (id);
                CREATE MATERIALIZED VIEW reports.it_outage_after AS SELECT id FROM reports.it_outage_slow
                    WITH NO DATA;
                CREATE UNIQUE INDEX it_outage_after_id ON reports.it_outage_after (id)""");
        // Populated once, quickly: the interrupted refresh must leave these rows in place.
        long populated = api.startJob("admin", "{\"views\": [\"it_outage_slow\"]}");
        assertEquals("COMPLETED", api.awaitEnd(populated).getString("batchStatus"));
        sql("UPDATE it_outage.pause SET seconds = 15");
    }

    @AfterEach
    void dropTestObjects() throws SQLException {
        sql("DROP MATERIALIZED VIEW IF EXISTS reports.it_outage_after, reports.it_outage_slow;"
                + " DROP SCHEMA IF EXISTS it_outage CASCADE");
    }

    @Test
    void aDatabaseRestartDuringAJobFailsItWithTheRealCauseSoonAfterTheDatabaseIsBack() throws Exception {
        long execution = startSlowJob();
        TestStack.restartDatabase(Duration.ofSeconds(5));
        Instant back = Instant.now();

        JsonObject status = api.awaitEnd(execution);
        assertTrue(Instant.now().isBefore(back.plus(SOON)), "ended " + Duration.between(back, Instant.now())
                + " after the database was back");
        assertFailedBecauseTheConnectionWasLost(execution, status);
        assertEquals("COMPLETED", api.awaitEnd(api.startJob("admin", "{\"views\": [\"it_outage_after\"]}"))
                .getString("batchStatus"), "the application works on as before");
    }

    @Test
    void aTerminatedRefreshSessionFailsTheJobAtOnceWithTheRealCause() throws Exception {
        long execution = startSlowJob();
        try (Connection db = TestStack.database(); Statement statement = db.createStatement();
             ResultSet terminated = statement.executeQuery("""
                     SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE state = 'active' AND query LIKE 'REFRESH MATERIALIZED VIEW%it_outage_slow%'""")) {
            // Only the session refreshing now: an idle one that once ran the refresh is not the job's to lose.
            assertTrue(terminated.next() && terminated.getBoolean(1), "the refresh's session was terminated");
            assertFalse(terminated.next(), "one session was refreshing it");
        }
        Instant terminatedAt = Instant.now();
        JsonObject status = api.awaitEnd(execution);
        assertTrue(Instant.now().isBefore(terminatedAt.plus(SOON)));
        assertFailedBecauseTheConnectionWasLost(execution, status);
    }

    private long startSlowJob() throws Exception {
        long execution = api.startJob("admin", "{\"views\": [\"it_outage_slow\"], \"force\": true}");
        api.awaitViews(execution, "it_outage_slow running", views -> "RUNNING".equals(views.get("it_outage_slow")));
        // RUNNING is written as the view is handed to its thread: wait for PostgreSQL to be refreshing it.
        Await.until("the refresh to reach PostgreSQL", Duration.ofSeconds(30), DatabaseOutageIT::refreshRunning);
        return execution;
    }

    private void assertFailedBecauseTheConnectionWasLost(long execution, JsonObject status) throws Exception {
        assertEquals("FAILED", status.getString("batchStatus"), status.toString());
        Map<String, JsonObject> views = status.getJsonArray("views").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(v -> v.getString("view"), v -> v));
        JsonObject slow = views.get("it_outage_slow");
        assertEquals("FAILED", slow.getString("state"), slow.toString());
        String sqlState = slow.getString("sqlState");
        assertTrue(sqlState.startsWith("08") || sqlState.startsWith("57P"), "a lost connection: " + slow);
        assertTrue(status.getString("exitStatus").contains("it_outage_slow (" + sqlState + ": "),
                status.getString("exitStatus"));
        assertEquals("SKIPPED", views.get("it_outage_after").getString("state"));

        List<String> log = new ArrayList<>();
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            try (ResultSet rs = statement.executeQuery("""
                    SELECT view_name, outcome, sql_state, error_message IS NOT NULL FROM app.refresh_log
                    WHERE job_execution_id = %d ORDER BY id""".formatted(execution))) {
                while (rs.next()) {
                    log.add(rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getString(3) + ":" + rs.getBoolean(4));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM reports.it_outage_slow")) {
                rs.next();
                assertEquals(2, rs.getLong(1), "the view keeps its previous contents");
            }
        }
        assertEquals(List.of("it_outage_slow:FAILED:" + sqlState + ":true",
                "it_outage_after:SKIPPED_UPSTREAM_FAILED:null:false"), log, "the failure rows were written");
    }

    private static boolean refreshRunning() throws SQLException {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT count(*) FROM pg_stat_activity
                     WHERE state = 'active' AND query LIKE 'REFRESH MATERIALIZED VIEW%it_outage_slow%'""")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static void sql(String statements) throws SQLException {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute(statements);
        }
    }
}
