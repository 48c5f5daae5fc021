package org.mvreports.refresh.job.control;

import jakarta.annotation.security.PermitAll;
import jakarta.batch.operations.JobExecutionAlreadyCompleteException;
import jakarta.batch.operations.JobExecutionIsRunningException;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.JobRestartException;
import jakarta.batch.operations.JobSecurityException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.mvreports.refresh.control.UnknownViewsException;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.report.control.PostgresCatalog;

/**
 * The one component that talks to the batch runtime about {@code refresh-reports}: starts executions, for people
 * (through RefreshJobs) and for the scheduler, and looks at, stops, restarts and abandons them.
 *
 * <p>Why one component: Payara tags every job instance with the component (EJB, web module) that started it and
 * lets only that component see or operate on it ({@code JobSecurityException} otherwise). When the scheduler's
 * timer bean started jobs itself, the REST API could not even show them.
 *
 * <p>Not in a JTA transaction: the batch runtime commits its own, and a job must not be rolled back with its caller.
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RefreshJobLauncher {

    /** The job's id, the name of its XML under META-INF/batch-jobs. */
    public static final String JOB = "refresh-reports";

    @Inject
    PostgresCatalog catalog;

    /**
     * @return the new execution's id
     * @throws UnknownViewsException listing names that are not views of the report schema (nothing started)
     */
    public long start(Set<String> views, boolean includeDependents, boolean force, RefreshTrigger trigger) {
        Set<String> unknown = catalog.unknownViews(views);
        if (!unknown.isEmpty()) {
            throw new UnknownViewsException(unknown);
        }
        Properties parameters = new Properties();
        parameters.setProperty("views", String.join(",", new TreeSet<>(views)));
        parameters.setProperty("includeDependents", String.valueOf(includeDependents));
        parameters.setProperty("force", String.valueOf(force));
        parameters.setProperty("triggerKind", trigger.kind().name());
        if (trigger.name() != null) {
            parameters.setProperty("triggeredBy", trigger.name());
        }
        return BatchRuntime.getJobOperator().start(JOB, parameters);
    }

    /**
     * @throws UnknownExecutionException when it is not an execution of this job
     * @throws ExecutionStateException   when the batch runtime does not let this deployment see it (it was started
     *                                   by another node or before the application was redeployed)
     */
    public JobExecution execution(long executionId) {
        try {
            JobExecution execution = operator().getJobExecution(executionId);
            if (execution == null || !JOB.equals(execution.getJobName())) {
                throw new UnknownExecutionException(executionId);
            }
            return execution;
        } catch (NoSuchJobExecutionException e) {
            throw new UnknownExecutionException(executionId);
        } catch (JobSecurityException e) {
            throw new ExecutionStateException("execution " + executionId + " was started by another node or an"
                    + " earlier deployment of the application, which the batch runtime does not let this one see");
        }
    }

    /** @return false when the execution does not run on this node (the batch runtime stops only its own) */
    public boolean stopHere(long executionId) {
        try {
            operator().stop(executionId);
            return true;
        } catch (JobExecutionNotRunningException e) {
            return false;
        }
    }

    /** Restarts a failed or stopped execution; the new one does not redo views the earlier ones finished. */
    public long restart(long executionId) {
        JobExecution execution = execution(executionId);
        BatchStatus status = execution.getBatchStatus();
        if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
            throw new ExecutionStateException("execution " + executionId + " is " + status
                    + "; only FAILED or STOPPED executions can be restarted");
        }
        try {
            return operator().restart(executionId, execution.getJobParameters());
        } catch (JobExecutionAlreadyCompleteException | JobExecutionNotMostRecentException | JobRestartException e) {
            throw new ExecutionStateException("execution " + executionId + " cannot be restarted: " + e.getMessage());
        }
    }

    /** Marks a stopped or failed execution as ABANDONED: it can never be restarted. */
    public void abandon(long executionId) {
        execution(executionId);
        try {
            operator().abandon(executionId);
        } catch (JobExecutionIsRunningException e) {
            throw new ExecutionStateException("execution " + executionId + " is running; stop it first");
        }
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
