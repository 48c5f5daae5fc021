package org.mvreports.refresh.control;

import org.mvreports.history.entity.LastSuccess;
import org.mvreports.history.control.RefreshLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.mvreports.database.LocalTransactions;
import org.mvreports.history.entity.RefreshMode;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.settings.ReportingSettings;

/**
 * One attempt to refresh one view, in the transactions that make its log trustworthy (docs/refresh.md):
 * <ul>
 *   <li>{@link #attempt}: in one transaction, in this order: the limits ({@code SET LOCAL statement_timeout,
 *       lock_timeout}, and {@code max_parallel_workers_per_gather} when configured); a transaction-scoped advisory
 *       lock keyed by the view, tried without waiting (busy: logged as skipped, nothing else done); the snapshot
 *       ({@code pg_current_snapshot()}, taken before the REFRESH so the REFRESH sees at least as much: a change it
 *       saw but the snapshot did not only costs one extra refresh later, never a missed one); the skip-unchanged
 *       check; the REFRESH; the row count; the change record for views downstream; the success row. All commit together, so the log never claims a refresh that was
 *       rolled back and no refresh commits without its row.</li>
 *   <li>{@link #logFailure}: a failure is written in a transaction of its own, after the refresh's transaction
 *       rolled back, so it survives that rollback; the view keeps its previous contents (PostgreSQL's
 *       guarantee).</li>
 * </ul>
 * The transactions are local JDBC ones ({@link LocalTransactions}): their boundaries are exactly these.
 */
@ApplicationScoped
class RefreshTransactions {

    /** How long a failure's log row waits for a lost database to come back (see {@link #logFailure}). */
    static final Duration FAILURE_LOG_PATIENCE = Duration.ofMinutes(2);

    /** High 32 bits of the advisory lock keys of this application ("MV"), the low 32 bits are the view's oid. */
    private static final long LOCK_NAMESPACE = 0x4D56L << 32;

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    /**
     * Refreshes one view unless it is busy or unchanged, and logs what happened in the same transaction.
     *
     * @param trackedSources the view's sources whose changes are recorded, or null when some source's changes
     *                       cannot be tracked (the view is then refreshed every time)
     * @throws RefreshFailedException when PostgreSQL refuses or cancels; nothing of the attempt is committed
     */
    RefreshResult attempt(MaterializedView view, List<Long> trackedSources, boolean force, Duration statementTimeout,
                          Duration lockTimeout, RefreshLog.Context context) {
        Instant startedAt = Instant.now();
        RefreshMode mode = view.populated() && view.concurrentCapable() ? RefreshMode.CONCURRENT : RefreshMode.PLAIN;
        String[] definitionHash = {null};
        try {
            return database.inTransaction(connection -> {
                setLocal(connection, "statement_timeout", statementTimeout.toMillis() + "ms");
                setLocal(connection, "lock_timeout", lockTimeout.toMillis() + "ms");
                OptionalInt parallelWorkers = settings.refreshParallelWorkers();
                if (parallelWorkers.isPresent()) {
                    setLocal(connection, "max_parallel_workers_per_gather",
                            String.valueOf(parallelWorkers.getAsInt()));
                }
                if (!tryLock(connection, view)) {
                    return logged(connection, view, skipped(view, RefreshOutcome.SKIPPED_BUSY, startedAt),
                            context, null, null);
                }
                definitionHash[0] = definitionHash(connection, view);
                String snapshot = currentSnapshot(connection);
                if (!force && view.populated() && trackedSources != null
                        && unchanged(connection, view, definitionHash[0], trackedSources)) {
                    return logged(connection, view, skipped(view, RefreshOutcome.SKIPPED_UNCHANGED, startedAt),
                            context, definitionHash[0], null);
                }
                long rows;
                try (Statement statement = connection.createStatement()) {
                    // The name comes from PostgreSQL's catalog and is quoted; nothing a user typed reaches it.
                    statement.execute("REFRESH MATERIALIZED VIEW "
                            + (mode == RefreshMode.CONCURRENT ? "CONCURRENTLY " : "") + view.qualifiedName());
                    try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + view.qualifiedName())) {
                        count.next();
                        rows = count.getLong(1);
                    }
                }
                ChangeTracking.recordRefresh(connection, view.oid());
                return logged(connection, view, new RefreshResult(view.key(), RefreshOutcome.SUCCEEDED, mode,
                        startedAt, Instant.now(), rows, null, null), context, definitionHash[0], snapshot);
            });
        } catch (SQLException e) {
            throw new RefreshFailedException(view.key(), mode, startedAt, definitionHash[0], e);
        }
    }

    /**
     * Writes a row for an attempt that did not get to refresh, committed on its own. A failure is often the
     * database going away (a restart, a terminated session), so the row outlasts that: it is written once the
     * database is back, for up to {@link #FAILURE_LOG_PATIENCE}. Should that not be enough, or the application stop
     * first, the job's recovery records the failure instead (see StaleJobRecovery).
     *
     * @throws IllegalStateException when the row could not be written
     */
    void logFailure(MaterializedView view, RefreshResult result, RefreshLog.Context context, String upstreamView,
                    String definitionHash) {
        try {
            database.inTransactionOutlasting(FAILURE_LOG_PATIENCE, connection -> {
                RefreshLog.append(connection, view.schema(), view.name(), result, context, upstreamView, definitionHash,
                        null);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the refresh log row for " + view.key(), e);
        }
    }

    private static RefreshResult logged(Connection connection, MaterializedView view, RefreshResult result,
                                        RefreshLog.Context context, String definitionHash, String snapshot)
            throws SQLException {
        RefreshLog.append(connection, view.schema(), view.name(), result, context, null, definitionHash, snapshot);
        return result;
    }

    /**
     * SHA-256 (hex) of the definition as PostgreSQL prints it under fixed settings ({@code app.view_definition_hash},
     * see V13: printed under the session's own search_path, one definition had two hashes). Read here, inside the
     * refresh's transaction and under its lock timeout, not by the catalog: printing a definition takes a share lock
     * on every relation it reads, so a catalog read would wait behind any exclusive lock on a source (a plain
     * refresh of an upstream view, a migration) while pages and job planning wait behind it.
     */
    private static String definitionHash(Connection connection, MaterializedView view) throws SQLException {
        try (PreparedStatement hash = connection.prepareStatement(
                "SELECT app.view_definition_hash(?::oid)")) {
            hash.setLong(1, view.oid());
            try (ResultSet rs = hash.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static RefreshResult skipped(MaterializedView view, RefreshOutcome outcome, Instant startedAt) {
        return new RefreshResult(view.key(), outcome, null, startedAt, Instant.now(), null, null, null);
    }

    /** Unchanged: refreshed before with the same definition, and no source change is missing from that snapshot. */
    private static boolean unchanged(Connection connection, MaterializedView view, String definitionHash,
                                     List<Long> trackedSources) throws SQLException {
        LastSuccess last = RefreshLog.lastSuccess(connection, view.schema(), view.name());
        return last != null
                && last.snapshot() != null
                && definitionHash.equals(last.definitionHash())
                && !ChangeTracking.changedSince(connection, trackedSources, last.snapshot());
    }

    private static boolean tryLock(Connection connection, MaterializedView view) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_NAMESPACE | view.oid());
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String currentSnapshot(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_current_snapshot()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void setLocal(Connection connection, String setting, String value) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("SELECT set_config(?, ?, true)")) {
            set.setString(1, setting);
            set.setString(2, value);
            set.execute();
        }
    }
}
