package org.mvreports.refresh.job.boundary;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.mvreports.refresh.control.UnknownViewsException;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.refresh.job.control.ExecutionStateException;
import org.mvreports.refresh.job.control.JobProgress;
import org.mvreports.refresh.job.control.RefreshJobLauncher;
import org.mvreports.refresh.job.control.UnknownExecutionException;
import org.mvreports.refresh.job.entity.RefreshJobStatus;
import org.mvreports.security.Roles;

/**
 * Operations on refresh jobs for refresh administrators: start, look at, stop, restart, abandon. The console and
 * the REST API call these; the scheduler starts jobs through {@link RefreshJobLauncher}.
 *
 * <p>Not in a JTA transaction: Jakarta Batch starts its own, and a job must not be rolled back with its caller.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RefreshJobs {

    /** The largest page {@link #list} returns. */
    public static final int MAX_PAGE_SIZE = 100;

    @Inject
    RefreshJobLauncher launcher;

    @Inject
    JobProgress progress;

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

    /** Status and per-view progress of one execution. */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public RefreshJobStatus status(long executionId) {
        JobExecution execution = launcher.execution(executionId);
        Map<String, String> parameters = new TreeMap<>();
        Properties properties = execution.getJobParameters();
        if (properties != null) {
            properties.stringPropertyNames().forEach(name -> parameters.put(name, properties.getProperty(name)));
        }
        try {
            return new RefreshJobStatus(executionId, execution.getBatchStatus().name(), execution.getExitStatus(),
                    instant(execution.getStartTime()), instant(execution.getEndTime()), parameters,
                    progress.of(executionId));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the progress of execution " + executionId, e);
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
            // Left out, not an error: an execution the batch repository no longer knows (its tables were reset), or
            // one it does not let this deployment see (see RefreshJobLauncher).
            return progress.newestExecutions((long) page * size, size).stream()
                    .flatMap(id -> {
                        try {
                            return Stream.of(status(id));
                        } catch (UnknownExecutionException | ExecutionStateException notVisible) {
                            return Stream.empty();
                        }
                    })
                    .toList();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list refresh job executions", e);
        }
    }

    /**
     * Asks a running execution to stop: running views finish, no new ones start. The batch runtime stops only
     * executions of this node; one running on another node gets the request through the database and stops at
     * its next view boundary.
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void stop(long executionId) {
        try {
            launcher.execution(executionId);
        } catch (ExecutionStateException startedElsewhere) {
            // Another node's or an earlier deployment's: only the database reaches the node that runs it.
            if (!requestStopElsewhere(executionId)) {
                throw startedElsewhere;
            }
            return;
        }
        if (!launcher.stopHere(executionId) && !requestStopElsewhere(executionId)) {
            throw new ExecutionStateException("execution " + executionId + " is not running");
        }
    }

    private boolean requestStopElsewhere(long executionId) {
        try {
            return progress.requestStop(executionId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot ask for execution " + executionId + " to stop", e);
        }
    }

    /**
     * Restarts a failed or stopped execution; the new execution does not redo views the earlier ones finished.
     *
     * @return the new execution's id
     */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public long restart(long executionId) {
        return launcher.restart(executionId);
    }

    /** Marks a stopped or failed execution as ABANDONED: it can never be restarted. */
    @RolesAllowed(Roles.REFRESH_ADMIN)
    public void abandon(long executionId) {
        launcher.abandon(executionId);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
