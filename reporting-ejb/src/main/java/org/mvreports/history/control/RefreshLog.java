package org.mvreports.history.control;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mvreports.history.entity.LastFailure;
import org.mvreports.history.entity.LastSuccess;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.history.entity.RefreshTrigger;

/**
 * The only code that writes or reads {@code app.refresh_log}, the append-only history of every refresh attempt
 * (auditors' evidence: one row per view per attempt). Everything else asks here, so there is one answer to "when was this view last
 * refreshed successfully", with one order: the latest end, and of two rows ending in the same microsecond the later
 * written ({@code finished_at DESC, id DESC}).
 *
 * <p>Every method works on a connection the caller chooses, because which transaction a row belongs to is the point:
 * a success row commits with the refresh it records, a failure row in a transaction of its own; and readers such as
 * the scheduler decide inside transactions of their own.
 */
public final class RefreshLog {

    private static final String APPEND = """
            INSERT INTO app.refresh_log (view_schema, view_name, outcome, mode, trigger_kind, triggered_by,
                                         job_execution_id, started_at, finished_at, row_count, error_message,
                                         sql_state, upstream_view, node_name, definition_hash, source_snapshot,
                                         forced, definition_changed)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::pg_snapshot, ?,
                    (SELECT previous.definition_hash <> CAST(? AS text)
                     FROM app.refresh_log previous
                     WHERE previous.view_schema = ?
                       AND previous.view_name = ?
                       AND previous.outcome = 'SUCCEEDED'
                     ORDER BY previous.finished_at DESC, previous.id DESC
                     LIMIT 1))""";

    /** One probe of the partial index on successful rows per view: the cost does not grow with the log. */
    private static final String LAST_SUCCESSES = """
            SELECT v.view_name, last.started_at, last.finished_at, last.row_count, last.source_snapshot::text,
                   last.definition_hash, last.id
            FROM unnest(?::text[]) AS v(view_name)
            CROSS JOIN LATERAL (SELECT l.started_at, l.finished_at, l.row_count, l.source_snapshot, l.definition_hash,
                                       l.id
                                FROM app.refresh_log l
                                WHERE l.view_schema = ?
                                  AND l.view_name = v.view_name
                                  AND l.outcome = 'SUCCEEDED'
                                ORDER BY l.finished_at DESC, l.id DESC
                                LIMIT 1) AS last""";

    private static final String LOGGED_BY_EXECUTION = """
            SELECT DISTINCT view_name
            FROM app.refresh_log
            WHERE job_execution_id = ?
              AND view_schema = ?""";

    /**
     * Everything a row says beyond the result itself.
     *
     * @param trigger        who or what asked for the refresh
     * @param jobExecutionId the batch job execution that ran it, or null
     * @param nodeName       the application node that ran it
     * @param forced         whether it was refreshed even though nothing it reads had changed
     */
    public record Context(RefreshTrigger trigger, Long jobExecutionId, String nodeName, boolean forced) {
    }

    /** How many recent successes a view's typical refresh duration is the median of. */
    static final int TYPICAL_OF = 5;

    private RefreshLog() {
    }

    /**
     * Appends one attempt.
     *
     * @param upstreamView   for SKIPPED_UPSTREAM_FAILED, the failed view; else null
     * @param definitionHash of the definition the attempt read; null when it did not get that far
     * @param snapshot       for a success, the snapshot its refresh read (see ChangeTracking); else null
     */
    public static void append(Connection connection, String schema, String view, RefreshResult result,
                              Context context, String upstreamView, String definitionHash, String snapshot)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(APPEND)) {
            insert.setString(1, schema);
            insert.setString(2, view);
            insert.setString(3, result.outcome().name());
            insert.setString(4, result.mode() == null ? null : result.mode().name());
            insert.setString(5, context.trigger().kind().name());
            insert.setString(6, context.trigger().name());
            setLong(insert, 7, context.jobExecutionId());
            insert.setTimestamp(8, Timestamp.from(result.startedAt()));
            insert.setTimestamp(9, Timestamp.from(result.finishedAt()));
            setLong(insert, 10, result.rowCount());
            insert.setString(11, result.errorMessage());
            insert.setString(12, result.sqlState());
            insert.setString(13, upstreamView);
            insert.setString(14, context.nodeName());
            insert.setString(15, definitionHash);
            insert.setString(16, snapshot);
            insert.setBoolean(17, context.forced());
            // Whether the definition differs from the one the previous successful refresh saw (null: nothing to
            // compare with), for auditors' "definition changed" filter: kept with the row, since a window over the
            // whole log on every filtered read would grow with it.
            insert.setString(18, definitionHash);
            insert.setString(19, schema);
            insert.setString(20, view);
            insert.executeUpdate();
        }
    }

    /**
     * Appends a FAILED row for an attempt whose outcome was never written: the node running it stopped (crashed, was
     * killed, or stopped while waiting for a lost database) between starting the refresh and logging how it ended.
     * Such a refresh did not commit (a success commits with its row), so the view kept its previous contents; what
     * was missing is only the row, and the log must miss no attempt.
     *
     * @param startedAt when the attempt started, as far as is known (null: now)
     * @param reason    what is known about why no outcome was written; stored as the row's error
     */
    public static void appendUnrecordedFailure(Connection connection, String schema, String view,
                                               RefreshTrigger trigger, long jobExecutionId, String nodeName,
                                               Instant startedAt, String reason) throws SQLException {
        Instant now = Instant.now();
        RefreshResult failed = new RefreshResult(schema + "." + view, RefreshOutcome.FAILED, null,
                startedAt == null || startedAt.isAfter(now) ? now : startedAt, now, null, reason, null);
        append(connection, schema, view, failed, new Context(trigger, jobExecutionId, nodeName, false), null, null,
                null);
    }

    /** The last successful refresh of each of {@code views} that has one; views never refreshed are absent. */
    public static Map<String, LastSuccess> lastSuccesses(Connection connection, String schema,
                                                         Collection<String> views) throws SQLException {
        Map<String, LastSuccess> last = new HashMap<>();
        if (views.isEmpty()) {
            return last;
        }
        try (PreparedStatement query = connection.prepareStatement(LAST_SUCCESSES)) {
            query.setArray(1, textArray(connection, views));
            query.setString(2, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), new LastSuccess(rs.getLong(7), rs.getTimestamp(2).toInstant(),
                            rs.getTimestamp(3).toInstant(), rs.getLong(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return last;
    }

    /** The last successful refresh of one view, or null if it never had one. */
    public static LastSuccess lastSuccess(Connection connection, String schema, String view) throws SQLException {
        return lastSuccesses(connection, schema, List.of(view)).get(view);
    }

    /**
     * The latest failed attempt of each of {@code views} that has one (whether a success came after it is the
     * caller's to compare), with PostgreSQL's message.
     */
    public static Map<String, LastFailure> lastFailures(Connection connection, String schema,
                                                        Collection<String> views) throws SQLException {
        Map<String, LastFailure> last = new HashMap<>();
        if (views.isEmpty()) {
            return last;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT v.view_name, last.finished_at, last.error_message, last.sql_state
                FROM unnest(?::text[]) AS v(view_name)
                CROSS JOIN LATERAL (SELECT l.finished_at, l.error_message, l.sql_state
                                    FROM app.refresh_log l
                                    WHERE l.view_schema = ?
                                      AND l.view_name = v.view_name
                                      AND l.outcome = 'FAILED'
                                    ORDER BY l.finished_at DESC, l.id DESC
                                    LIMIT 1) AS last""")) {
            query.setArray(1, textArray(connection, views));
            query.setString(2, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), new LastFailure(rs.getTimestamp(2).toInstant(), rs.getString(3),
                            rs.getString(4)));
                }
            }
        }
        return last;
    }

    /**
     * How long a successful refresh of each of {@code views} typically takes: the median of its last
     * {@value #TYPICAL_OF} successes; views never refreshed are absent.
     */
    public static Map<String, Duration> typicalDurations(Connection connection, String schema,
                                                         Collection<String> views) throws SQLException {
        Map<String, Duration> typical = new HashMap<>();
        if (views.isEmpty()) {
            return typical;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT v.view_name, recent.median_ms
                FROM unnest(?::text[]) AS v(view_name)
                CROSS JOIN LATERAL (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d.duration_ms) AS median_ms
                                    FROM (SELECT l.duration_ms
                                          FROM app.refresh_log l
                                          WHERE l.view_schema = ?
                                            AND l.view_name = v.view_name
                                            AND l.outcome = 'SUCCEEDED'
                                          ORDER BY l.finished_at DESC, l.id DESC
                                          LIMIT ?) AS d) AS recent
                WHERE recent.median_ms IS NOT NULL""")) {
            query.setArray(1, textArray(connection, views));
            query.setString(2, schema);
            query.setInt(3, TYPICAL_OF);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    typical.put(rs.getString(1), Duration.ofMillis(Math.round(rs.getDouble(2))));
                }
            }
        }
        return typical;
    }

    /** The views of {@code schema} that have a row of the given job execution, whatever its outcome. */
    public static Set<String> viewsLoggedBy(Connection connection, long jobExecutionId, String schema)
            throws SQLException {
        Set<String> views = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(LOGGED_BY_EXECUTION)) {
            query.setLong(1, jobExecutionId);
            query.setString(2, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    views.add(rs.getString(1));
                }
            }
        }
        return views;
    }

    private static Array textArray(Connection connection, Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
