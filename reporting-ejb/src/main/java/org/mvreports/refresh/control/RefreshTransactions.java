package org.mvreports.refresh.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.mvreports.database.LocalTransactions;
import org.mvreports.refresh.entity.RefreshMode;
import org.mvreports.refresh.entity.RefreshOutcome;
import org.mvreports.refresh.entity.RefreshResult;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.report.entity.MaterializedView;

/**
 * The two transactions of a refresh attempt (seed 000's lesson, made strict):
 * <ul>
 *   <li>{@link #refreshAndLog}: the REFRESH and its success row commit together, so the log never claims a
 *       refresh that was rolled back, and a refresh is never committed without its row;</li>
 *   <li>{@link #log}: any other outcome is written in a transaction of its own, so a failure row survives the
 *       rollback of the work it describes.</li>
 * </ul>
 * The transactions are local JDBC ones ({@link LocalTransactions}): their boundaries are exactly these.
 */
@ApplicationScoped
class RefreshTransactions {

    @Inject
    LocalTransactions database;

    /**
     * Refreshes one view and logs the success in the same transaction.
     *
     * @throws RefreshFailedException when PostgreSQL refuses; the transaction is rolled back, the view keeps its
     *                                previous contents
     */
    RefreshResult refreshAndLog(MaterializedView view, RefreshMode mode, RefreshTrigger trigger, String nodeName) {
        Instant startedAt = Instant.now();
        try {
            return database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
            // The name comes from PostgreSQL's catalog and is quoted; nothing a user typed reaches this string.
                    statement.execute("REFRESH MATERIALIZED VIEW "
                            + (mode == RefreshMode.CONCURRENT ? "CONCURRENTLY " : "") + view.qualifiedName());
                    long rows;
                    try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + view.qualifiedName())) {
                        count.next();
                        rows = count.getLong(1);
                    }
                    RefreshResult result = new RefreshResult(view.key(), RefreshOutcome.SUCCEEDED, mode,
                            startedAt, Instant.now(), rows, null, null);
                    RefreshLog.append(connection, view, result, trigger, null, nodeName);
                    return result;
                }
            });
        } catch (SQLException e) {
            throw new RefreshFailedException(view.key(), mode, startedAt, e);
        }
    }

    /** Writes a log row for an attempt that did not succeed, committed on its own. */
    void log(MaterializedView view, RefreshResult result, RefreshTrigger trigger, String upstreamView,
             String nodeName) {
        try {
            database.inTransaction(connection -> {
                RefreshLog.append(connection, view, result, trigger, upstreamView, nodeName);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the refresh log row for " + view.key(), e);
        }
    }
}
