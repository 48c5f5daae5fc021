package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mvreports.database.LocalTransactions;
import org.mvreports.refresh.entity.RefreshOutcome;
import org.mvreports.refresh.entity.RefreshResult;
import org.mvreports.refresh.job.entity.ViewProgress;

/** Reads and writes {@code app.refresh_job_views}: the per-view progress of refresh job executions. */
@ApplicationScoped
public class JobProgress {


    @Inject
    LocalTransactions database;

    /**
     * Registers the node running an execution and its job instance, before anything else the execution does (see
     * {@link StaleJobRecovery}); the execution's heartbeat starts from here.
     */
    public void register(long executionId, long instanceId, String nodeName) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement register = connection.prepareStatement("""
                    INSERT INTO app.refresh_job_runs (execution_id, job_instance_id, node_name) VALUES (?, ?, ?)
                    ON CONFLICT (execution_id) DO UPDATE SET node_name = excluded.node_name,
                                                            heartbeat_at = now()""")) {
                register.setLong(1, executionId);
                register.setLong(2, instanceId);
                register.setString(3, nodeName);
                register.executeUpdate();
            }
            return null;
        });
    }

    /** A sign of life of a running execution's node. */
    public void heartbeat(long executionId) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE app.refresh_job_runs SET heartbeat_at = now() WHERE execution_id = ?")) {
                update.setLong(1, executionId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Asks the node running an execution to stop it (see {@link #stopRequested}).
     *
     * @return false when the execution is not running, or never registered (it did not begin to run)
     */
    public boolean requestStop(long executionId) throws SQLException {
        return database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE app.refresh_job_runs r
                    SET stop_requested = true
                    FROM app.executioninstancedata e
                    WHERE r.execution_id = ?
                      AND e.jobexecid = r.execution_id
                      AND e.batchstatus IN ('STARTING', 'STARTED')""")) {
                update.setLong(1, executionId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Whether a stop was asked for through {@link #requestStop}, on any node. */
    public boolean stopRequested(long executionId) throws SQLException {
        return database.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT stop_requested FROM app.refresh_job_runs WHERE execution_id = ?")) {
                query.setLong(1, executionId);
                try (ResultSet rs = query.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    /**
     * Records an execution's plan in one transaction: reads which views earlier executions of the same job
     * instance finished (a restart does not redo them), then records every view PENDING, or DONE by the earlier
     * execution that did it.
     *
     * @param order the views to refresh, upstream first
     * @return the views finished earlier, with the execution that did each
     */
    public Map<String, Long> planned(long executionId, long instanceId, List<String> order) throws SQLException {
        return database.inTransaction(connection -> {
            Map<String, Long> doneEarlier = new HashMap<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT v.view_name, coalesce(v.done_in_execution, v.execution_id)
                    FROM app.refresh_job_views v
                    JOIN app.refresh_job_runs r USING (execution_id)
                    WHERE r.job_instance_id = ?
                      AND v.execution_id <> ?
                      AND v.state = 'DONE'""")) {
                query.setLong(1, instanceId);
                query.setLong(2, executionId);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        doneEarlier.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO app.refresh_job_views (execution_id, view_name, position, state, done_in_execution)
                    VALUES (?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < order.size(); i++) {
                    String view = order.get(i);
                    Long earlier = doneEarlier.get(view);
                    insert.setLong(1, executionId);
                    insert.setString(2, view);
                    insert.setInt(3, i);
                    insert.setString(4, earlier == null ? "PENDING" : "DONE");
                    insert.setObject(5, earlier);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return doneEarlier;
        });
    }

    /** Execution ids, newest first, from the registrations every execution makes when it starts. */
    public List<Long> newestExecutions(long offset, int limit) throws SQLException {
        return database.inTransaction(connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT execution_id FROM app.refresh_job_runs
                    ORDER BY execution_id DESC
                    OFFSET ? LIMIT ?""")) {
                query.setLong(1, offset);
                query.setInt(2, limit);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return ids;
        });
    }

    public void running(long executionId, String view) throws SQLException {
        update(executionId, view, "RUNNING", null, Instant.now(), null);
    }

    public void finished(long executionId, String view, RefreshResult result) throws SQLException {
        String state = switch (result.outcome()) {
            case SUCCEEDED, SKIPPED_UNCHANGED -> "DONE";
            case FAILED -> "FAILED";
            // Busy: another refresh of it was running and may still fail, so a restart must not count it as done.
            case SKIPPED_UPSTREAM_FAILED, SKIPPED_BUSY -> "SKIPPED";
        };
        update(executionId, view, state, result.outcome(), null, result.finishedAt());
    }

    /** Progress of one execution in dependency order; empty when it never got to plan. */
    public List<ViewProgress> of(long executionId) throws SQLException {
        return database.inTransaction(connection -> {
            List<ViewProgress> views = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT view_name, state, outcome, done_in_execution, started_at, finished_at
                    FROM app.refresh_job_views
                    WHERE execution_id = ?
                    ORDER BY position""")) {
                query.setLong(1, executionId);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        views.add(new ViewProgress(rs.getString(1), rs.getString(2), rs.getString(3),
                                (Long) rs.getObject(4), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6))));
                    }
                }
            }
            return views;
        });
    }

    private void update(long executionId, String view, String state, RefreshOutcome outcome, Instant startedAt,
                        Instant finishedAt) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE app.refresh_job_views
                    SET state = ?,
                        outcome = coalesce(?, outcome),
                        started_at = coalesce(?, started_at),
                        finished_at = coalesce(?, finished_at)
                    WHERE execution_id = ?
                      AND view_name = ?""")) {
                update.setString(1, state);
                update.setString(2, outcome == null ? null : outcome.name());
                update.setTimestamp(3, startedAt == null ? null : Timestamp.from(startedAt));
                update.setTimestamp(4, finishedAt == null ? null : Timestamp.from(finishedAt));
                update.setLong(5, executionId);
                update.setString(6, view);
                update.executeUpdate();
            }
            return null;
        });
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
