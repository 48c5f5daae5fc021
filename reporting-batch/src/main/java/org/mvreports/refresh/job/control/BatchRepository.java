package org.mvreports.refresh.job.control;

import jakarta.batch.runtime.BatchStatus;
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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mvreports.database.LocalTransactions;
import org.mvreports.refresh.job.entity.RefreshJobStatus;

/**
 * The batch runtime's own tables in {@code app} ({@code jobinstancedata}, {@code executioninstancedata},
 * {@code stepexecutioninstancedata}): the one class that reads or writes them. The application reads executions from
 * them rather than through Jakarta Batch's job API, because Payara's API shows a job only to the component of the
 * deployment that started it (every node must show every execution), and changes them itself where Jakarta Batch has
 * no operation for "this execution's JVM is gone" or lets only the starting component act ({@link JobExecutions}).
 * What other tables say of an execution (its node, its restarts, its views) their owners answer, by execution id.
 */
@ApplicationScoped
public class BatchRepository {

    /** The statuses of an execution that has not ended, as the repository stores them: the one definition. */
    static final List<String> RUNNING = Arrays.stream(BatchStatus.values()).filter(RefreshJobStatus::running)
            .map(BatchStatus::name).toList();

    /**
     * An execution of the refresh job, as the repository has it.
     *
     * @param parameters its job parameters, serialized as the batch runtime stores them ({@link StoredJobParameters})
     * @param quiet      whether the batch runtime has not updated it for as long as the caller asked about
     */
    record Execution(long id, BatchStatus status, String exitStatus, Instant startedAt, Instant endedAt,
                     byte[] parameters, boolean quiet) {
    }

    private static final String EXECUTIONS = """
            SELECT e.jobexecid, e.batchstatus, e.exitstatus, e.starttime, e.endtime, e.parameters,
                   e.updatetime < localtimestamp - CAST(? AS interval)
            FROM app.executioninstancedata e
            JOIN app.jobinstancedata i ON i.jobinstanceid = e.jobinstanceid
            WHERE i.name = ?
            """;

    @Inject
    LocalTransactions database;

    /** Set once the batch runtime created its tables (in this JVM's sight); it never drops them. */
    private static volatile boolean created;

    /** Whether the batch runtime has created its tables (it does on first use; before that no execution exists). */
    public boolean exists() throws SQLException {
        return created || database.inTransaction(BatchRepository::exists);
    }

    /** As {@link #exists()}, on the caller's connection; asks the database only until the answer is yes. */
    public static boolean exists(Connection connection) throws SQLException {
        if (created) {
            return true;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT to_regclass('app.executioninstancedata') IS NOT NULL");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            created = rs.getBoolean(1);
            return created;
        }
    }

    /** One execution of the refresh job; empty when there is none of that id. */
    static Optional<Execution> execution(Connection connection, long executionId) throws SQLException {
        return read(connection, EXECUTIONS + "  AND e.jobexecid = ?", Duration.ZERO, executionId).stream()
                .findFirst();
    }

    /** Executions of the refresh job, newest first. */
    static List<Execution> newest(Connection connection, long offset, int limit) throws SQLException {
        return read(connection, EXECUTIONS + "ORDER BY e.jobexecid DESC\nOFFSET ?\nLIMIT ?", Duration.ZERO, offset,
                limit);
    }

    /**
     * The executions of the refresh job that have not ended, oldest first.
     *
     * @param quietFor what {@link Execution#quiet} asks: not updated by the batch runtime for at least this long
     */
    static List<Execution> running(Connection connection, Duration quietFor) throws SQLException {
        return read(connection, EXECUTIONS + "  AND e.batchstatus = ANY(?)\nORDER BY e.jobexecid", quietFor,
                connection.createArrayOf("text", RUNNING.toArray()));
    }

    /** The ids of the refresh job's executions that have not ended. */
    public static Set<Long> runningIds(Connection connection) throws SQLException {
        Set<Long> ids = new HashSet<>();
        if (exists(connection)) {
            running(connection, Duration.ZERO).forEach(e -> ids.add(e.id()));
        }
        return ids;
    }

    private static List<Execution> read(Connection connection, String sql, Duration quietFor, Object... parameters)
            throws SQLException {
        List<Execution> executions = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, quietFor.toSeconds() + " seconds");
            query.setString(2, RefreshJobLauncher.JOB);
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 3, parameters[i]);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    executions.add(new Execution(rs.getLong(1), BatchStatus.valueOf(rs.getString(2)),
                            rs.getString(3), instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)),
                            rs.getBytes(6), rs.getBoolean(7)));
                }
            }
        }
        return executions;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
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
                  AND batchstatus = ANY(?)""", """
                UPDATE app.stepexecutioninstancedata
                SET batchstatus = 'FAILED', exitstatus = ?, endtime = now()
                WHERE jobexecid = ?
                  AND batchstatus = ANY(?)""")) {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, exitStatus);
                update.setLong(2, executionId);
                update.setArray(3, connection.createArrayOf("text", RUNNING.toArray()));
                update.executeUpdate();
            }
        }
    }
}
