package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.refresh.job.entity.RefreshJobStatus;
import org.mvreports.refresh.job.entity.ViewProgress;

/**
 * Refresh job executions as every node sees them: read from, and for abandon and restart written to, the batch
 * repository's tables and ours, not through the batch runtime's {@code JobOperator}.
 *
 * <p>Why not the {@code JobOperator}: Payara tags each job instance with the component that started it, including
 * a unique id the component gets at deployment, and lets only that component read or operate on the instance.
 * An execution started by another node, or by this node before the application was redeployed (the launcher
 * redeploys at every start), would answer {@code JobSecurityException}: invisible exactly when an administrator
 * needs it, after a node died. The tables are the same for every node.
 *
 * <p>Times: the batch runtime writes its times without a time zone, in its JVM's zone; they are read back in this
 * JVM's zone, which is right as long as a site's nodes share one (as the batch runtime's own API assumes too).
 *
 * <h2>Restarts</h2>
 * A restart is a new execution that resumes a FAILED or STOPPED one ({@code app.refresh_job_restarts}, see its
 * migration): the new execution does not redo the views that one, and the ones it resumed in turn, finished.
 */
@ApplicationScoped
public class JobExecutions {

    private static final Logger LOG = Logger.getLogger(JobExecutions.class.getName());

    /**
     * A restart claim still without its new execution after this never got one (the node that claimed it died
     * before starting it, or the start was lost); it may be taken again. Should the first restart run after all
     * (it waited that long for a batch thread), it finds the other linked and does nothing.
     */
    static final String ABANDONED_CLAIM_AFTER = "1 minute";

    private static final String EXECUTIONS = """
            SELECT e.jobexecid, e.batchstatus, e.exitstatus, e.starttime, e.endtime, e.parameters, r.node_name,
                   resumed.restarted_execution_id, restart.restarted_as
            FROM app.executioninstancedata e
            JOIN app.jobinstancedata i ON i.jobinstanceid = e.jobinstanceid
            LEFT JOIN app.refresh_job_runs r ON r.execution_id = e.jobexecid
            LEFT JOIN app.refresh_job_restarts resumed ON resumed.restarted_as = e.jobexecid
            LEFT JOIN app.refresh_job_restarts restart ON restart.restarted_execution_id = e.jobexecid
            WHERE i.name = ?
            """;

    @Inject
    LocalTransactions database;

    @Inject
    JobProgress progress;

    /** Set once the batch runtime created its tables; it never drops them. */
    private volatile boolean repositoryExists;

    /** @throws UnknownExecutionException when it is not an execution of the refresh job */
    public RefreshJobStatus status(long executionId) throws SQLException {
        List<RefreshJobStatus> found = read(EXECUTIONS + " AND e.jobexecid = ?", executionId, null);
        if (found.isEmpty()) {
            throw new UnknownExecutionException(executionId);
        }
        return found.get(0);
    }

    /** Executions, newest first. */
    public List<RefreshJobStatus> newest(long offset, int limit) throws SQLException {
        return read(EXECUTIONS + " ORDER BY e.jobexecid DESC OFFSET ? LIMIT ?", offset, limit);
    }

    /**
     * Claims the restart of a failed or stopped execution for {@code requestedBy}, before the new execution starts:
     * an execution is restarted once. Follow with {@link #restartStarted} or, when the start failed,
     * {@link #restartNotStarted}.
     *
     * @return the parameters the execution was started with
     * @throws UnknownExecutionException when it is not an execution of the refresh job
     * @throws ExecutionStateException   when it is not FAILED or STOPPED, or was restarted already
     */
    public Map<String, String> claimRestart(long executionId, String requestedBy) throws SQLException {
        if (!repositoryExists()) {
            throw new UnknownExecutionException(executionId);
        }
        return database.inTransaction(connection -> {
            Locked execution = lock(connection, executionId);
            if (!execution.endedUnsuccessfully()) {
                throw new ExecutionStateException("execution " + executionId + " is " + execution.status()
                        + "; only FAILED or STOPPED executions can be restarted");
            }
            try (PreparedStatement claim = connection.prepareStatement("""
                    INSERT INTO app.refresh_job_restarts (restarted_execution_id, requested_by) VALUES (?, ?)
                    ON CONFLICT (restarted_execution_id) DO UPDATE
                        SET requested_by = excluded.requested_by, requested_at = now()
                        WHERE refresh_job_restarts.restarted_as IS NULL
                          AND refresh_job_restarts.requested_at < now() - ?::interval""")) {
                claim.setLong(1, executionId);
                claim.setString(2, requestedBy);
                claim.setString(3, ABANDONED_CLAIM_AFTER);
                if (claim.executeUpdate() == 0) {
                    Long restartedAs = restartClaim(connection, executionId).restartedAs();
                    throw new ExecutionStateException("execution " + executionId + (restartedAs == null
                            ? " is being restarted"
                            : " was restarted already, as execution " + restartedAs + "; restart that one"));
                }
            }
            try {
                return StoredJobParameters.decode(execution.parameters());
            } catch (IllegalArgumentException e) {
                throw new ExecutionStateException("execution " + executionId + " cannot be restarted: "
                        + e.getMessage());
            }
        });
    }

    /**
     * Completes a {@link #claimRestart claim}: {@code restartedAs} is the new execution. The new execution links
     * itself too when it registers, whichever comes first; the link is never changed afterwards.
     */
    public void restartStarted(long executionId, long restartedAs) throws SQLException {
        database.update("""
                UPDATE app.refresh_job_restarts SET restarted_as = ?
                WHERE restarted_execution_id = ? AND restarted_as IS NULL""", restartedAs, executionId);
    }

    /** Gives a {@link #claimRestart claim} back: the new execution did not start. */
    public void restartNotStarted(long executionId) throws SQLException {
        database.update("""
                DELETE FROM app.refresh_job_restarts
                WHERE restarted_execution_id = ? AND restarted_as IS NULL""", executionId);
    }

    /**
     * Marks a failed or stopped execution ABANDONED: it can no longer be restarted. Written to the batch
     * repository directly, as the batch runtime's abandon would, for executions of any node.
     *
     * @throws UnknownExecutionException when it is not an execution of the refresh job
     * @throws ExecutionStateException   when it is running, completed, abandoned already, or restarted (then the
     *                                   restart is the one to abandon)
     */
    public void abandon(long executionId) throws SQLException {
        if (!repositoryExists()) {
            throw new UnknownExecutionException(executionId);
        }
        database.inTransaction(connection -> {
            Locked execution = lock(connection, executionId);
            if (!execution.endedUnsuccessfully()) {
                throw new ExecutionStateException("execution " + executionId + " is " + execution.status()
                        + (running(execution.status())
                        ? "; stop it first" : "; only FAILED or STOPPED executions can be abandoned"));
            }
            // A statement of its own after the lock: it sees a restart claimed while this waited for the lock.
            RestartClaim claim = restartClaim(connection, executionId);
            if (claim != null) {
                throw new ExecutionStateException("execution " + executionId + (claim.restartedAs() == null
                        ? " is being restarted"
                        : " was restarted as execution " + claim.restartedAs() + "; abandon that one"));
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE app.executioninstancedata SET batchstatus = 'ABANDONED', updatetime = now()
                    WHERE jobexecid = ?""")) {
                update.setLong(1, executionId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Whether the batch status is one of a running execution's. */
    public static boolean running(String batchStatus) {
        return batchStatus.equals("STARTING") || batchStatus.equals("STARTED") || batchStatus.equals("STOPPING");
    }

    /** The batch runtime creates its tables on first use; before that no execution exists. */
    boolean repositoryExists() throws SQLException {
        if (!repositoryExists) {
            repositoryExists = database.inTransaction(JobExecutions::repositoryExists);
        }
        return repositoryExists;
    }

    /** Whether the batch runtime's tables exist yet, on the caller's connection. */
    static boolean repositoryExists(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT to_regclass('app.executioninstancedata') IS NOT NULL");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private List<RefreshJobStatus> read(String sql, long first, Integer limit) throws SQLException {
        if (!repositoryExists()) {
            return List.of();
        }
        List<RefreshJobStatus> executions = database.inTransaction(connection -> {
            List<RefreshJobStatus> found = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setString(1, RefreshJobLauncher.JOB);
                query.setLong(2, first);
                if (limit != null) {
                    query.setInt(3, limit);
                }
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        Map<String, String> parameters = parameters(id, rs.getBytes(6));
                        // The link is written just after the restart starts; its parameter names it from the start.
                        Long resumes = (Long) rs.getObject(8);
                        if (resumes == null && parameters.getOrDefault("resumes", "").matches("\\d{1,18}")) {
                            resumes = Long.valueOf(parameters.get("resumes"));
                        }
                        found.add(new RefreshJobStatus(id, rs.getString(2), rs.getString(3),
                                instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), rs.getString(7),
                                resumes, (Long) rs.getObject(9), parameters, null));
                    }
                }
            }
            return found;
        });
        Map<Long, List<ViewProgress>> views = progress.of(executions.stream().map(RefreshJobStatus::executionId)
                .toList());
        return executions.stream()
                .map(execution -> execution.withViews(views.getOrDefault(execution.executionId(), List.of())))
                .toList();
    }

    /** An execution's batch status and stored parameters, read under a row lock. */
    private record Locked(String status, byte[] parameters) {
        boolean endedUnsuccessfully() {
            return status.equals("FAILED") || status.equals("STOPPED");
        }
    }

    /**
     * Locks an execution's row in the batch repository: restart and abandon take it first, so that one of them
     * decides after the other has committed.
     */
    private static Locked lock(Connection connection, long executionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT e.batchstatus, e.parameters
                FROM app.executioninstancedata e
                JOIN app.jobinstancedata i ON i.jobinstanceid = e.jobinstanceid
                WHERE i.name = ? AND e.jobexecid = ?
                FOR UPDATE OF e""")) {
            query.setString(1, RefreshJobLauncher.JOB);
            query.setLong(2, executionId);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new UnknownExecutionException(executionId);
                }
                return new Locked(rs.getString(1), rs.getBytes(2));
            }
        }
    }

    /**
     * The restart claimed for an execution.
     *
     * @param restartedAs the execution that restarts it, null between the claim and the new execution's start
     */
    record RestartClaim(Long restartedAs) {
    }

    /** @return the restart claimed for {@code executionId}, null when none was */
    static RestartClaim restartClaim(Connection connection, long executionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT restarted_as FROM app.refresh_job_restarts WHERE restarted_execution_id = ?")) {
            query.setLong(1, executionId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? new RestartClaim((Long) rs.getObject(1)) : null;
            }
        }
    }

    /** Shown, not trusted: parameters that cannot be read leave the display empty rather than fail it. */
    private static Map<String, String> parameters(long executionId, byte[] serialized) {
        try {
            return StoredJobParameters.decode(serialized);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "execution " + executionId + ": " + e.getMessage());
            return Map.of();
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
