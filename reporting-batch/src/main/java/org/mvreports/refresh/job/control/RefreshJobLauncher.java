package org.mvreports.refresh.job.control;

import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.mvreports.refresh.control.UnknownViewsException;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.report.control.PostgresCatalog;

/** Starts {@code refresh-reports} executions, for people (through RefreshJobs) and for the scheduler. */
@ApplicationScoped
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
}
