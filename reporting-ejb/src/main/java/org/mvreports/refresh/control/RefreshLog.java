package org.mvreports.refresh.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import org.mvreports.refresh.entity.RefreshResult;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.report.entity.MaterializedView;

/**
 * Appends rows to {@code app.refresh_log} on a connection the caller chooses, because which transaction a row
 * belongs to is the point: a success row shares the refresh's transaction, a failure row gets its own.
 */
final class RefreshLog {

    private static final String APPEND = """
            INSERT INTO app.refresh_log (view_schema, view_name, outcome, mode, trigger_kind, triggered_by,
                                         job_execution_id, started_at, finished_at, row_count, error_message,
                                         sql_state, upstream_view, node_name, definition_hash, source_snapshot,
                                         forced)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::pg_snapshot, ?)""";

    private static final String LAST_SUCCESS = """
            SELECT source_snapshot::text, definition_hash
            FROM app.refresh_log
            WHERE view_schema = ?
              AND view_name = ?
              AND outcome = 'SUCCEEDED'
            ORDER BY finished_at DESC, id DESC
            LIMIT 1""";

    /** What the last successful refresh of a view read: its snapshot (null before change tracking) and definition. */
    record LastSuccess(String snapshot, String definitionHash) {
    }

    /** Everything a row says beyond the result itself. */
    record Context(RefreshTrigger trigger, Long jobExecutionId, String nodeName, boolean forced) {
    }

    private RefreshLog() {
    }

    /** @param definitionHash of the definition the attempt read; null when it did not get that far */
    static void append(Connection connection, MaterializedView view, RefreshResult result, Context context,
                       String upstreamView, String definitionHash, String snapshot) throws SQLException {
        append(connection, view.schema(), view.name(), result, context, upstreamView, definitionHash, snapshot);
    }

    /** As {@link #append(Connection, MaterializedView, RefreshResult, Context, String, String, String)}, by name. */
    static void append(Connection connection, String schema, String viewName, RefreshResult result, Context context,
                       String upstreamView, String definitionHash, String snapshot) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(APPEND)) {
            insert.setString(1, schema);
            insert.setString(2, viewName);
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
            insert.executeUpdate();
        }
    }

    static LastSuccess lastSuccess(Connection connection, MaterializedView view) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(LAST_SUCCESS)) {
            query.setString(1, view.schema());
            query.setString(2, view.name());
            try (var rs = query.executeQuery()) {
                return rs.next() ? new LastSuccess(rs.getString(1), rs.getString(2)) : null;
            }
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
