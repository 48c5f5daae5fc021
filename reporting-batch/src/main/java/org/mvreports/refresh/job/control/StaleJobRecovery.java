package org.mvreports.refresh.job.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
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

    private static final String FAIL_EXECUTION = """
            UPDATE app.executioninstancedata
            SET batchstatus = 'FAILED',
                exitstatus = 'FAILED: its node stopped while it ran',
                endtime = now(),
                updatetime = now()
            WHERE jobexecid = ?
              AND batchstatus IN ('STARTING', 'STARTED', 'STOPPING')""";

    private static final String FAIL_STEPS = """
            UPDATE app.stepexecutioninstancedata
            SET batchstatus = 'FAILED',
                exitstatus = 'FAILED: its node stopped while it ran',
                endtime = now()
            WHERE jobexecid = ?
              AND batchstatus IN ('STARTING', 'STARTED', 'STOPPING')""";

    private static final String MARK_VIEWS = """
            UPDATE app.refresh_job_views
            SET state = 'FAILED'
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
                for (String sql : List.of(FAIL_EXECUTION, FAIL_STEPS, MARK_VIEWS)) {
                    try (PreparedStatement update = connection.prepareStatement(sql)) {
                        update.setLong(1, executionId);
                        update.executeUpdate();
                    }
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
}
