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

    /*
     * Advisory lock of the scheduler's decision ("MV", "SCHD"), in the two-integer key space: PostgreSQL keeps it
     * apart from the single-bigint keys the engine uses per view ("MV" << 32 | oid), so no view can collide with it.
     */
    private static final int DECISION_LOCK_CLASS = 0x4D56;
    private static final int DECISION_LOCK_KEY = 0x5343_4844;

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
        long executionId;
        try {
            executionId = launcher.start(due, true, false, new RefreshTrigger(RefreshTrigger.Kind.SCHEDULE, null));
        } catch (RuntimeException e) {
            // Nothing started: give the claims back, so the reports are due again at the next tick, not an
            // interval later.
            updateClaims("DELETE FROM app.schedule_claims WHERE id = ANY (?)", claims, null);
            throw e;
        }
        updateClaims("UPDATE app.schedule_claims SET execution_id = ? WHERE id = ANY (?)", claims, executionId);
        LOG.info(() -> "scheduled refresh of " + due + " (with dependents): execution " + executionId);
        return Optional.of(executionId);
    }

    /** Runs {@code sql} on the given claims: its last parameter is their ids, the one before the execution if any. */
    private void updateClaims(String sql, List<Long> claims, Long executionId) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                int parameter = 1;
                if (executionId != null) {
                    update.setLong(parameter++, executionId);
                }
                update.setArray(parameter, connection.createArrayOf("bigint", claims.toArray()));
                update.executeUpdate();
            }
            return null;
        });
    }

    private List<DueReports.Report> reports(Connection connection, List<MaterializedView> views,
                                            ScheduleSettings schedule) throws SQLException {
        Map<String, Instant> lastSuccess = new HashMap<>();
        lastRefreshes.inSchema(PostgresCatalog.REPORT_SCHEMA)
                .forEach((view, last) -> lastSuccess.put(view, last.finishedAt()));
        Map<String, Instant> lastClaim = lastClaims(connection, views);
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
                "SELECT to_regclass('app.executioninstancedata') IS NOT NULL");
             ResultSet rs = exists.executeQuery()) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return views; // no job has ever run here
            }
        }
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT DISTINCT v.view_name
                FROM app.refresh_job_views v
                JOIN app.executioninstancedata e ON e.jobexecid = v.execution_id
                WHERE v.state IN ('PENDING', 'RUNNING')
                  AND e.batchstatus IN ('STARTING', 'STARTED', 'STOPPING')""");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                views.add(rs.getString(1));
            }
        }
        return views;
    }

    /** The newest claim per view: one index probe each, however many claims the table has collected. */
    private static Map<String, Instant> lastClaims(Connection connection, List<MaterializedView> views)
            throws SQLException {
        Map<String, Instant> instants = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT v.view_name,
                       (SELECT c.claimed_at
                        FROM app.schedule_claims c
                        WHERE c.view_name = v.view_name
                        ORDER BY c.claimed_at DESC
                        LIMIT 1)
                FROM unnest(?::text[]) AS v(view_name)""")) {
            query.setArray(1, connection.createArrayOf("text", views.stream().map(MaterializedView::name).toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(2);
                    if (at != null) {
                        instants.put(rs.getString(1), at.toInstant());
                    }
                }
            }
        }
        return instants;
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, DECISION_LOCK_CLASS);
            lock.setInt(2, DECISION_LOCK_KEY);
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
