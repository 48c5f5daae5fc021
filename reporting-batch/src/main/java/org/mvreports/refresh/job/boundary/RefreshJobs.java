package org.mvreports.refresh.job.boundary;

import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.UnknownReportException;
import org.mvreports.history.control.AdminActions;
import org.mvreports.history.entity.AdminAction;
import org.mvreports.history.entity.RefreshTrigger;
import org.mvreports.refresh.job.control.JobExecutions;
import org.mvreports.refresh.job.control.JobRestarts;
import org.mvreports.refresh.job.control.JobRuns;
import org.mvreports.refresh.job.control.JobTimeLeft;
import org.mvreports.refresh.job.control.RefreshJobLauncher;
import org.mvreports.refresh.job.entity.ExecutionStateException;
import org.mvreports.refresh.job.entity.RefreshJobParameters;
import org.mvreports.refresh.job.entity.RefreshJobStatus;
import org.mvreports.refresh.job.entity.UnknownExecutionException;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.security.entity.Roles;

/**
 * Operations on refresh jobs for refresh administrators: start, look at, stop, restart, abandon, on executions of
 * any node. The console and the REST API call these, saying which they are ({@link Channel}), so that the refresh
 * log names the right trigger; the scheduler starts jobs through {@link RefreshJobLauncher}.
 *
 * <p>Not in a JTA transaction: Jakarta Batch starts its own, and a job must not be rolled back with its caller.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@RolesAllowed(Roles.REFRESH_ADMIN)
public class RefreshJobs {

    private static final Logger LOG = Logger.getLogger(RefreshJobs.class.getName());

    /** The largest page {@link #list} returns. */
    public static final int MAX_PAGE_SIZE = 100;

    /** Where a person asked: the refresh log records a page's request as USER, an API call's as API. */
    public enum Channel {
        CONSOLE(RefreshTrigger.Kind.USER),
        API(RefreshTrigger.Kind.API);

        private final RefreshTrigger.Kind trigger;

        Channel(RefreshTrigger.Kind trigger) {
            this.trigger = trigger;
        }
    }

    @Inject
    RefreshJobLauncher launcher;

    /**
     * Whether the batch runtime can start and follow refresh jobs: it answers a question from its job repository
     * (one query; for readiness, which answers anonymously and shows nothing of the answer).
     *
     * @throws RuntimeException when it cannot (e.g. its repository cannot be read)
     */
    @PermitAll
    public void checkBatchRuntime() {
        try {
            BatchRuntime.getJobOperator().getJobInstanceCount(RefreshJobLauncher.JOB);
        } catch (NoSuchJobException e) {
            // No refresh job has run yet: the repository answered, which is what is asked.
        }
    }

    @Inject
    JobExecutions executions;

    @Inject
    JobRestarts restarts;

    @Inject
    JobRuns runs;

    @Inject
    JobTimeLeft timeLeft;

    @Inject
    PostgresCatalog catalog;

    @Inject
    AdminActions actions;

    @Resource
    SessionContext session;

    /**
     * Starts a refresh job for the calling user.
     *
     * @param views             report names; empty for all
     * @param includeDependents null: the default ({@link RefreshJobParameters#DEFAULT_INCLUDE_DEPENDENTS})
     * @param force             null: the default ({@link RefreshJobParameters#DEFAULT_FORCE})
     * @return the new execution's id
     * @throws UnknownReportException listing names that are not reports (nothing started)
     */
    public long start(Collection<String> views, Boolean includeDependents, Boolean force, Channel channel) {
        Set<String> unknown = catalog.unknownViews(views);
        if (!unknown.isEmpty()) {
            throw new UnknownReportException(unknown);
        }
        RefreshJobParameters request = RefreshJobParameters.request(views, includeDependents, force, trigger(channel));
        long executionId = launcher.start(request);
        record(AdminAction.Kind.START_JOB, executionId, describe(request));
        return executionId;
    }

    /** What a job was asked to do, as the admin-action record says it. */
    private static String describe(RefreshJobParameters request) {
        return "views: " + (request.views().isEmpty() ? "all" : String.join(", ", new TreeSet<>(request.views())))
                + "; dependents: " + (request.includeDependents() ? "yes" : "no")
                + "; force: " + (request.force() ? "yes" : "no");
    }

    /**
     * Records what the caller did to an execution, for auditors. The batch runtime did it outside any transaction
     * of the application's, so it cannot be undone when the record fails: then the log says so.
     */
    private void record(AdminAction.Kind kind, long executionId, String newValue) {
        AdminAction action = new AdminAction(session.getCallerPrincipal().getName(), kind, null, executionId, null,
                newValue);
        try {
            actions.append(action);
        } catch (SQLException e) {
            LOG.log(Level.SEVERE, "cannot record " + action + " in the admin-action record", e);
        }
    }

    /**
     * Status and per-view progress of one execution, whichever node ran it.
     *
     * @throws UnknownExecutionException when it is not a refresh job execution
     */
    public RefreshJobStatus status(long executionId) {
        try {
            RefreshJobStatus status = executions.status(executionId)
                    .orElseThrow(() -> new UnknownExecutionException(executionId));
            return withTimeLeft(List.of(status)).get(0);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read refresh job execution " + executionId, e);
        }
    }

    /**
     * Executions, newest first.
     *
     * @param page 0-based page number
     * @param size executions per page, 1 to {@value #MAX_PAGE_SIZE}
     */
    public List<RefreshJobStatus> list(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("page must be 0 or more and size 1 to " + MAX_PAGE_SIZE
                    + ", were " + page + " and " + size);
        }
        try {
            return withTimeLeft(executions.newest((long) page * size, size));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list refresh job executions", e);
        }
    }

    /**
     * Asks a running execution to stop: running views finish, no new ones start. The batch runtime stops only
     * executions it started in this deployment on this node; any other gets the request through the database and
     * stops at its next view boundary.
     *
     * @throws ExecutionStateException when it is not running
     */
    /** The executions with their time left; without it, should it not be computable now (it is an extra). */
    private List<RefreshJobStatus> withTimeLeft(List<RefreshJobStatus> statuses) {
        try {
            return timeLeft.estimate(statuses);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot estimate the time left of running refresh jobs: " + e.getMessage(), e);
            return statuses;
        }
    }

    public void stop(long executionId) {
        BatchStatus status = status(executionId).batchStatus();
        if (status == BatchStatus.STOPPING) {
            return; // asked before; the views running finish first
        }
        if (!RefreshJobStatus.running(status)) {
            throw new ExecutionStateException("execution " + executionId + " is " + status
                    + "; only running executions can be stopped");
        }
        if (!launcher.stopHere(executionId)) {
            try {
                if (!runs.requestStop(executionId)) {
                    throw new ExecutionStateException("execution " + executionId + " has not begun to run yet, or"
                            + " has just ended; ask again");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot ask for execution " + executionId + " to stop", e);
            }
        }
        record(AdminAction.Kind.STOP_JOB, executionId, null);
    }

    /**
     * Restarts a failed or stopped execution, once: a new execution of the same request that does not redo the
     * views the earlier ones finished. Works for executions of any node and of earlier deployments.
     *
     * @return the new execution's id
     * @throws UnknownExecutionException when it is not a refresh job execution
     * @throws ExecutionStateException   when it is not FAILED or STOPPED, was restarted already, or names a view
     *                                   that no longer exists
     */
    public long restart(long executionId, Channel channel) {
        RefreshTrigger trigger = trigger(channel);
        RefreshJobParameters request;
        try {
            request = executions.claimRestart(executionId, trigger.name());
        } catch (JobExecutions.NotFound e) {
            throw new UnknownExecutionException(executionId);
        } catch (JobExecutions.Refused e) {
            throw new ExecutionStateException(e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot restart execution " + executionId, e);
        }
        long restartedAs;
        try {
            Set<String> gone = catalog.unknownViews(request.views());
            if (!gone.isEmpty()) {
                throw new ExecutionStateException("execution " + executionId + " cannot be restarted: no such"
                        + " report(s): " + String.join(", ", gone) + "; start a new job instead");
            }
            restartedAs = launcher.start(request.resuming(executionId, trigger));
        } catch (RuntimeException notStarted) {
            giveBack(executionId, notStarted);
            throw notStarted;
        }
        try {
            restarts.started(executionId, restartedAs);
        } catch (SQLException e) {
            // It started: the answer is its id. It links itself to the one it resumes when it registers.
            LOG.warning(() -> "restart " + restartedAs + " of execution " + executionId + " started, but its link"
                    + " could not be written now: " + e.getMessage());
        }
        record(AdminAction.Kind.RESTART_JOB, executionId, "restarted as execution " + restartedAs);
        return restartedAs;
    }

    /** The restart did not start: its claim is given back, so that it can be asked for again. */
    private void giveBack(long executionId, RuntimeException notStarted) {
        try {
            restarts.notStarted(executionId);
        } catch (SQLException e) {
            notStarted.addSuppressed(e);
        }
    }

    /**
     * Marks a stopped or failed execution as ABANDONED: it can never be restarted.
     *
     * @throws UnknownExecutionException when it is not a refresh job execution
     * @throws ExecutionStateException   when it is running, completed, abandoned already or restarted
     */
    public void abandon(long executionId) {
        try {
            executions.abandon(executionId);
        } catch (JobExecutions.NotFound e) {
            throw new UnknownExecutionException(executionId);
        } catch (JobExecutions.Refused e) {
            throw new ExecutionStateException(e.getMessage());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot abandon execution " + executionId, e);
        }
        record(AdminAction.Kind.ABANDON_JOB, executionId, null);
    }

    private RefreshTrigger trigger(Channel channel) {
        return new RefreshTrigger(channel.trigger, session.getCallerPrincipal().getName());
    }
}
