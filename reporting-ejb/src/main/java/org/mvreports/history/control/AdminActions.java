package org.mvreports.history.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import org.mvreports.database.LocalTransactions;
import org.mvreports.history.entity.AdminAction;
import org.mvreports.settings.ReportingSettings;

/**
 * The only writer (and, for the auditors' pages, reader) of {@code app.admin_actions}, append-only (V20): what refresh
 * administrators did. A change of the schedule is recorded in its own transaction ({@link #append(Connection,
 * AdminAction)}), so the change and its record commit together; what the batch runtime did outside the application's
 * transactions (a job started, stopped, restarted, abandoned) right after it ({@link #append(AdminAction)}).
 */
@ApplicationScoped
public class AdminActions {

    /** How long the record of an action waits for a lost database connection to come back. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    /** Appends {@code action} in the caller's transaction. */
    public void append(Connection connection, AdminAction action) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO app.admin_actions (acted_by, action, view_name, execution_id, old_value, new_value,
                                               node_name)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, action.actedBy());
            insert.setString(2, action.kind().name());
            insert.setString(3, action.view());
            if (action.executionId() == null) {
                insert.setNull(4, Types.BIGINT);
            } else {
                insert.setLong(4, action.executionId());
            }
            insert.setString(5, action.oldValue());
            insert.setString(6, action.newValue());
            insert.setString(7, settings.nodeName());
            insert.executeUpdate();
        }
    }

    /** Appends {@code action} in a transaction of its own. */
    public void append(AdminAction action) throws SQLException {
        database.inTransactionOutlasting(PATIENCE, connection -> {
            append(connection, action);
            return null;
        });
    }
}
