package org.mvreports.refresh.job.control;

import jakarta.annotation.security.PermitAll;
import jakarta.batch.operations.JobExecutionNotRunningException;
import jakarta.batch.operations.JobSecurityException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.mvreports.refresh.control.UnknownViewsException;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.report.control.PostgresCatalog;

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

    @Inject
    PostgresCatalog catalog;

    /**
     * @return the new execution's id
     * @throws UnknownViewsException listing names that are not views of the report schema (nothing started)
     */
    public long start(Set<String> views, boolean includeDependents, boolean force, RefreshTrigger trigger) {
        return start(views, includeDependents, force, trigger, null);
    }

    /**
     * @param resumes for a restart (see {@link JobExecutions}): the failed or stopped execution it resumes, else null
     * @return the new execution's id
     * @throws UnknownViewsException listing names that are not views of the report schema (nothing started)
     */
    public long start(Set<String> views, boolean includeDependents, boolean force, RefreshTrigger trigger,
                      Long resumes) {
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
        if (resumes != null) {
            parameters.setProperty("resumes", String.valueOf(resumes));
        }
        return BatchRuntime.getJobOperator().start(JOB, parameters);
    }

    /**
     * Starts the restart of a failed or stopped execution (claimed with {@link JobExecutions#claimRestart}): its
     * request again, for a new trigger, resuming it.
     *
     * @param parameters the job parameters {@code resumes} was started with
     * @return the new execution's id
     * @throws UnknownViewsException when a view the request named no longer exists
     */
    public long restart(long resumes, Map<String, String> parameters, RefreshTrigger trigger) {
        return start(RefreshReportsBatchlet.viewNames(parameters.get("views")),
                !"false".equalsIgnoreCase(parameters.get("includeDependents")),
                "true".equalsIgnoreCase(parameters.get("force")), trigger, resumes);
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
