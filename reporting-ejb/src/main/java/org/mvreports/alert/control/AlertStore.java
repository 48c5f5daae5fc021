package org.mvreports.alert.control;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mvreports.alert.entity.AlertEvent;
import org.mvreports.alert.entity.AlertKind;
import org.mvreports.alert.entity.Delivery;
import org.mvreports.alert.entity.Webhook;

/**
 * The alert tables' one reader and writer (V24__alerts.sql), on the caller's connection and transaction.
 */
public final class AlertStore {

    private AlertStore() {
    }

    /** A delivery a node has claimed: what to send where, and which attempt this is. */
    public record Claim(long deliveryId, int attempt, AlertEvent event, String url, String secret) {
    }

    // Webhooks

    public static long addWebhook(Connection connection, String url, String secret, Set<AlertKind> events,
                                  String createdBy) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO app.alert_webhooks (url, secret, events, created_by) VALUES (?, ?, ?, ?)
                RETURNING id""")) {
            insert.setString(1, url);
            insert.setString(2, secret);
            insert.setArray(3, connection.createArrayOf("text", events.stream().map(Enum::name).sorted().toArray()));
            insert.setString(4, createdBy);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** @return whether there was such a webhook (its deliveries go with it) */
    /** Removes a webhook; what it was, or null when there is none of that id. */
    public static Webhook removeWebhook(Connection connection, long id) throws SQLException {
        Webhook removed = webhooks(connection).stream().filter(w -> w.id() == id).findFirst().orElse(null);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM app.alert_webhooks WHERE id = ?")) {
            delete.setLong(1, id);
            return delete.executeUpdate() == 1 ? removed : null;
        }
    }

    public static List<Webhook> webhooks(Connection connection) throws SQLException {
        List<Webhook> webhooks = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT id, url, secret IS NOT NULL, events, created_by, created_at
                FROM app.alert_webhooks ORDER BY id""");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                webhooks.add(new Webhook(rs.getLong(1), rs.getString(2), rs.getBoolean(3), kinds(rs.getArray(4)),
                        rs.getString(5), rs.getTimestamp(6).toInstant()));
            }
        }
        return webhooks;
    }

    // Conditions

    /** The advisory lock that orders every change of the conditions across nodes (held to the transaction's end). */
    private static final long CONDITIONS_LOCK = 5862313307542876511L;

    /** Waits for the conditions' lock, held until the caller's transaction ends. */
    public static void lockConditions(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, CONDITIONS_LOCK);
            lock.execute();
        }
    }

    /** Marks a report as in {@code condition}; true when it was not (this call made the change). */
    public static boolean enter(Connection connection, String view, String condition) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO app.alert_conditions (view_name, condition) VALUES (?, ?)
                ON CONFLICT DO NOTHING""")) {
            insert.setString(1, view);
            insert.setString(2, condition);
            return insert.executeUpdate() == 1;
        }
    }

    /** Marks a report as out of {@code condition}; true when it was in it (this call made the change). */
    public static boolean leave(Connection connection, String view, String condition) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM app.alert_conditions WHERE view_name = ? AND condition = ?")) {
            delete.setString(1, view);
            delete.setString(2, condition);
            return delete.executeUpdate() == 1;
        }
    }

    /** The reports in {@code condition}, with since when. */
    public static Map<String, Instant> inCondition(Connection connection, String condition) throws SQLException {
        Map<String, Instant> reports = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT view_name, since FROM app.alert_conditions WHERE condition = ? ORDER BY view_name")) {
            query.setString(1, condition);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    reports.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        return reports;
    }

    // Events

    /**
     * Records an event and a pending delivery of it to every webhook that wants its kind.
     *
     * @return its id; empty when it was recorded already (a failed job that another node saw end first)
     */
    public static Optional<Long> record(Connection connection, AlertEvent event, String node) throws SQLException {
        long id;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO app.alert_events (kind, reports, state, error, data_as_of, execution_id, node_name)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (kind, execution_id) DO NOTHING
                RETURNING id""")) {
            insert.setString(1, event.kind().name());
            insert.setArray(2, connection.createArrayOf("text", event.reports().toArray()));
            insert.setString(3, event.state());
            insert.setString(4, event.error());
            insert.setTimestamp(5, event.dataAsOf() == null ? null : Timestamp.from(event.dataAsOf()));
            if (event.executionId() == null) {
                insert.setNull(6, Types.BIGINT);
            } else {
                insert.setLong(6, event.executionId());
            }
            insert.setString(7, node);
            try (ResultSet rs = insert.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement deliveries = connection.prepareStatement("""
                INSERT INTO app.alert_deliveries (event_id, webhook_id)
                SELECT ?, w.id FROM app.alert_webhooks w WHERE ? = ANY (w.events)""")) {
            deliveries.setLong(1, id);
            deliveries.setString(2, event.kind().name());
            deliveries.executeUpdate();
        }
        return Optional.of(id);
    }

    // Deliveries

    /**
     * Claims up to {@code limit} due deliveries for this node: each is leased (its next attempt moved
     * {@code lease} ahead) so that no other node sends it meanwhile; a node that dies while sending leaves it to be
     * tried again when the lease ends.
     */
    public static List<Claim> claimDue(Connection connection, int limit, Duration lease) throws SQLException {
        List<Claim> claims = new ArrayList<>();
        try (PreparedStatement claim = connection.prepareStatement("""
                WITH due AS (
                    SELECT d.id FROM app.alert_deliveries d
                    WHERE d.outcome = 'PENDING' AND d.next_attempt_at <= now()
                    ORDER BY d.next_attempt_at, d.id
                    LIMIT ? FOR UPDATE SKIP LOCKED)
                UPDATE app.alert_deliveries d
                SET attempts = d.attempts + 1, next_attempt_at = now() + ?::interval
                FROM due, app.alert_events e, app.alert_webhooks w
                WHERE d.id = due.id AND e.id = d.event_id AND w.id = d.webhook_id
                RETURNING d.id, d.attempts, e.id, e.kind, e.reports, e.state, e.error, e.data_as_of,
                          e.execution_id, e.occurred_at, w.url, w.secret""")) {
            claim.setInt(1, limit);
            claim.setString(2, lease.toSeconds() + " seconds");
            try (ResultSet rs = claim.executeQuery()) {
                while (rs.next()) {
                    claims.add(new Claim(rs.getLong(1), rs.getInt(2), event(rs, 3), rs.getString(11),
                            rs.getString(12)));
                }
            }
        }
        return claims;
    }

    /**
     * Records an attempt of a claimed delivery and what follows: delivered, given up, or the next attempt's time.
     *
     * @param nextAttempt when to try again; null with {@code delivered} false: give up
     */
    public static void attempted(Connection connection, Claim claim, WebhookCall.Answer answer, String problem,
                                 boolean delivered, Instant nextAttempt, String node) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO app.alert_attempts (delivery_id, attempt, status, problem, duration_ms, node_name)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            insert.setLong(1, claim.deliveryId());
            insert.setInt(2, claim.attempt());
            if (answer.status() == null) {
                insert.setNull(3, Types.INTEGER);
            } else {
                insert.setInt(3, answer.status());
            }
            insert.setString(4, problem);
            insert.setLong(5, answer.took().toMillis());
            insert.setString(6, node);
            insert.executeUpdate();
        }
        // Only while the delivery is still this claim's: a send that outlived its lease (another node claimed the
        // delivery since) must not overwrite what the later claim found.
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE app.alert_deliveries
                SET outcome = ?, next_attempt_at = coalesce(?, next_attempt_at)
                WHERE id = ? AND attempts = ? AND outcome = 'PENDING'""")) {
            update.setString(1, delivered ? "DELIVERED" : nextAttempt == null ? "GAVE_UP" : "PENDING");
            update.setTimestamp(2, nextAttempt == null ? null : Timestamp.from(nextAttempt));
            update.setLong(3, claim.deliveryId());
            update.setInt(4, claim.attempt());
            update.executeUpdate();
        }
    }

    /** The latest deliveries, newest event first, each with its attempts. */
    public static List<Delivery> recentDeliveries(Connection connection, int limit) throws SQLException {
        Map<Long, Delivery> deliveries = new LinkedHashMap<>();
        Map<Long, List<Delivery.Attempt>> attempts = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT d.id, d.webhook_id, w.url, d.outcome, d.next_attempt_at,
                       e.id, e.kind, e.reports, e.state, e.error, e.data_as_of, e.execution_id, e.occurred_at
                FROM app.alert_deliveries d
                JOIN app.alert_events e ON e.id = d.event_id
                JOIN app.alert_webhooks w ON w.id = d.webhook_id
                ORDER BY e.occurred_at DESC, d.id DESC
                LIMIT ?""")) {
            query.setInt(1, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    attempts.put(id, new ArrayList<>());
                    deliveries.put(id, new Delivery(id, event(rs, 6), rs.getLong(2), rs.getString(3),
                            rs.getString(4), rs.getTimestamp(5).toInstant(), List.of()));
                }
            }
        }
        if (deliveries.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT delivery_id, attempt, attempted_at, status, problem, duration_ms, node_name
                FROM app.alert_attempts WHERE delivery_id = ANY (?) ORDER BY delivery_id, attempt""")) {
            query.setArray(1, connection.createArrayOf("bigint", deliveries.keySet().toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int answered = rs.getInt(4);
                    Integer status = rs.wasNull() ? null : answered;
                    attempts.get(rs.getLong(1)).add(new Delivery.Attempt(rs.getInt(2),
                            rs.getTimestamp(3).toInstant(), status, rs.getString(5), rs.getLong(6), rs.getString(7)));
                }
            }
        }
        return deliveries.values().stream().map(d -> new Delivery(d.id(), d.event(), d.webhookId(), d.url(),
                d.outcome(), d.nextAttemptAt(), attempts.get(d.id()))).toList();
    }

    /** The event in columns {@code from} .. {@code from + 7}: id, kind, reports, state, error, as-of, execution, at. */
    private static AlertEvent event(ResultSet rs, int from) throws SQLException {
        Timestamp asOf = rs.getTimestamp(from + 5);
        long execution = rs.getLong(from + 6);
        Long executionId = rs.wasNull() ? null : execution;
        return new AlertEvent(rs.getLong(from), AlertKind.valueOf(rs.getString(from + 1)),
                Arrays.asList((String[]) rs.getArray(from + 2).getArray()), rs.getString(from + 3),
                rs.getString(from + 4), asOf == null ? null : asOf.toInstant(), executionId,
                rs.getTimestamp(from + 7).toInstant());
    }

    private static Set<AlertKind> kinds(Array array) throws SQLException {
        return Arrays.stream((String[]) array.getArray()).map(AlertKind::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(AlertKind.class)));
    }
}
