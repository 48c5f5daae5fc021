package org.mvreports.refresh.job.control;

import jakarta.batch.runtime.BatchStatus;
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
import java.util.Optional;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.refresh.job.entity.RefreshJobParameters;
import org.mvreports.refresh.job.entity.RefreshJobStatus;
import org.mvreports.refresh.job.entity.ViewProgress;

/**
 * Refresh job executions as every node sees them, read from the batch repository's tables and ours, not through the
 * batch runtime's {@code JobOperator}; and the decisions on them that must be made under the execution's row lock
 * (restart, abandon). The tables themselves are written by their owners ({@link BatchRepository},
 * {@link JobRestarts}, {@link JobRuns}, {@link JobProgress}).
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
 * A restart is a new execution that resumes a FAILED or STOPPED one ({@link JobRestarts}): the new execution does not
 * redo the views that one, and the ones it resumed in turn, finished.
 */
@ApplicationScoped
public class JobExecutions {

    private static final Logger LOG = Logger.getLogger(JobExecutions.class.getName());

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

    /** There is no refresh job execution of that id. */
    public static class NotFound extends Exception {
        NotFound(long executionId) {
            super("no refresh job execution " + executionId);
        }
    }

    /** The execution's state does not allow what was asked; the message says why and what to do instead. */
    public static class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    @Inject
    LocalTransactions database;

    @Inject
    BatchRepository repository;

    @Inject
    JobProgress progress;

    /** One execution, whichever node ran it; empty when it is not an execution of the refresh job. */
    public Optional<RefreshJobStatus> status(long executionId) throws SQLException {
        return read(EXECUTIONS + " AND e.jobexecid = ?", executionId, null).stream().findFirst();
    }

    /** Executions, newest first. */
    public List<RefreshJobStatus> newest(long offset, int limit) throws SQLException {
        return read(EXECUTIONS + " ORDER BY e.jobexecid DESC OFFSET ? LIMIT ?", offset, limit);
    }

    /**
     * Claims the restart of a failed or stopped execution for {@code requestedBy}, before the new execution starts:
     * an execution is restarted once. Follow with {@link JobRestarts#started} or, when the start failed,
     * {@link JobRestarts#notStarted}.
     *
     * @return what the execution was asked to do
     * @throws NotFound when it is not an execution of the refresh job
     * @throws Refused  when it is not FAILED or STOPPED, was restarted already, or its parameters cannot be read
     */
    public RefreshJobParameters claimRestart(long executionId, String requestedBy)
            throws SQLException, NotFound, Refused {
        if (!repository.exists()) {
            throw new NotFound(executionId);
        }
        return decide(connection -> {
            BatchRepository.Locked execution = BatchRepository.lock(connection, executionId);
            if (execution == null) {
                throw new NotFound(executionId);
            }
            if (!execution.endedUnsuccessfully()) {
                throw new Refused("execution " + executionId + " is " + execution.status()
                        + "; only FAILED or STOPPED executions can be restarted");
            }
            if (!JobRestarts.claim(connection, executionId, requestedBy)) {
                Long restartedAs = JobRestarts.claimOf(connection, executionId).restartedAs();
                throw new Refused("execution " + executionId + (restartedAs == null
                        ? " is being restarted"
                        : " was restarted already, as execution " + restartedAs + "; restart that one"));
            }
            try {
                return RefreshJobParameters.fromProperties(StoredJobParameters.decode(execution.parameters()));
            } catch (IllegalArgumentException e) {
                throw new Refused("execution " + executionId + " cannot be restarted: " + e.getMessage());
            }
        });
    }

    /**
     * Marks a failed or stopped execution ABANDONED: it can no longer be restarted.
     *
     * @throws NotFound when it is not an execution of the refresh job
     * @throws Refused  when it is running, completed, abandoned already, or restarted (then the restart is the one
     *                  to abandon)
     */
    public void abandon(long executionId) throws SQLException, NotFound, Refused {
        if (!repository.exists()) {
            throw new NotFound(executionId);
        }
        decide(connection -> {
            BatchRepository.Locked execution = BatchRepository.lock(connection, executionId);
            if (execution == null) {
                throw new NotFound(executionId);
            }
            if (!execution.endedUnsuccessfully()) {
                throw new Refused("execution " + executionId + " is " + execution.status()
                        + (RefreshJobStatus.running(execution.status())
                        ? "; stop it first" : "; only FAILED or STOPPED executions can be abandoned"));
            }
            // A statement of its own after the lock: it sees a restart claimed while this waited for the lock.
            JobRestarts.Claim claim = JobRestarts.claimOf(connection, executionId);
            if (claim != null) {
                throw new Refused("execution " + executionId + (claim.restartedAs() == null
                        ? " is being restarted"
                        : " was restarted as execution " + claim.restartedAs() + "; abandon that one"));
            }
            BatchRepository.abandon(connection, executionId);
            return null;
        });
    }

    /** A decision made in one transaction under the execution's row lock, which may refuse. */
    @FunctionalInterface
    private interface Decision<T> {
        T decide(Connection connection) throws SQLException, NotFound, Refused;
    }

    /**
     * Runs a decision in a local transaction: a refusal rolls it back and reaches the caller as itself (the
     * transaction's work interface carries only SQLException, so it travels wrapped through it).
     */
    private <T> T decide(Decision<T> decision) throws SQLException, NotFound, Refused {
        try {
            return database.inTransaction(connection -> {
                try {
                    return decision.decide(connection);
                } catch (NotFound | Refused e) {
                    throw new DecisionRefused(e);
                }
            });
        } catch (DecisionRefused e) {
            if (e.getCause() instanceof NotFound notFound) {
                throw notFound;
            }
            throw (Refused) e.getCause();
        }
    }

    /** Carries a refusal out of a transaction's work, which rolls back on it. */
    private static final class DecisionRefused extends RuntimeException {
        DecisionRefused(Exception refusal) {
            super(refusal);
        }
    }

    private List<RefreshJobStatus> read(String sql, long first, Integer limit) throws SQLException {
        if (!repository.exists()) {
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
                        RefreshJobParameters request = parameters(id, rs.getBytes(6));
                        // The link is written just after the restart starts; its parameter names it from the start.
                        Long resumes = (Long) rs.getObject(8);
                        if (resumes == null && request != null) {
                            resumes = request.resumes();
                        }
                        found.add(new RefreshJobStatus(id, BatchStatus.valueOf(rs.getString(2)), rs.getString(3),
                                instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), rs.getString(7),
                                resumes, (Long) rs.getObject(9), request, null));
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

    /** Shown, not trusted: parameters that cannot be read leave the request empty rather than fail the display. */
    private static RefreshJobParameters parameters(long executionId, byte[] serialized) {
        try {
            return RefreshJobParameters.fromProperties(StoredJobParameters.decode(serialized));
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "execution " + executionId + ": " + e.getMessage());
            return null;
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
