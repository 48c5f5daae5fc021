package org.mvreports.schedule.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.refresh.control.LastSuccessfulRefreshes;
import org.mvreports.refresh.entity.RefreshTrigger;
import org.mvreports.refresh.job.control.RefreshJobLauncher;
import org.mvreports.report.control.PostgresCatalog;
import org.mvreports.report.entity.MaterializedView;
import org.mvreports.settings.ReportingSettings;

/**
 * One scheduler tick: starts a {@code refresh-reports} job (with dependents) for the reports that are due
 * ({@link DueReports}).
 *
 * <h2>Several nodes</h2>
 * Every node ticks. The decision and the claims it leads to are made in one transaction holding a
 * transaction-scoped advisory lock: a node that finds the lock taken skips its tick (another node is deciding), and
 * a node that decides after it sees the claims and finds nothing due. The engine's per-view advisory lock would make
 * a duplicate harmless anyway; the claims make it not happen.
 */
@ApplicationScoped
public class Scheduler {

    /** Advisory lock key of the scheduler's decision ("MV" + "SCHD"). */
    static final long DECISION_LOCK = 0x4D56_5343_4844L;

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    @Inject
    LocalTransactions database;

    @Inject
    PostgresCatalog catalog;

    @Inject
    RefreshJobLauncher launcher;

    @Inject
    LastSuccessfulRefreshes lastRefreshes;

    @Inject
    ReportingSettings settings;

    /** Claims and starts what is due; returns the execution it started, if any. */
    public Optional<Long> tick() throws SQLException {
        List<MaterializedView> views = catalog.materializedViews();
        List<Long> claims = new ArrayList<>();
        Set<String> due = database.inTransaction(connection -> {
            if (!tryLock(connection)) {
                return Set.<String>of();
            }
            ScheduleSettings schedule = ScheduleSettings.read(connection);
            if (!schedule.schedulerEnabled()) {
                return Set.<String>of();
            }
            Set<String> dueNow = DueReports.at(now(connection), reports(connection, views, schedule));
            try (PreparedStatement claim = connection.prepareStatement(
                    "INSERT INTO app.schedule_claims (view_name, node_name) VALUES (?, ?) RETURNING id")) {
                for (String view : dueNow) {
                    claim.setString(1, view);
                    claim.setString(2, settings.nodeName());
                    try (ResultSet rs = claim.executeQuery()) {
                        rs.next();
                        claims.add(rs.getLong(1));
                    }
                }
            }
            return dueNow;
        });
        if (due.isEmpty()) {
            return Optional.empty();
        }
        long executionId = launcher.start(due, true, false, new RefreshTrigger(RefreshTrigger.Kind.SCHEDULE, null));
        database.inTransaction(connection -> {
            try (PreparedStatement link = connection.prepareStatement(
                    "UPDATE app.schedule_claims SET execution_id = ? WHERE id = ANY (?)")) {
                link.setLong(1, executionId);
                link.setArray(2, connection.createArrayOf("bigint", claims.toArray()));
                link.executeUpdate();
            }
            return null;
        });
        LOG.info(() -> "scheduled refresh of " + due + " (with dependents): execution " + executionId);
        return Optional.of(executionId);
    }

    private List<DueReports.Report> reports(Connection connection, List<MaterializedView> views,
                                            ScheduleSettings schedule) throws SQLException {
        Map<String, Instant> lastSuccess = new HashMap<>();
        lastRefreshes.inSchema(PostgresCatalog.REPORT_SCHEMA)
                .forEach((view, last) -> lastSuccess.put(view, last.finishedAt()));
        Map<String, Instant> lastClaim = instants(connection, """
                SELECT view_name, max(claimed_at) FROM app.schedule_claims GROUP BY view_name""");
        Set<String> inRunningJob = inRunningJob(connection);
        List<DueReports.Report> reports = new ArrayList<>();
        for (MaterializedView view : views) {
            Duration interval = schedule.intervals().get(view.name());
            if (interval == null) {
                try {
                    interval = view.metadata().refreshInterval();
                } catch (IllegalArgumentException e) {
                    LOG.warning(() -> "not scheduling " + view.name() + ": " + e.getMessage());
                    continue;
                }
            }
            reports.add(new DueReports.Report(view.name(), interval, !schedule.disabled().contains(view.name()),
                    lastSuccess.get(view.name()), lastClaim.get(view.name()), inRunningJob.contains(view.name())));
        }
        return reports;
    }

    /** Views that a job execution which has not ended is still to do or doing. */
    private static Set<String> inRunningJob(Connection connection) throws SQLException {
        Set<String> views = new HashSet<>();
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT to_regclass('executioninstancedata') IS NOT NULL");
             ResultSet rs = exists.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return views; // no job has ever run here
            }
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT DISTINCT v.view_name
                FROM app.refresh_job_views v
                JOIN executioninstancedata e ON e.jobexecid = v.execution_id
                WHERE v.state IN ('PENDING', 'RUNNING')
                  AND e.batchstatus IN ('STARTING', 'STARTED', 'STOPPING')""");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                views.add(rs.getString(1));
            }
        }
        return views;
    }

    private static Map<String, Instant> instants(Connection connection, String sql) throws SQLException {
        Map<String, Instant> instants = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(2);
                if (at != null) {
                    instants.put(rs.getString(1), at.toInstant());
                }
            }
        }
        return instants;
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, DECISION_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Instant now(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT now()");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}
