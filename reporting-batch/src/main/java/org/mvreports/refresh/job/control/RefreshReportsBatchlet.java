package org.mvreports.refresh.job.control;

import jakarta.annotation.Resource;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.mvreports.refresh.control.RefreshRun;
import org.mvreports.refresh.control.ViewRefresher;
import org.mvreports.refresh.entity.RefreshOutcome;
import org.mvreports.refresh.entity.RefreshRequest;
import org.mvreports.refresh.entity.RefreshResult;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.report.control.PostgresCatalog;
import org.mvreports.settings.ReportingSettings;

/**
 * The work of the {@code refresh-reports} job (see its XML for the parameters): plans the request with the
 * refresh engine and refreshes its views with {@link ParallelRefresh}, independent views at once up to
 * {@code REPORTING_REFRESH_PARALLELISM}. It never issues a REFRESH itself: each view goes through the one engine
 * path, which logs it with this execution's id.
 *
 * <h2>Checkpoints</h2>
 * A view's refresh and its log row commit in one transaction, so a finished view is durably finished the moment
 * it is; the job records it as DONE in {@code app.refresh_job_views} right after. A restarted execution reads what
 * earlier executions of its job instance finished ({@link JobProgress#begin}) and starts from the rest: the failed views and those skipped
 * because of them. (Jakarta Batch chunk checkpoints would commit separately from the refresh, so a crash between
 * the two would redo a view; and a chunk runs its items one after another, which would lose the parallelism.)
 *
 * <h2>Outcome</h2>
 * COMPLETED when no view failed; FAILED (restartable) when any view failed or was skipped because of a failure;
 * STOPPED when stopped, after the views already running have finished.
 */
@Named("refreshReportsBatchlet")
@Dependent
public class RefreshReportsBatchlet extends AbstractBatchlet {

    private static final Logger LOG = Logger.getLogger(RefreshReportsBatchlet.class.getName());

    @Inject
    @BatchProperty
    String views;

    @Inject
    @BatchProperty
    String includeDependents;

    @Inject
    @BatchProperty
    String force;

    @Inject
    @BatchProperty
    String triggerKind;

    @Inject
    @BatchProperty
    String triggeredBy;

    @Inject
    JobContext jobContext;

    @Inject
    ViewRefresher refresher;

    @Inject
    JobProgress progress;

    @Inject
    ReportingSettings settings;

    @Resource
    ManagedExecutorService executor;

    private volatile boolean stopRequested;

    @Override
    public String process() throws Exception {
        long executionId = jobContext.getExecutionId();
        RefreshRun run;
        try {
            run = refresher.plan(new RefreshRequest(PostgresCatalog.REPORT_SCHEMA, viewNames(views),
                    !"false".equalsIgnoreCase(includeDependents), "true".equalsIgnoreCase(force),
                    new RefreshTrigger(RefreshTrigger.Kind.valueOf(triggerKind), blankToNull(triggeredBy)),
                    executionId, settings.refreshStatementTimeout(), settings.refreshLockTimeout()));
        } catch (RuntimeException e) {
            // Still registered, so that the execution is listed with the others (as FAILED, with no views).
            progress.begin(executionId, jobContext.getInstanceId(), settings.nodeName(), List.of());
            throw e;
        }
        Map<String, Long> doneEarlier = progress.begin(executionId, jobContext.getInstanceId(), settings.nodeName(),
                run.order());

        Map<String, RefreshResult> results = new ParallelRefresh<RefreshResult>(run.order(), run::upstreamOf,
                settings.refreshParallelism())
                .run(doneEarlier.keySet(), view -> refreshOne(executionId, run, view), executor, () -> stopRequested);
        run.finish();

        List<String> failed = results.values().stream()
                .filter(r -> r.outcome() == RefreshOutcome.FAILED
                        || r.outcome() == RefreshOutcome.SKIPPED_UPSTREAM_FAILED)
                .map(RefreshResult::view)
                .toList();
        if (stopRequested) {
            return "STOPPED";
        }
        if (!failed.isEmpty()) {
            throw new RefreshJobFailedException(failed);
        }
        return "COMPLETED";
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    private RefreshResult refreshOne(long executionId, RefreshRun run, String view) {
        try {
            progress.running(executionId, view);
            RefreshResult result = run.refresh(view);
            progress.finished(executionId, view, result);
            return result;
        } catch (SQLException e) {
            // The refresh itself is logged by the engine; only the progress display lost a step.
            LOG.warning(() -> "cannot record progress of " + view + " in execution " + executionId + ": "
                    + e.getMessage());
            throw new IllegalStateException(e);
        }
    }

    static Set<String> viewNames(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
