package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.refresh.control.UnrecordedRefreshes;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.report.control.PostgresCatalog;
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
 * The batch repository ({@code app.executioninstancedata}, {@code app.stepexecutioninstancedata}: the launcher
 * puts the batch runtime's tables into the {@code app} schema) is updated directly: Jakarta Batch has no operation
 * for "this execution's JVM is gone" (stop and abandon refuse running executions). A FAILED execution can be
 * restarted (see {@link JobExecutions}).
 */
@ApplicationScoped
public class StaleJobRecovery {

    /** How long without a heartbeat before an execution counts as dead: many missed beats, not one slow one. */
    static final Duration SILENCE = RefreshReportsBatchlet.HEARTBEAT_EVERY.multipliedBy(12);

    /** For executions that never registered: see above. */
    static final Duration UNREGISTERED_SILENCE = Duration.ofDays(2);

    private static final Logger LOG = Logger.getLogger(StaleJobRecovery.class.getName());

    private static final String STALE = """
            SELECT e.jobexecid
            FROM app.executioninstancedata e
            JOIN app.jobinstancedata i ON i.jobinstanceid = e.jobinstanceid
            LEFT JOIN app.refresh_job_runs r ON r.execution_id = e.jobexecid
            WHERE i.name = ?
              AND e.batchstatus IN ('STARTING', 'STARTED', 'STOPPING')
              AND ((?::boolean AND r.node_name = ?)
                   OR r.heartbeat_at < now() - ?::interval
                   OR (r.execution_id IS NULL AND e.updatetime < localtimestamp - ?::interval))
            ORDER BY e.jobexecid""";

    /** Why a recovered execution failed, as far as anyone can know: its node went silent. */
    static final String NODE_GONE = "its node stopped, or lost its database, while it ran";

    /** Why a view that was being refreshed then has a FAILED row without PostgreSQL's words. */
    static final String OUTCOME_NEVER_RECORDED = "the outcome of this refresh was never recorded: " + NODE_GONE
            + "; the view kept its previous contents";

    private static final String FAIL_EXECUTION = """
            UPDATE app.executioninstancedata
            SET batchstatus = 'FAILED',
                exitstatus = ?,
                endtime = now(),
                updatetime = now()
            WHERE jobexecid = ?
              AND batchstatus IN ('STARTING', 'STARTED', 'STOPPING')""";

    private static final String FAIL_STEPS = """
            UPDATE app.stepexecutioninstancedata
            SET batchstatus = 'FAILED',
                exitstatus = ?,
                endtime = now()
            WHERE jobexecid = ?
              AND batchstatus IN ('STARTING', 'STARTED', 'STOPPING')""";

    /** Views being refreshed when the node went silent, whose outcome is not in the refresh log. */
    private static final String UNRECORDED = """
            SELECT v.view_name, v.started_at, r.node_name, e.parameters
            FROM app.refresh_job_views v
            JOIN app.executioninstancedata e ON e.jobexecid = v.execution_id
            LEFT JOIN app.refresh_job_runs r ON r.execution_id = v.execution_id
            WHERE v.execution_id = ?
              AND v.state = 'RUNNING'
              AND NOT EXISTS (SELECT 1
                              FROM app.refresh_log l
                              WHERE l.view_schema = ?
                                AND l.view_name = v.view_name
                                AND l.job_execution_id = v.execution_id)""";

    private static final String MARK_VIEWS = """
            UPDATE app.refresh_job_views
            SET state = 'FAILED',
                error_message = CASE WHEN state = 'RUNNING' THEN ? END
            WHERE execution_id = ?
              AND state IN ('RUNNING', 'PENDING')""";

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    @Inject
    JobExecutions executions;

    /**
     * @param nodeStarting true only while this node starts: then its own registered executions are dead too
     * @return the executions marked FAILED
     */
    public List<Long> recover(boolean nodeStarting) throws SQLException {
        if (!executions.repositoryExists()) {
            return List.of(); // no job ever ran against this database
        }
        List<Long> recovered = database.inTransaction(connection -> {
            List<Long> stale = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(STALE)) {
                query.setString(1, RefreshJobLauncher.JOB);
                query.setBoolean(2, nodeStarting);
                query.setString(3, settings.nodeName());
                query.setString(4, SILENCE.toSeconds() + " seconds");
                query.setString(5, UNREGISTERED_SILENCE.toSeconds() + " seconds");
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        stale.add(rs.getLong(1));
                    }
                }
            }
            for (long executionId : stale) {
                recordUnrecordedOutcomes(connection, executionId);
                for (String sql : List.of(FAIL_EXECUTION, FAIL_STEPS)) {
                    try (PreparedStatement update = connection.prepareStatement(sql)) {
                        update.setString(1, "FAILED: " + NODE_GONE);
                        update.setLong(2, executionId);
                        update.executeUpdate();
                    }
                }
                try (PreparedStatement update = connection.prepareStatement(MARK_VIEWS)) {
                    update.setString(1, OUTCOME_NEVER_RECORDED);
                    update.setLong(2, executionId);
                    update.executeUpdate();
                }
            }
            return stale;
        });
        if (!recovered.isEmpty()) {
            LOG.warning(() -> "refresh job executions left running by a stopped node, now FAILED (restartable): "
                    + recovered);
        }
        return recovered;
    }

    /**
     * A view the execution was refreshing when its node went silent has no row in the refresh log (its success would
     * have committed with one; its failure row could not be written): the log gets a FAILED row for it, so that
     * every attempt is in the history.
     */
    private static void recordUnrecordedOutcomes(Connection connection, long executionId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(UNRECORDED)) {
            query.setLong(1, executionId);
            query.setString(2, PostgresCatalog.REPORT_SCHEMA);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Timestamp startedAt = rs.getTimestamp(2);
                    UnrecordedRefreshes.recordFailed(connection, PostgresCatalog.REPORT_SCHEMA, rs.getString(1),
                            triggerOf(executionId, rs.getBytes(4)), executionId,
                            rs.getString(3) == null ? "unknown" : rs.getString(3),
                            startedAt == null ? null : startedAt.toInstant(), OUTCOME_NEVER_RECORDED);
                }
            }
        }
    }

    /** Who started the execution, from its stored job parameters (as its own log rows say). */
    private static RefreshTrigger triggerOf(long executionId, byte[] parameters) {
        try {
            Map<String, String> stored = StoredJobParameters.decode(parameters);
            return new RefreshTrigger(RefreshTrigger.Kind.valueOf(stored.getOrDefault("triggerKind", "USER")),
                    stored.get("triggeredBy"));
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "execution " + executionId + ": " + e.getMessage());
            return new RefreshTrigger(RefreshTrigger.Kind.USER, null);
        }
    }
}
