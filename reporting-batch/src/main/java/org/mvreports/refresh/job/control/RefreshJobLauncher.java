package org.mvreports.refresh.job.control;

import jakarta.annotation.security.PermitAll;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobSecurityException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import org.mvreports.refresh.job.entity.RefreshJobParameters;

/**
 * The one component that talks to the batch runtime about {@code refresh-reports}: starts executions, for people
 * (through RefreshJobs, also to restart one) and for the scheduler, and stops the ones running here.
 *
 * <p>Why one component: Payara tags every job instance with the component (EJB, web module) that started it and
 * lets only that component operate on it ({@code JobSecurityException} otherwise). Everything else about
 * executions is read from the tables ({@link JobExecutions}), since the tag also differs between nodes and
 * deployments.
 *
 * <p>Not in a JTA transaction: the batch runtime commits its own, and a job must not be rolled back with its caller.
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RefreshJobLauncher {

    /** The job's id, the name of its XML under META-INF/batch-jobs. */
    public static final String JOB = "refresh-reports";

    /**
     * Starts an execution of the job; its views are not checked here (the caller names views it read from the
     * catalog, or checked them; a view dropped in between makes the job fail at planning, saying which).
     *
     * @return the new execution's id
     */
    public long start(RefreshJobParameters parameters) {
        return BatchRuntime.getJobOperator().start(JOB, parameters.toProperties());
    }

    /**
     * Stops an execution running on this node: the views running finish, no new ones start.
     *
     * @return false when the execution does not run in this deployment on this node (the batch runtime stops only
     *         its own; see {@link JobExecutions} for why it does not even see the others)
     */
    public boolean stopHere(long executionId) {
        try {
            BatchRuntime.getJobOperator().stop(executionId);
            return true;
        } catch (JobExecutionNotRunningException | JobSecurityException | NoSuchJobExecutionException e) {
            return false;
        }
    }
}
