package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the application did to a fresh database when it started: every seed report populated once, upstream views
 * first, each with a complete refresh log row, by one refresh job with trigger STARTUP that the job list shows; and
 * the refresh log refuses to be changed, by anyone.
 */
class StartupRefreshIT {

    @Test
    void everySeedReportWasPopulatedOnceInDependencyOrder() throws Exception {
        List<String> order = new ArrayList<>();
        Set<Long> executions = new HashSet<>();
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            try (ResultSet rs = statement.executeQuery("""
                    SELECT view_schema, view_name, outcome, mode, trigger_kind, triggered_by, row_count,
                           job_execution_id,
                           node_name, definition_hash, started_at <= finished_at AS ordered, duration_ms
                    FROM app.refresh_log
                    WHERE trigger_kind = 'STARTUP'
                    ORDER BY id""")) {
                while (rs.next()) {
                    String view = rs.getString("view_name");
                    order.add(view);
                    executions.add(rs.getLong("job_execution_id"));
                    assertEquals("reports", rs.getString("view_schema"));
                    assertEquals("SUCCEEDED", rs.getString("outcome"), view);
                    // A view created WITH NO DATA can only be populated by a plain refresh.
                    assertEquals("PLAIN", rs.getString("mode"), view);
                    assertEquals("STARTUP", rs.getString("trigger_kind"), view);
                    assertEquals(null, rs.getString("triggered_by"), view);
                    assertEquals("it-node", rs.getString("node_name"), view);
                    assertTrue(rs.getString("definition_hash").matches("[0-9a-f]{64}"), view);
                    assertTrue(rs.getBoolean("ordered"), view);
                    assertTrue(rs.getLong("duration_ms") >= 0, view);
                    try (Statement count = db.createStatement();
                         ResultSet rows = count.executeQuery("SELECT count(*) FROM reports." + view)) {
                        rows.next();
                        assertEquals(rows.getLong(1), rs.getLong("row_count"), view);
                    }
                }
            }
        }
        assertEquals(8, order.size(), "one row per seed report: " + order);
        assertEquals(8, order.stream().distinct().count(), "each report exactly once: " + order);
        assertEquals(1, executions.size(), "one job: " + executions);
        JsonObject job = ApiClient.json(new ApiClient(TestStack.applicationUrl())
                .get("refresh-jobs/" + executions.iterator().next(), "admin")).asJsonObject();
        assertEquals("COMPLETED", job.getString("batchStatus"), job.toString());
        assertEquals("STARTUP", job.getJsonObject("request").getJsonObject("trigger").getString("kind"));
        assertBefore(order, "results_agg", "shipment_status");
        assertBefore(order, "daily_uploads", "weekly_uploads");
        assertBefore(order, "daily_uploads", "monthly_uploads");
        assertBefore(order, "weekly_uploads", "monthly_upload_peaks");
        assertBefore(order, "monthly_uploads", "monthly_upload_peaks");
    }

    /**
     * The refresh log takes no UPDATE, DELETE or TRUNCATE: the application's own role lacks the privileges (two
     * database roles), and the append-only triggers refuse them even to the records' owner.
     */
    @Test
    void refreshLogRefusesUpdateDeleteAndTruncate() throws SQLException {
        TestStack.DatabaseLogin login = TestStack.databaseLogin();
        try (Connection runtime = TestStack.database(); Statement asRuntime = runtime.createStatement();
             // The embedded database's owner role (README: its password is local-only, not a secret).
             Connection owner = DriverManager.getConnection(login.jdbcUrl(), "mvreports_owner",
                     "mvreports-owner-local");
             Statement asOwner = owner.createStatement()) {
            long before = count(asRuntime);
            for (String change : List.of(
                    "UPDATE app.refresh_log SET outcome = 'FAILED', error_message = 'x'",
                    "DELETE FROM app.refresh_log",
                    "TRUNCATE app.refresh_log")) {
                SQLException denied = assertThrows(SQLException.class, () -> asRuntime.execute(change), change);
                assertEquals("42501", denied.getSQLState(), change + ": " + denied.getMessage());
                assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
                SQLException refused = assertThrows(SQLException.class, () -> asOwner.execute(change), change);
                assertEquals("42501", refused.getSQLState(), change + ": " + refused.getMessage());
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
            assertEquals(before, count(asRuntime));
            try (ResultSet rs = asRuntime.executeQuery(
                    "SELECT count(*) FROM app.refresh_log WHERE trigger_kind = 'STARTUP' AND outcome <> 'SUCCEEDED'")) {
                rs.next();
                assertEquals(0, rs.getLong(1));
            }
        }
    }

    private static long count(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM app.refresh_log")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertBefore(List<String> order, String upstream, String downstream) {
        assertTrue(order.indexOf(upstream) < order.indexOf(downstream),
                upstream + " must be refreshed before " + downstream + ": " + order);
    }
}
