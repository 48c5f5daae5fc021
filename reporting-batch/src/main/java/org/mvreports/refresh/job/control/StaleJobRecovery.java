package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.RefreshTrigger;
import org.mvreports.refresh.job.entity.RefreshJobParameters;
import org.mvreports.settings.ReportingSettings;

/**
 * Finds refresh job executions that look running but whose node is gone, and marks them FAILED so that they can
 * be restarted (and no longer look like they run for ever):
 * <ul>
 *   <li>when a node starts, executions registered to its node name: the node just started, so none of them can
 *       still run;</li>
 *   <li>when a node starts and periodically, executions of any node whose heartbeat is older than
 *       {@link #SILENCE}: a running execution writes one every few seconds, however long its views take. An
 *       execution that never got as far as registering (its node died between the batch runtime starting it and
 *       the job's first statement) counts from its last update in the batch repository, after
 *       {@link #UNREGISTERED_SILENCE}: the batch runtime writes that time without a time zone, in the zone of
 *       the node that wrote it, so only a margin wider than any two zones apart is safe.</li>
 * </ul>
 * A view such an execution was refreshing has no refresh log row (a success would have committed with one; a
 * failure's could not be written): it gets a FAILED one here, so that the log misses no attempt.
 */
@ApplicationScoped
public class StaleJobRecovery {

    /** How long without a heartbeat before an execution counts as dead: many missed beats, not one slow one. */
    static final Duration SILENCE = RefreshReportsBatchlet.HEARTBEAT_EVERY.multipliedBy(12);

    /** For executions that never registered: see above. */
    static final Duration UNREGISTERED_SILENCE = Duration.ofDays(2);

    /** Why a recovered execution failed, as far as anyone can know: its node went silent. */
    static final String NODE_GONE = "its node stopped, or lost its database, while it ran";

    /** Why a view that was being refreshed then has a FAILED row without PostgreSQL's words. */
    static final String OUTCOME_NEVER_RECORDED = "the outcome of this refresh was never recorded: " + NODE_GONE
            + "; the view kept its previous contents";

    private static final Logger LOG = Logger.getLogger(StaleJobRecovery.class.getName());

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    @Inject
    BatchRepository repository;

    /** A stale execution: its id, who started it, and the node it ran on (null if it never registered). */
    private record Stale(long executionId, RefreshTrigger trigger, String node) {
    }

    /**
     * @param nodeStarting true only while this node starts: then its own registered executions are dead too
     * @return the executions marked FAILED
     */
    public List<Long> recover(boolean nodeStarting) throws SQLException {
        if (!repository.exists()) {
            return List.of(); // no job ever ran against this database
        }
        List<Long> recovered = database.inTransaction(connection -> {
            List<Long> failed = new ArrayList<>();
            for (Stale stale : stale(connection, nodeStarting)) {
                recordUnrecordedOutcomes(connection, stale);
                BatchRepository.fail(connection, stale.executionId(), "FAILED: " + NODE_GONE);
                JobProgress.failUnfinished(connection, stale.executionId(), OUTCOME_NEVER_RECORDED);
                failed.add(stale.executionId());
            }
            return failed;
        });
        if (!recovered.isEmpty()) {
            LOG.warning(() -> "refresh job executions left running by a stopped node, now FAILED (restartable): "
                    + recovered);
        }
        return recovered;
    }

    /**
     * The executions of the refresh job that have not ended but whose node is gone: this node's own while it starts,
     * any node's once its heartbeat is {@link #SILENCE} old, and one whose node never registered it once the batch
     * runtime has not touched it for {@link #UNREGISTERED_SILENCE}.
     */
    private List<Stale> stale(Connection connection, boolean nodeStarting) throws SQLException {
        List<BatchRepository.Execution> running = BatchRepository.running(connection, UNREGISTERED_SILENCE);
        Map<Long, JobRuns.Run> runs = JobRuns.of(connection, running.stream().map(BatchRepository.Execution::id)
                .toList(), SILENCE);
        List<Stale> stale = new ArrayList<>();
        for (BatchRepository.Execution execution : running) {
            JobRuns.Run run = runs.get(execution.id());
            boolean gone = run == null ? execution.quiet()
                    : run.silent() || (nodeStarting && run.node().equals(settings.nodeName()));
            if (gone) {
                stale.add(new Stale(execution.id(), triggerOf(execution.id(), execution.parameters()),
                        run == null ? null : run.node()));
            }
        }
        return stale;
    }

    /** The views the execution was refreshing whose outcome is not in the refresh log get a FAILED row there. */
    private static void recordUnrecordedOutcomes(Connection connection, Stale stale) throws SQLException {
        Set<String> logged = RefreshLog.viewsLoggedBy(connection, stale.executionId(), PostgresCatalog.REPORT_SCHEMA);
        for (JobProgress.RunningView running : JobProgress.runningViews(connection, stale.executionId())) {
            if (!logged.contains(running.view())) {
                RefreshLog.appendUnrecordedFailure(connection, PostgresCatalog.REPORT_SCHEMA, running.view(),
                        stale.trigger(), stale.executionId(), stale.node() == null ? "unknown" : stale.node(),
                        running.startedAt(), OUTCOME_NEVER_RECORDED);
            }
        }
    }

    /** Who started the execution, from its stored job parameters (as its own log rows say). */
    private static RefreshTrigger triggerOf(long executionId, byte[] parameters) {
        try {
            return RefreshJobParameters.fromProperties(StoredJobParameters.decode(parameters)).trigger();
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "execution " + executionId + ": " + e.getMessage());
            return new RefreshTrigger(RefreshTrigger.Kind.USER, null);
        }
    }
}
