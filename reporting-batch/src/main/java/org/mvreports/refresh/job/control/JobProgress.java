package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mvreports.database.LocalTransactions;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.refresh.control.RefreshRun;
import org.mvreports.refresh.job.entity.ViewProgress;
import org.mvreports.refresh.job.entity.ViewState;

/**
 * {@code app.refresh_job_views}: the per-view progress of refresh job executions (working state for the console and
 * the API, and the checkpoint a restart resumes from; the audit evidence is the refresh log).
 */
@ApplicationScoped
public class JobProgress {

    /** How long the record of a finished view waits for a lost database to come back. */
    static final Duration PROGRESS_PATIENCE = Duration.ofMinutes(2);

    @Inject
    LocalTransactions database;

    /**
     * What planning found.
     *
     * @param doneEarlier   the views finished earlier, with the execution that did each
     * @param stopRequested whether a stop was asked for already, through {@link JobRuns#requestStop}
     */
    public record Plan(Map<String, Long> doneEarlier, boolean stopRequested) {
    }

    /**
     * Records an execution's plan in one transaction: reads which views the execution it resumes finished, and the
     * ones that one resumed in turn ({@link JobRestarts#lineage}), then records every view PENDING, or DONE by the
     * earlier execution that did it. A view counts as done earlier only if it is the same catalog object still (see
     * {@link RefreshRun#oidOf}): one a migration redefined since is refreshed again.
     *
     * @param resumes the failed or stopped execution this one restarts, null for a fresh start
     * @param run     the planned request: its views in dependency order
     */
    public Plan planned(long executionId, Long resumes, RefreshRun run) throws SQLException {
        return database.inTransaction(connection -> {
            Map<String, Long> doneEarlier = resumes == null ? Map.of()
                    : doneEarlier(connection, JobRestarts.lineage(connection, resumes), run);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO app.refresh_job_views (execution_id, view_name, position, state, done_in_execution,
                                                       view_oid)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                List<String> order = run.order();
                for (int i = 0; i < order.size(); i++) {
                    String view = order.get(i);
                    Long earlier = doneEarlier.get(view);
                    insert.setLong(1, executionId);
                    insert.setString(2, view);
                    insert.setInt(3, i);
                    insert.setString(4, (earlier == null ? ViewState.PENDING : ViewState.DONE).name());
                    insert.setObject(5, earlier);
                    insert.setLong(6, run.oidOf(view));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return new Plan(doneEarlier, JobRuns.stopRequested(connection, executionId));
        });
    }

    private static Map<String, Long> doneEarlier(Connection connection, List<Long> lineage, RefreshRun run)
            throws SQLException {
        Map<String, Long> done = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT view_name, coalesce(done_in_execution, execution_id), view_oid
                FROM app.refresh_job_views
                WHERE execution_id = ANY (?)
                  AND state = 'DONE'""")) {
            query.setArray(1, connection.createArrayOf("bigint", lineage.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String view = rs.getString(1);
                    Long oid = (Long) rs.getObject(3);
                    if (run.order().contains(view) && oid != null && oid == run.oidOf(view)) {
                        done.put(view, rs.getLong(2));
                    }
                }
            }
        }
        return done;
    }

    /**
     * Marks views RUNNING, unless they got further already: the job writes this while they run, so it may arrive
     * after {@link #finished}, and must then change nothing.
     */
    public void running(long executionId, List<String> views, Instant startedAt) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE app.refresh_job_views
                    SET state = 'RUNNING', started_at = ?
                    WHERE execution_id = ? AND view_name = ANY (?) AND state = 'PENDING'""")) {
                update.setTimestamp(1, Timestamp.from(startedAt));
                update.setLong(2, executionId);
                update.setArray(3, connection.createArrayOf("text", views.toArray()));
                return update.executeUpdate();
            }
        });
    }

    /**
     * Records how a view ended (with PostgreSQL's message and SQLSTATE when it failed). Outlasts a lost database
     * connection for up to {@link #PROGRESS_PATIENCE}: a view fails most often when the database went away, and its
     * state must still end up FAILED, not RUNNING.
     *
     * <p>The same transaction also reads {@link JobRuns}' stop flag: the job decides what to start next right after.
     *
     * @return whether a stop was asked for, on any node
     */
    public boolean finished(long executionId, String view, RefreshResult result) throws SQLException {
        ViewState state = switch (result.outcome()) {
            case SUCCEEDED, SKIPPED_UNCHANGED -> ViewState.DONE;
            case FAILED -> ViewState.FAILED;
            // Busy: another refresh of it was running and may still fail, so a restart must not count it as done.
            case SKIPPED_UPSTREAM_FAILED, SKIPPED_BUSY -> ViewState.SKIPPED;
        };
        return database.inTransactionOutlasting(PROGRESS_PATIENCE, connection -> {
            // The engine's start, not when the job handed the view over (it may have waited for a thread).
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE app.refresh_job_views
                    SET state = ?, outcome = ?, started_at = ?, finished_at = ?, error_message = ?, sql_state = ?
                    WHERE execution_id = ? AND view_name = ?""")) {
                update.setString(1, state.name());
                update.setString(2, result.outcome().name());
                update.setTimestamp(3, Timestamp.from(result.startedAt()));
                update.setTimestamp(4, Timestamp.from(result.finishedAt()));
                update.setString(5, result.errorMessage());
                update.setString(6, result.sqlState());
                update.setLong(7, executionId);
                update.setString(8, view);
                update.executeUpdate();
            }
            return JobRuns.stopRequested(connection, executionId);
        });
    }

    /**
     * Views that an execution which has not ended is still to do or doing, on the caller's connection (the scheduler
     * decides inside a transaction of its own).
     */
    public static Set<String> viewsOfRunningExecutions(Connection connection) throws SQLException {
        Set<String> views = new HashSet<>();
        Set<Long> running = BatchRepository.runningIds(connection);
        if (running.isEmpty()) {
            return views;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT DISTINCT view_name
                FROM app.refresh_job_views
                WHERE state IN ('PENDING', 'RUNNING')
                  AND execution_id = ANY(?)""")) {
            query.setArray(1, connection.createArrayOf("bigint", running.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    views.add(rs.getString(1));
                }
            }
        }
        return views;
    }

    /**
     * The views that running executions are refreshing right now, with when each started, on the caller's
     * connection (for the expected end of a refresh).
     */
    public static Map<String, Instant> refreshingSince(Connection connection) throws SQLException {
        Map<String, Instant> since = new HashMap<>();
        Set<Long> running = BatchRepository.runningIds(connection);
        if (running.isEmpty()) {
            return since;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT view_name, max(started_at)
                FROM app.refresh_job_views
                WHERE state = 'RUNNING'
                  AND execution_id = ANY(?)
                GROUP BY view_name""")) {
            query.setArray(1, connection.createArrayOf("bigint", running.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    since.put(rs.getString(1), instant(rs.getTimestamp(2)));
                }
            }
        }
        return since;
    }

    /** A view an execution was refreshing, and when it started it. */
    record RunningView(String view, Instant startedAt) {
    }

    /** The views an execution was refreshing (state RUNNING), on the caller's connection. */
    static List<RunningView> runningViews(Connection connection, long executionId) throws SQLException {
        List<RunningView> running = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT view_name, started_at FROM app.refresh_job_views
                WHERE execution_id = ? AND state = 'RUNNING'
                ORDER BY position""")) {
            query.setLong(1, executionId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    running.add(new RunningView(rs.getString(1), instant(rs.getTimestamp(2))));
                }
            }
        }
        return running;
    }

    /**
     * Marks the views an execution did not finish FAILED (it will never finish them: its node is gone); those it was
     * refreshing carry {@code whyRunningOnesFailed}.
     */
    static void failUnfinished(Connection connection, long executionId, String whyRunningOnesFailed)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE app.refresh_job_views
                SET state = 'FAILED',
                    error_message = CASE WHEN state = 'RUNNING' THEN ? END
                WHERE execution_id = ?
                  AND state IN ('RUNNING', 'PENDING')""")) {
            update.setString(1, whyRunningOnesFailed);
            update.setLong(2, executionId);
            update.executeUpdate();
        }
    }

    /** Progress of executions, each in dependency order; an execution that never got to plan has none. */
    public Map<Long, List<ViewProgress>> of(List<Long> executionIds) throws SQLException {
        if (executionIds.isEmpty()) {
            return Map.of();
        }
        return database.inTransaction(connection -> {
            Map<Long, List<ViewProgress>> views = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT execution_id, view_name, state, outcome, done_in_execution, started_at, finished_at,
                           error_message, sql_state
                    FROM app.refresh_job_views
                    WHERE execution_id = ANY (?)
                    ORDER BY execution_id, position""")) {
                query.setArray(1, connection.createArrayOf("bigint", executionIds.toArray()));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        views.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>()).add(new ViewProgress(
                                rs.getString(2), ViewState.valueOf(rs.getString(3)), rs.getString(4),
                                (Long) rs.getObject(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                                rs.getString(8), rs.getString(9), null, false));
                    }
                }
            }
            return views;
        });
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
