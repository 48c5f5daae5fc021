package org.mvreports.refresh.job.control;

import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mvreports.database.LocalTransactions;

/**
 * {@code app.refresh_job_runs}: which node runs which execution, its heartbeat, and a stop asked for from another
 * node. Jakarta Batch's repository says none of this: without it an execution whose node died would look STARTED for
 * ever ({@link StaleJobRecovery}), and a stop could only reach the JVM that runs the execution.
 */
@ApplicationScoped
public class JobRuns {

    @Inject
    LocalTransactions database;

    /**
     * Registers the node running an execution, before anything else the execution does; its heartbeat starts from
     * here. A restart also links itself to the execution it resumes ({@link JobRestarts#link}), in case the node that
     * started it could not.
     *
     * @param resumes the execution this one restarts, null for a fresh start
     * @return for a restart, the execution that the resumed one is linked to now: this one, unless another restart
     *         of it was linked first; null for a fresh start
     */
    public Long register(long executionId, String nodeName, Long resumes) throws SQLException {
        return database.inTransaction(connection -> {
            try (PreparedStatement register = connection.prepareStatement("""
                    INSERT INTO app.refresh_job_runs (execution_id, node_name) VALUES (?, ?)
                    ON CONFLICT (execution_id) DO UPDATE SET node_name = excluded.node_name,
                                                            heartbeat_at = now()""")) {
                register.setLong(1, executionId);
                register.setString(2, nodeName);
                register.executeUpdate();
            }
            if (resumes == null) {
                return null;
            }
            JobRestarts.link(connection, resumes, executionId);
            return JobRestarts.claimOf(connection, resumes).restartedAs();
        });
    }

    /** A sign of life of a running execution's node. */
    public void heartbeat(long executionId) throws SQLException {
        database.update("UPDATE app.refresh_job_runs SET heartbeat_at = now() WHERE execution_id = ?", executionId);
    }

    /**
     * Asks the node running an execution to stop it: its job reads the request as each view ends
     * ({@link JobProgress#finished}) and starts no more views.
     *
     * @return false when the execution is not running, or never registered (it did not begin to run)
     */
    public boolean requestStop(long executionId) throws SQLException {
        return database.inTransaction(connection -> {
            // An execution that ends meanwhile reads no more requests: one asked of it then changes nothing.
            Optional<BatchRepository.Execution> execution = BatchRepository.execution(connection, executionId);
            if (execution.isEmpty() || !List.of(BatchStatus.STARTING, BatchStatus.STARTED)
                    .contains(execution.get().status())) {
                return false;
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE app.refresh_job_runs SET stop_requested = true WHERE execution_id = ?")) {
                update.setLong(1, executionId);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Where an execution runs, as its node registered it.
     *
     * @param node   the node's name
     * @param silent whether its heartbeat is older than the caller asked about
     */
    record Run(String node, boolean silent) {
    }

    /**
     * The registered runs of {@code executions}, by execution id; an execution whose node never registered it is
     * absent.
     *
     * @param silentAfter what {@link Run#silent} asks: no heartbeat for at least this long
     */
    static Map<Long, Run> of(Connection connection, Collection<Long> executions, Duration silentAfter)
            throws SQLException {
        Map<Long, Run> runs = new HashMap<>();
        if (executions.isEmpty()) {
            return runs;
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT execution_id, node_name, heartbeat_at < now() - CAST(? AS interval)
                FROM app.refresh_job_runs
                WHERE execution_id = ANY(?)""")) {
            query.setString(1, silentAfter.toSeconds() + " seconds");
            query.setArray(2, connection.createArrayOf("bigint", executions.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    runs.put(rs.getLong(1), new Run(rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return runs;
    }

    /** Whether a stop was asked for through {@link #requestStop}, on the caller's connection. */
    static boolean stopRequested(Connection connection, long executionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT stop_requested FROM app.refresh_job_runs WHERE execution_id = ?")) {
            query.setLong(1, executionId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
