package org.mvreports.refresh.job.control;

import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.mvreports.database.LocalTransactions;

/**
 * The batch runtime's own tables in {@code app} ({@code jobinstancedata}, {@code executioninstancedata},
 * {@code stepexecutioninstancedata}), where the application changes them itself: Jakarta Batch has no operation for
 * "this execution's JVM is gone", and Payara's job API lets only the component that started a job operate on it (see
 * {@link JobExecutions}). Everything the application writes there is written here.
 */
@ApplicationScoped
public class BatchRepository {

    /** The statuses of an execution that has not ended, as the repository stores them. */
    static final List<String> RUNNING = List.of(BatchStatus.STARTING.name(), BatchStatus.STARTED.name(),
            BatchStatus.STOPPING.name());

    @Inject
    LocalTransactions database;

    /** Set once the batch runtime created its tables; it never drops them. */
    private volatile boolean exists;

    /** Whether the batch runtime has created its tables (it does on first use; before that no execution exists). */
    public boolean exists() throws SQLException {
        if (!exists) {
            exists = database.inTransaction(BatchRepository::exists);
        }
        return exists;
    }

    /** As {@link #exists()}, on the caller's connection. */
    public static boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT to_regclass('app.executioninstancedata') IS NOT NULL");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** An execution's batch status and stored parameters, read under a row lock. */
    record Locked(BatchStatus status, byte[] parameters) {
        boolean endedUnsuccessfully() {
            return status == BatchStatus.FAILED || status == BatchStatus.STOPPED;
        }
    }

    /**
     * Locks an execution's row of the refresh job: restart and abandon take it first, so that one of them decides
     * after the other has committed.
     *
     * @return null when it is not an execution of the refresh job
     */
    static Locked lock(Connection connection, long executionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT e.batchstatus, e.parameters
                FROM app.executioninstancedata e
                JOIN app.jobinstancedata i ON i.jobinstanceid = e.jobinstanceid
                WHERE i.name = ? AND e.jobexecid = ?
                FOR UPDATE OF e""")) {
            query.setString(1, RefreshJobLauncher.JOB);
            query.setLong(2, executionId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? new Locked(BatchStatus.valueOf(rs.getString(1)), rs.getBytes(2)) : null;
            }
        }
    }

    /** Marks an execution ABANDONED, as the batch runtime's abandon would (it refuses other nodes' executions). */
    static void abandon(Connection connection, long executionId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE app.executioninstancedata SET batchstatus = 'ABANDONED', updatetime = now()
                WHERE jobexecid = ?""")) {
            update.setLong(1, executionId);
            update.executeUpdate();
        }
    }

    /** Marks a running execution and its steps FAILED (restartable), with {@code exitStatus}. */
    static void fail(Connection connection, long executionId, String exitStatus) throws SQLException {
        for (String sql : List.of("""
                UPDATE app.executioninstancedata
                SET batchstatus = 'FAILED', exitstatus = ?, endtime = now(), updatetime = now()
                WHERE jobexecid = ?
                  AND batchstatus IN ('STARTING', 'STARTED', 'STOPPING')""", """
                UPDATE app.stepexecutioninstancedata
                SET batchstatus = 'FAILED', exitstatus = ?, endtime = now()
                WHERE jobexecid = ?
                  AND batchstatus IN ('STARTING', 'STARTED', 'STOPPING')""")) {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, exitStatus);
                update.setLong(2, executionId);
                update.executeUpdate();
            }
        }
    }
}
