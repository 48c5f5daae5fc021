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
 * ({@code app.report_schedules}) and the global switch ({@code app.scheduler_settings}). Read by the scheduler and
 * by the schedule overview, on the caller's connection.
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
}
