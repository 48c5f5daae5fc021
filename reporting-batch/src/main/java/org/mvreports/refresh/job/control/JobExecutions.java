package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
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
        return read(connection -> BatchRepository.execution(connection, executionId).stream().toList()).stream()
                .findFirst();
    }

    /** Executions, newest first. */
    public List<RefreshJobStatus> newest(long offset, int limit) throws SQLException {
        return read(connection -> BatchRepository.newest(connection, offset, limit));
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

    /**
     * The status of executions, from what each table's owner says of them: the batch repository (status, times,
     * parameters), the runs (node), the restarts (lineage) and the progress (per view).
     */
    private List<RefreshJobStatus> read(LocalTransactions.Work<List<BatchRepository.Execution>> which)
            throws SQLException {
        if (!repository.exists()) {
            return List.of();
        }
        List<RefreshJobStatus> executions = database.inTransaction(connection -> {
            List<BatchRepository.Execution> found = which.execute(connection);
            List<Long> ids = found.stream().map(BatchRepository.Execution::id).toList();
            Map<Long, JobRuns.Run> runs = JobRuns.of(connection, ids, Duration.ZERO);
            JobRestarts.Links links = JobRestarts.links(connection, ids);
            List<RefreshJobStatus> statuses = new ArrayList<>();
            for (BatchRepository.Execution execution : found) {
                long id = execution.id();
                RefreshJobParameters request = parameters(id, execution.parameters());
                // The link is written just after the restart starts; its parameter names it from the start.
                Long resumes = links.resumes().get(id);
                if (resumes == null && request != null) {
                    resumes = request.resumes();
                }
                JobRuns.Run run = runs.get(id);
                statuses.add(new RefreshJobStatus(id, execution.status(), execution.exitStatus(),
                        execution.startedAt(), execution.endedAt(), run == null ? null : run.node(), resumes,
                        links.restartedAs().get(id), request, null, null, null));
            }
            return statuses;
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
}
