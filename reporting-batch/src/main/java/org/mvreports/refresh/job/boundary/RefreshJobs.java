package org.mvreports.refresh.job.boundary;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.mvreports.refresh.control.UnknownViewsException;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.refresh.job.control.ExecutionStateException;
import org.mvreports.refresh.job.control.JobExecutions;
import org.mvreports.refresh.job.control.JobProgress;
import org.mvreports.refresh.job.control.RefreshJobLauncher;
import org.mvreports.refresh.job.control.UnknownExecutionException;
import org.mvreports.refresh.job.entity.RefreshJobStatus;
import org.mvreports.security.Roles;

/**
 * Operations on refresh jobs for refresh administrators: start, look at, stop, restart, abandon, on executions of
 * any node. The console and the REST API call these; the scheduler starts jobs through {@link RefreshJobLauncher}.
 *
 * <p>Not in a JTA transaction: Jakarta Batch starts its own, and a job must not be rolled back with its caller.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RefreshJobs {

    private static final Logger LOG = Logger.getLogger(RefreshJobs.class.getName());

    /** The largest page {@link #list} returns. */
    public static final int MAX_PAGE_SIZE = 100;

    @Inject
    RefreshJobLauncher launcher;

    @Inject
    JobProgress progress;

    @Inject
    JobExecutions executions;

    @Resource
    SessionContext session;

    /**
     * Starts a refresh job for the calling user.
     *
     * @return the new execution's id
     * @throws UnknownViewsException listing names that are not views of the report schema (nothing started)
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public long start(Set<String> views, boolean includeDependents, boolean force) {
        return launcher.start(views, includeDependents, force,
                RefreshTrigger.user(session.getCallerPrincipal().getName()));
    }

    /**
     * Status and per-view progress of one execution, whichever node ran it.
     *
     * @throws UnknownExecutionException when it is not a refresh job execution
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public RefreshJobStatus status(long executionId) {
        try {
            return executions.status(executionId);
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
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public List<RefreshJobStatus> list(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be 0 or more and size 1 to " + MAX_PAGE_SIZE
                    + ", were " + page + " and " + size);
        }
        try {
            return executions.newest((long) page * size, size);
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
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void stop(long executionId) {
        String status = status(executionId).batchStatus();
        if (status.equals("STOPPING")) {
            return; // asked before; the views running finish first
        }
        if (!JobExecutions.running(status)) {
            throw new ExecutionStateException("execution " + executionId + " is " + status
                    + "; only running executions can be stopped");
        }
        if (launcher.stopHere(executionId)) {
            return;
        }
        try {
            if (!progress.requestStop(executionId)) {
                throw new ExecutionStateException("execution " + executionId + " has not begun to run yet, or"
                        + " has just ended; ask again");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ask for execution " + executionId + " to stop", e);
        }
    }

    /**
     * Restarts a failed or stopped execution, once: a new execution of the same request that does not redo the
     * views the earlier ones finished. Works for executions of any node and of earlier deployments.
     *
     * @return the new execution's id
     * @throws ExecutionStateException when it is not FAILED or STOPPED, was restarted already, or names a view
     *                                 that no longer exists
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public long restart(long executionId) {
        String caller = session.getCallerPrincipal().getName();
        Map<String, String> parameters;
        try {
            parameters = executions.claimRestart(executionId, caller);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot restart execution " + executionId, e);
        }
        long restartedAs;
        try {
            restartedAs = launcher.restart(executionId, parameters, RefreshTrigger.user(caller));
        } catch (RuntimeException notStarted) {
            giveBack(executionId, notStarted);
            if (notStarted instanceof UnknownViewsException gone) {
                throw new ExecutionStateException("execution " + executionId + " cannot be restarted: "
                        + gone.getMessage() + "; start a new job instead");
            }
            throw notStarted;
        }
        try {
            executions.restartStarted(executionId, restartedAs);
        } catch (SQLException e) {
            // It started: the answer is its id. It links itself to the one it resumes when it registers.
            LOG.warning(() -> "restart " + restartedAs + " of execution " + executionId + " started, but its link"
                    + " could not be written now: " + e.getMessage());
        }
        return restartedAs;
    }

    /** The restart did not start: its claim is given back, so that it can be asked for again. */
    private void giveBack(long executionId, RuntimeException notStarted) {
        try {
            executions.restartNotStarted(executionId);
        } catch (SQLException e) {
            notStarted.addSuppressed(e);
        }
    }

    /**
     * Marks a stopped or failed execution as ABANDONED: it can never be restarted.
     *
     * @throws ExecutionStateException when it is running, completed or abandoned already
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void abandon(long executionId) {
        try {
            executions.abandon(executionId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot abandon execution " + executionId, e);
        }
    }
}
