package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.database.LocalTransactions;
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

    private static final String STALE = """
            SELECT e.jobexecid, e.parameters, r.node_name
            FROM app.executioninstancedata e
            JOIN app.jobinstancedata i ON i.jobinstanceid = e.jobinstanceid
            LEFT JOIN app.refresh_job_runs r ON r.execution_id = e.jobexecid
            WHERE i.name = ?
              AND e.batchstatus IN ('STARTING', 'STARTED', 'STOPPING')
              AND ((?::boolean AND r.node_name = ?)
                   OR r.heartbeat_at < now() - ?::interval
                   OR (r.execution_id IS NULL AND e.updatetime < localtimestamp - ?::interval))
            ORDER BY e.jobexecid""";

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

    private List<Stale> stale(Connection connection, boolean nodeStarting) throws SQLException {
        List<Stale> stale = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(STALE)) {
            query.setString(1, RefreshJobLauncher.JOB);
            query.setBoolean(2, nodeStarting);
            query.setString(3, settings.nodeName());
            query.setString(4, SILENCE.toSeconds() + " seconds");
            query.setString(5, UNREGISTERED_SILENCE.toSeconds() + " seconds");
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    long executionId = rs.getLong(1);
                    stale.add(new Stale(executionId, triggerOf(executionId, rs.getBytes(2)), rs.getString(3)));
                }
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
