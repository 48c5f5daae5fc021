package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
     * Views that earlier executions of the same job instance finished without failure, with the execution that
     * did each; a restart does not redo them.
     */
    public Map<String, Long> doneEarlier(Collection<Long> earlierExecutions) throws SQLException {
        Map<String, Long> done = new HashMap<>();
        if (earlierExecutions.isEmpty()) {
            return done;
        }
        return database.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT view_name, coalesce(done_in_execution, execution_id)
                    FROM app.refresh_job_views
                    WHERE execution_id = ANY (?)
                      AND state = 'DONE'""")) {
                query.setArray(1, connection.createArrayOf("bigint", earlierExecutions.toArray()));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        done.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return done;
        });
    }

    /** Records the plan of an execution: every view PENDING, or DONE by the earlier execution that did it. */
    public void planned(long executionId, List<String> order, Map<String, Long> doneEarlier) throws SQLException {
        database.inTransaction(connection -> {
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
            return null;
        });
    }

    /** Execution ids, newest first, from the registrations every execution makes when it starts. */
    public List<Long> newestExecutions(int offset, int limit) throws SQLException {
        return database.inTransaction(connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT execution_id FROM app.refresh_job_runs
                    ORDER BY execution_id DESC
                    OFFSET ? LIMIT ?""")) {
                query.setInt(1, offset);
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

    /** Registers the node running an execution (see {@link StaleJobRecovery}). */
    public void runningOn(long executionId, String nodeName) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO app.refresh_job_runs (execution_id, node_name) VALUES (?, ?)
                    ON CONFLICT (execution_id) DO UPDATE SET node_name = excluded.node_name,
                                                            heartbeat_at = now()""")) {
                insert.setLong(1, executionId);
                insert.setString(2, nodeName);
                insert.executeUpdate();
            }
            return null;
        });
    }

    public void running(long executionId, String view) throws SQLException {
        update(executionId, view, "RUNNING", null, Instant.now(), null);
    }

    public void finished(long executionId, String view, RefreshResult result) throws SQLException {
        String state = switch (result.outcome()) {
            case SUCCEEDED, SKIPPED_UNCHANGED, SKIPPED_BUSY -> "DONE";
            case FAILED -> "FAILED";
            case SKIPPED_UPSTREAM_FAILED -> "SKIPPED";
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

    /** Every change of a view's state is also a sign of life of the execution's node. */
    private void update(long executionId, String view, String state, RefreshOutcome outcome, Instant startedAt,
                        Instant finishedAt) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement heartbeat = connection.prepareStatement(
                    "UPDATE app.refresh_job_runs SET heartbeat_at = now() WHERE execution_id = ?")) {
                heartbeat.setLong(1, executionId);
                heartbeat.executeUpdate();
            }
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
