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
import org.mvreports.refresh.control.RefreshRun;
import org.mvreports.refresh.entity.RefreshResult;
import org.mvreports.refresh.job.entity.ViewProgress;

/** Reads and writes {@code app.refresh_job_views}: the per-view progress of refresh job executions. */
@ApplicationScoped
public class JobProgress {

    /** How long the record of a finished view waits for a lost database to come back. */
    static final Duration PROGRESS_PATIENCE = Duration.ofMinutes(2);

    @Inject
    LocalTransactions database;

    /**
     * Registers the node running an execution, before anything else the execution does (see
     * {@link StaleJobRecovery}); the execution's heartbeat starts from here. A restart also links itself to the
     * execution it resumes, in case the node that started it could not (see {@link JobExecutions#restartStarted}).
     *
     * @param resumes the execution this one restarts, null for a fresh start
     * @return for a restart, the execution that the resumed one is linked to now: this one, unless another restart
     *         of it was linked first; null for a fresh start
     */
    public Long register(long executionId, String nodeName, Long resumes) throws SQLException {
        return database.inTransaction(connection -> {
            try (PreparedStatement register = connection.prepareStatement("""
                    WITH lineage AS (
                        UPDATE app.refresh_job_restarts SET restarted_as = ?
                        WHERE restarted_execution_id = ? AND restarted_as IS NULL
                    )
                    INSERT INTO app.refresh_job_runs (execution_id, node_name) VALUES (?, ?)
                    ON CONFLICT (execution_id) DO UPDATE SET node_name = excluded.node_name,
                                                            heartbeat_at = now()""")) {
                register.setLong(1, executionId);
                register.setObject(2, resumes);
                register.setLong(3, executionId);
                register.setString(4, nodeName);
                register.executeUpdate();
            }
            JobExecutions.RestartClaim claim = resumes == null ? null : JobExecutions.restartClaim(connection, resumes);
            return claim == null ? null : claim.restartedAs();
        });
    }

    /** A sign of life of a running execution's node. */
    public void heartbeat(long executionId) throws SQLException {
        database.update("UPDATE app.refresh_job_runs SET heartbeat_at = now() WHERE execution_id = ?", executionId);
    }

    /**
     * Asks the node running an execution to stop it: its job reads the request with the next view's
     * {@link #finished} and starts no more views.
     *
     * @return false when the execution is not running, or never registered (it did not begin to run)
     */
    public boolean requestStop(long executionId) throws SQLException {
        return database.update("""
                UPDATE app.refresh_job_runs r
                SET stop_requested = true
                FROM app.executioninstancedata e
                WHERE r.execution_id = ?
                  AND e.jobexecid = r.execution_id
                  AND e.batchstatus IN ('STARTING', 'STARTED')""", executionId) == 1;
    }

    /**
     * Records an execution's plan in one transaction: reads which views the execution it resumes finished, and the
     * ones that one resumed in turn (see {@link JobExecutions}), then records every view PENDING, or DONE by the
     * earlier execution that did it. A view counts as done earlier only if it is the same catalog object still (see
     * {@link RefreshRun#oidOf}): one a migration redefined since is refreshed again.
     *
     * @param resumes the failed or stopped execution this one restarts, null for a fresh start
     * @param run     the planned request: its views in dependency order
     */
    public Plan planned(long executionId, Long resumes, RefreshRun run) throws SQLException {
        return database.inTransaction(connection -> {
            Map<String, Long> doneEarlier = new HashMap<>();
            if (resumes != null) {
                try (PreparedStatement query = connection.prepareStatement("""
                        WITH RECURSIVE lineage (execution_id) AS (
                            SELECT ?::bigint
                            UNION
                            SELECT r.restarted_execution_id
                            FROM app.refresh_job_restarts r
                            JOIN lineage l ON r.restarted_as = l.execution_id
                        )
                        SELECT v.view_name, coalesce(v.done_in_execution, v.execution_id), v.view_oid
                        FROM app.refresh_job_views v
                        JOIN lineage USING (execution_id)
                        WHERE v.state = 'DONE'""")) {
                    query.setLong(1, resumes);
                    try (ResultSet rs = query.executeQuery()) {
                        while (rs.next()) {
                            String view = rs.getString(1);
                            Long oid = (Long) rs.getObject(3);
                            if (run.order().contains(view) && oid != null && oid == run.oidOf(view)) {
                                doneEarlier.put(view, rs.getLong(2));
                            }
                        }
                    }
                }
            }
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
                    insert.setString(4, earlier == null ? "PENDING" : "DONE");
                    insert.setObject(5, earlier);
                    insert.setLong(6, run.oidOf(view));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return new Plan(doneEarlier, stopRequested(connection, executionId));
        });
    }

    /**
     * What planning found.
     *
     * @param doneEarlier   the views finished earlier, with the execution that did each
     * @param stopRequested whether a stop was asked for already, through {@link #requestStop}
     */
    public record Plan(Map<String, Long> doneEarlier, boolean stopRequested) {
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
     * Records how a view ended (with PostgreSQL's message and SQLSTATE when it failed), and reads in the same round
     * trip whether a stop was asked for through {@link #requestStop}: the job decides what to start next right after.
     * Outlasts a lost database connection for up to {@link #PROGRESS_PATIENCE}: a view fails most often when the
     * database went away, and its state must still end up FAILED, not RUNNING.
     *
     * @return whether a stop was asked for, on any node
     */
    public boolean finished(long executionId, String view, RefreshResult result) throws SQLException {
        String state = switch (result.outcome()) {
            case SUCCEEDED, SKIPPED_UNCHANGED -> "DONE";
            case FAILED -> "FAILED";
            // Busy: another refresh of it was running and may still fail, so a restart must not count it as done.
            case SKIPPED_UPSTREAM_FAILED, SKIPPED_BUSY -> "SKIPPED";
        };
        return database.inTransactionOutlasting(PROGRESS_PATIENCE, connection -> {
            // The engine's start, not when the job handed the view over (it may have waited for a thread).
            try (PreparedStatement update = connection.prepareStatement("""
                    WITH progress AS (
                        UPDATE app.refresh_job_views
                        SET state = ?, outcome = ?, started_at = ?, finished_at = ?, error_message = ?, sql_state = ?
                        WHERE execution_id = ? AND view_name = ?
                    )
                    SELECT stop_requested FROM app.refresh_job_runs WHERE execution_id = ?""")) {
                update.setString(1, state);
                update.setString(2, result.outcome().name());
                update.setTimestamp(3, Timestamp.from(result.startedAt()));
                update.setTimestamp(4, Timestamp.from(result.finishedAt()));
                update.setString(5, result.errorMessage());
                update.setString(6, result.sqlState());
                update.setLong(7, executionId);
                update.setString(8, view);
                update.setLong(9, executionId);
                try (ResultSet rs = update.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    private static boolean stopRequested(Connection connection, long executionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT stop_requested FROM app.refresh_job_runs WHERE execution_id = ?")) {
            query.setLong(1, executionId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * Views that an execution which has not ended is still to do or doing, on the caller's connection (the scheduler
     * decides inside a transaction of its own).
     */
    public static Set<String> viewsOfRunningExecutions(Connection connection) throws SQLException {
        Set<String> views = new HashSet<>();
        if (!JobExecutions.repositoryExists(connection)) {
            return views; // no job has ever run here
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT DISTINCT v.view_name
                FROM app.refresh_job_views v
                JOIN app.executioninstancedata e ON e.jobexecid = v.execution_id
                WHERE v.state IN ('PENDING', 'RUNNING')
                  AND e.batchstatus IN ('STARTING', 'STARTED', 'STOPPING')""");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                views.add(rs.getString(1));
            }
        }
        return views;
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
                                rs.getString(2), rs.getString(3), rs.getString(4), (Long) rs.getObject(5),
                                instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), rs.getString(8),
                                rs.getString(9)));
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
