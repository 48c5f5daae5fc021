package org.mvreports.refresh.job.control;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.refresh.control.RefreshRun;
import org.mvreports.refresh.job.entity.RefreshJobParameters;
import org.mvreports.refresh.control.ViewRefresher;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.refresh.entity.JobEnded;
import org.mvreports.refresh.entity.RefreshRequest;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.settings.ReportingSettings;

/**
 * The work of the {@code refresh-reports} job (see its XML for the parameters): plans the request with the
 * refresh engine and refreshes its views with {@link ParallelRefresh}, independent views at once up to
 * {@code REPORTING_REFRESH_PARALLELISM}. It never issues a REFRESH itself: each view goes through the one engine
 * path, which logs it with this execution's id.
 *
 * <h2>Checkpoints</h2>
 * A view's refresh and its log row commit in one transaction, so a finished view is durably finished the moment
 * it is; the job records it as DONE in {@code app.refresh_job_views} right after. A restart is a new execution
 * with the job parameter {@code resumes}: it reads what the resumed execution and its own predecessors finished
 * ({@link JobProgress#planned}) and starts from the rest: the failed views and those skipped because of them.
 * (Jakarta Batch chunk checkpoints would commit separately from the refresh, so a crash between the two would redo
 * a view; and a chunk runs its items one after another, which would lose the parallelism. The batch runtime's own
 * restart is not used either: see {@link JobExecutions}.)
 *
 * <h2>Outcome</h2>
 * COMPLETED when no view failed (exit status SUPERSEDED, having done nothing, for a restart of an execution that
 * another restart of it took over); FAILED (restartable) when any view failed or was skipped because of a failure;
 * STOPPED when stopped, after the views already running have finished: through the batch runtime on the node that
 * runs it, or through {@code app.refresh_job_runs.stop_requested} from any node (read as each view ends).
 *
 * <h2>Liveness</h2>
 * The execution registers its node before anything else and writes a heartbeat every {@link #HEARTBEAT_EVERY} while
 * it runs, so {@link StaleJobRecovery} can tell a long refresh from a dead node.
 */
@Named("refreshReportsBatchlet")
@Dependent
public class RefreshReportsBatchlet extends AbstractBatchlet {

    private static final Logger LOG = Logger.getLogger(RefreshReportsBatchlet.class.getName());

    /** Exit status of a stopped execution; the job XML ends the job STOPPED (restartable) on it. */
    static final String STOPPED = "STOPPED";

    /** Exit status of a restart that found another restart of the same execution running in its place. */
    static final String SUPERSEDED = "SUPERSEDED";

    /** How often a running execution shows life in {@code app.refresh_job_runs} (see {@link StaleJobRecovery}). */
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(15);


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
    @BatchProperty
    String resumes;

    @Inject
    JobContext jobContext;

    @Inject
    ViewRefresher refresher;

    @Inject
    JobProgress progress;

    @Inject
    JobRuns runs;

    @Inject
    ReportingSettings settings;

    @Inject
    JobThreads threads;

    /** Announces this node's run of the job when it ends (the metrics observe it). */
    @Inject
    Event<JobEnded> jobEnded;

    private volatile boolean stopRequested;

    /** Views whose end could not be recorded when they ended: recorded again before the job ends. */
    private final Map<String, RefreshResult> unrecorded = new ConcurrentHashMap<>();

    @Override
    public String process() throws Exception {
        long executionId = jobContext.getExecutionId();
        RefreshJobParameters parameters = RefreshJobParameters.fromProperties(Map.of(
                RefreshJobParameters.VIEWS_PROPERTY, nullToEmpty(views),
                RefreshJobParameters.INCLUDE_DEPENDENTS_PROPERTY, nullToEmpty(includeDependents),
                RefreshJobParameters.FORCE_PROPERTY, nullToEmpty(force),
                RefreshJobParameters.TRIGGER_KIND_PROPERTY, nullToEmpty(triggerKind),
                RefreshJobParameters.TRIGGERED_BY_PROPERTY, nullToEmpty(triggeredBy),
                RefreshJobParameters.RESUMES_PROPERTY, nullToEmpty(resumes)));
        Long resumed = parameters.resumes();
        Long linked = runs.register(executionId, settings.nodeName(), resumed);
        if (resumes != null && linked != null && linked != executionId) {
            // Two restarts of one execution: possible only if this one waited so long to run that its claim was
            // taken again (see JobExecutions). The one linked first does the work; this one does nothing.
            jobContext.setExitStatus(SUPERSEDED + ": execution " + resumes + " was restarted as execution "
                    + linked + "; this restart did nothing");
            return SUPERSEDED;
        }
        ScheduledFuture<?> heartbeat = threads.heartbeats().scheduleAtFixedRate(() -> beat(executionId),
                HEARTBEAT_EVERY.toSeconds(), HEARTBEAT_EVERY.toSeconds(), TimeUnit.SECONDS);
        long started = System.nanoTime();
        String ended = "FAILED"; // unless refresh() returns
        try {
            ended = refresh(executionId, parameters);
            return ended;
        } finally {
            heartbeat.cancel(false);
            try {
                jobEnded.fire(new JobEnded(executionId, ended, "FAILED".equals(ended) ? jobContext.getExitStatus()
                        : null, Duration.ofNanos(System.nanoTime() - started)));
            } catch (RuntimeException e) {
                // An observer's failure must not replace how the job ended.
                LOG.log(Level.WARNING, "an observer of the end of job " + executionId + " failed", e);
            }
        }
    }

    private String refresh(long executionId, RefreshJobParameters parameters) throws Exception {
        RefreshRun run = refresher.plan(new RefreshRequest(PostgresCatalog.REPORT_SCHEMA, parameters.views(),
                parameters.includeDependents(), parameters.force(), parameters.trigger(), executionId,
                settings.refreshStatementTimeout(), settings.refreshLockTimeout()));
        Map<String, RefreshResult> results;
        try {
            JobProgress.Plan plan = progress.planned(executionId, parameters.resumes(), run);
            stopRequested = stopRequested || plan.stopRequested();
            results = new ParallelRefresh<RefreshResult>(run.order(), run::upstreamOf, settings.refreshParallelism())
                    .run(plan.doneEarlier().keySet(), view -> refreshOne(executionId, run, view), threads.refreshes(),
                            () -> stopRequested, started -> running(executionId, started));
        } finally {
            run.finish();
            recordUnrecorded(executionId);
        }
        List<RefreshResult> failed = results.values().stream()
                .filter(r -> r.outcome() == RefreshOutcome.FAILED
                        || r.outcome() == RefreshOutcome.SKIPPED_UPSTREAM_FAILED)
                .toList();
        if (stopRequested) {
            return STOPPED;
        }
        if (!failed.isEmpty()) {
            RefreshJobFailedException failure = new RefreshJobFailedException(failed);
            jobContext.setExitStatus(failure.getMessage());
            throw failure;
        }
        return "COMPLETED";
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    /**
     * Refreshes one view through the engine and records how it ended. Progress is only the display: if it cannot be
     * written, the refresh (which the engine logs) still happens and counts.
     *
     * <p>Every write is a round trip and a commit between two views of a chain, so there is one per view on that
     * path: the write that ends the view also brings back whether a stop was asked for on another node (the batch
     * runtime's own stop reaches only this JVM's executions). "Running" is written by the job's own thread while the
     * views run ({@link #running}).
     */
    private RefreshResult refreshOne(long executionId, RefreshRun run, String view) {
        Instant startedAt = Instant.now();
        RefreshResult result;
        try {
            result = run.refresh(view);
        } catch (RuntimeException e) {
            // The engine could not even log the attempt (see RefreshRun): the job fails on it, and the view shows
            // FAILED rather than running for ever.
            unrecorded.put(view, new RefreshResult(PostgresCatalog.REPORT_SCHEMA + "." + view, RefreshOutcome.FAILED,
                    null, startedAt, Instant.now(), null, e.getMessage(), null));
            throw e;
        }
        try {
            if (progress.finished(executionId, view, result)) {
                stopRequested = true;
            }
        } catch (SQLException | RuntimeException e) {
            unrecorded.put(view, result);
            progressLost(executionId, view, e);
        }
        return result;
    }

    /**
     * Records the ends that could not be recorded as they happened, now that no view runs any more: an execution
     * that has ended must not show a view as still running.
     */
    private void recordUnrecorded(long executionId) {
        unrecorded.forEach((view, result) -> {
            try {
                if (progress.finished(executionId, view, result)) {
                    stopRequested = true;
                }
                LOG.info(() -> "recorded the end of " + view + " in execution " + executionId + " at the second try");
            } catch (SQLException | RuntimeException e) {
                progressLost(executionId, view, e);
            }
        });
        unrecorded.clear();
    }

    private void running(long executionId, List<String> views) {
        try {
            progress.running(executionId, views, Instant.now());
        } catch (SQLException | RuntimeException e) {
            progressLost(executionId, String.join(", ", views), e);
        }
    }

    private static void progressLost(long executionId, String view, Exception e) {
        LOG.log(Level.WARNING, e, () -> "cannot record progress of " + view + " in execution " + executionId);
    }

    /** Runs on a scheduler thread: must never throw, or the heartbeat would stop for good. */
    private void beat(long executionId) {
        try {
            runs.heartbeat(executionId);
        } catch (SQLException | RuntimeException e) {
            LOG.warning(() -> "cannot write the heartbeat of execution " + executionId + ": " + e.getMessage());
        }
    }

    private static String nullToEmpty(String property) {
        return property == null ? "" : property;
    }
}
