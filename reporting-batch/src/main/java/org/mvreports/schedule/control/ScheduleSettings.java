package org.mvreports.schedule.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What refresh administrators changed about the schedule, as stored: interval overrides and disabled reports
 * ({@code app.report_schedules}) and the global switch ({@code app.scheduler_settings}); the one reader and writer of
 * those tables. Read by the scheduler, the catalog and the schedule overview, written by the schedule's operations, on
 * the caller's connection.
 *
 * @param intervals       admin's interval per view; views absent here use their SQL file's interval
 * @param disabled        views the scheduler leaves alone
 * @param schedulerEnabled the global switch
 */
public record ScheduleSettings(Map<String, Duration> intervals, Set<String> disabled, boolean schedulerEnabled) {

    public static ScheduleSettings read(Connection connection) throws SQLException {
        Map<String, Duration> intervals = new HashMap<>();
        Set<String> disabled = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT view_name, extract(epoch FROM refresh_interval)::bigint, enabled
                FROM app.report_schedules""");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long seconds = rs.getLong(2);
                if (!rs.wasNull()) {
                    intervals.put(rs.getString(1), Duration.ofSeconds(seconds));
                }
                if (!rs.getBoolean(3)) {
                    disabled.add(rs.getString(1));
                }
            }
        }
        boolean enabled;
        try (PreparedStatement query = connection.prepareStatement("SELECT enabled FROM app.scheduler_settings");
             ResultSet rs = query.executeQuery()) {
            enabled = rs.next() && rs.getBoolean(1);
        }
        return new ScheduleSettings(Map.copyOf(intervals), Set.copyOf(disabled), enabled);
    }

    /**
     * Waits for any other change of the schedule to commit, and holds them off until this transaction ends: so that
     * what a change reads of the schedule ("the interval is still the one the administrator saw", the "before" of the
     * admin-action record) stays true until it commits.
     */
    public static void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(7410259635211620866)")) { // "mvreports schedule changes"
            lock.execute();
        }
    }

    /** Sets a report's agreed interval; null goes back to its SQL file's. */
    public static void setInterval(Connection connection, String view, Duration interval, String by)
            throws SQLException {
        write(connection, """
                INSERT INTO app.report_schedules (view_name, refresh_interval, updated_by)
                VALUES (?, CAST(? AS interval), ?)
                ON CONFLICT (view_name) DO UPDATE
                SET refresh_interval = excluded.refresh_interval, updated_by = excluded.updated_by,
                    updated_at = now()""", view, interval == null ? null : interval.toSeconds() + " seconds", by);
    }

    /** Schedules a report, or stops scheduling it. */
    public static void setEnabled(Connection connection, String view, boolean enabled, String by)
            throws SQLException {
        write(connection, """
                INSERT INTO app.report_schedules (view_name, enabled, updated_by)
                VALUES (?, CAST(? AS boolean), ?)
                ON CONFLICT (view_name) DO UPDATE
                SET enabled = excluded.enabled, updated_by = excluded.updated_by, updated_at = now()""",
                view, String.valueOf(enabled), by);
    }

    /** Turns scheduling on or off for all reports on all nodes. */
    public static void setSchedulerEnabled(Connection connection, boolean enabled, String by) throws SQLException {
        write(connection, "UPDATE app.scheduler_settings SET enabled = CAST(? AS boolean), updated_by = ?,"
                + " updated_at = now()", String.valueOf(enabled), by);
    }

    private static void write(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
