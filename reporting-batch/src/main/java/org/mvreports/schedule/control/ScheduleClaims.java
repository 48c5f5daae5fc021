package org.mvreports.schedule.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code app.schedule_claims}, its one reader and writer: each time the scheduler starts a refresh of a due report,
 * it claims the report first, under the scheduler's advisory lock, so that nodes ticking at once start it once; the
 * latest claim is also when the schedule last started it (the interval counts from there too).
 */
public final class ScheduleClaims {

    private ScheduleClaims() {
    }

    /** Claims {@code view} for this tick on {@code node}; the claim's id. */
    static long claim(Connection connection, String view, String node) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement(
                "INSERT INTO app.schedule_claims (view_name, node_name) VALUES (?, ?) RETURNING id")) {
            claim.setString(1, view);
            claim.setString(2, node);
            try (ResultSet rs = claim.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Records the execution the claims started. */
    static void started(Connection connection, List<Long> claims, long executionId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE app.schedule_claims SET execution_id = ? WHERE id = ANY (?)")) {
            update.setLong(1, executionId);
            update.setArray(2, connection.createArrayOf("bigint", claims.toArray()));
            update.executeUpdate();
        }
    }

    /** Gives claims back: nothing started, so their reports are due again at the next tick, not an interval later. */
    static void release(Connection connection, List<Long> claims) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM app.schedule_claims WHERE id = ANY (?)")) {
            delete.setArray(1, connection.createArrayOf("bigint", claims.toArray()));
            delete.executeUpdate();
        }
    }

    /** The newest claim per view: one index probe each, however many claims the table has collected. */
    static Map<String, Instant> latest(Connection connection, Collection<String> views) throws SQLException {
        Map<String, Instant> instants = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT v.view_name,
                       (SELECT c.claimed_at
                        FROM app.schedule_claims c
                        WHERE c.view_name = v.view_name
                        ORDER BY c.claimed_at DESC
                        LIMIT 1)
                FROM unnest(?::text[]) AS v(view_name)""")) {
            query.setArray(1, connection.createArrayOf("text", views.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(2);
                    if (at != null) {
                        instants.put(rs.getString(1), at.toInstant());
                    }
                }
            }
        }
        return instants;
    }
}
