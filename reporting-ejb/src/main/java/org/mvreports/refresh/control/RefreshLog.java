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
                                         sql_state, upstream_view, node_name, definition_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private RefreshLog() {
    }

    static void append(Connection connection, MaterializedView view, RefreshResult result, RefreshTrigger trigger,
                       String upstreamView, String nodeName) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(APPEND)) {
            insert.setString(1, view.schema());
            insert.setString(2, view.name());
            insert.setString(3, result.outcome().name());
            insert.setString(4, result.mode() == null ? null : result.mode().name());
            insert.setString(5, trigger.kind().name());
            insert.setString(6, trigger.name());
            insert.setNull(7, Types.BIGINT);
            insert.setTimestamp(8, Timestamp.from(result.startedAt()));
            insert.setTimestamp(9, Timestamp.from(result.finishedAt()));
            if (result.rowCount() == null) {
                insert.setNull(10, Types.BIGINT);
            } else {
                insert.setLong(10, result.rowCount());
            }
            insert.setString(11, result.errorMessage());
            insert.setString(12, result.sqlState());
            insert.setString(13, upstreamView);
            insert.setString(14, nodeName);
            insert.setString(15, view.definitionHash());
            insert.executeUpdate();
        }
    }
}
