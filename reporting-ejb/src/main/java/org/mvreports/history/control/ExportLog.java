package org.mvreports.history.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import org.mvreports.database.LocalTransactions;
import org.mvreports.history.entity.ExportRecord;

/** The only writer (and, for the auditor's pages, reader) of {@code app.report_exports}, append-only (V15). */
@ApplicationScoped
public class ExportLog {

    @Inject
    LocalTransactions database;

    /** How long the record of an export waits for a lost database connection to come back. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Appends one export, in a transaction of its own (the export's own transaction may have failed). */
    public void append(ExportRecord export) throws SQLException {
        database.inTransactionOutlasting(PATIENCE, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO app.report_exports (exported_by, view_schema, view_name, format, sort, filters,
                                                    outcome, row_count, data_as_of, started_at, finished_at,
                                                    node_name, error_message)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, export.exportedBy());
                insert.setString(2, export.schema());
                insert.setString(3, export.view());
                insert.setString(4, export.format());
                insert.setArray(5, connection.createArrayOf("text", export.sort().toArray()));
                insert.setArray(6, connection.createArrayOf("text", export.filters().toArray()));
                insert.setString(7, export.outcome());
                if (export.rowCount() == null) {
                    insert.setNull(8, Types.BIGINT);
                } else {
                    insert.setLong(8, export.rowCount());
                }
                insert.setTimestamp(9, export.dataAsOf() == null ? null : Timestamp.from(export.dataAsOf()));
                insert.setTimestamp(10, Timestamp.from(export.startedAt()));
                insert.setTimestamp(11, Timestamp.from(export.finishedAt()));
                insert.setString(12, export.nodeName());
                insert.setString(13, export.errorMessage());
                insert.executeUpdate();
            }
            return null;
        });
    }
}
