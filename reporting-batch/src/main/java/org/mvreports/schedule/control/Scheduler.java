package org.mvreports.schedule.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.mvreports.database.LocalTransactions;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.RefreshTrigger;
import org.mvreports.refresh.job.control.RefreshJobLauncher;
import org.mvreports.refresh.job.entity.RefreshJobParameters;
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
    ScheduledReports scheduledReports;

    @Inject
    ReportingSettings settings;

    /** Claims and starts what is due; returns the execution it started, if any. */
    public Optional<Long> tick() throws SQLException {
        return claimAndStart(RefreshTrigger.Kind.SCHEDULE, true,
                (now, schedule, reports) -> schedule.schedulerEnabled() ? DueReports.at(now, reports) : Set.of());
    }

    /**
     * Claims and starts, as one job with trigger STARTUP, the scheduled reports that were never refreshed
     * successfully ({@link DueReports#neverRefreshedAt}); their dependents wait for their own turn. Nothing when
     * scheduling is switched off (the global switch). Returns the execution it started, if any.
     */
    public Optional<Long> startNeverRefreshed() throws SQLException {
        return claimAndStart(RefreshTrigger.Kind.STARTUP, false, (now, schedule, reports) ->
                schedule.schedulerEnabled() ? DueReports.neverRefreshedAt(now, reports) : Set.of());
    }

    /** Which reports to start, decided under the scheduler's lock from the schedule and what is known of each. */
    @FunctionalInterface
    private interface Decision {
        Set<String> due(Instant now, ScheduleSettings schedule, List<DueReports.Report> reports);
    }

    private Optional<Long> claimAndStart(RefreshTrigger.Kind trigger, boolean includeDependents, Decision decision)
            throws SQLException {
        List<MaterializedView> views = catalog.materializedViews();
        List<Long> claims = new ArrayList<>();
        Set<String> due = database.inTransaction(connection -> {
            if (!tryLock(connection)) {
                return Set.<String>of();
            }
            ScheduleSettings schedule = ScheduleSettings.read(connection);
            Set<String> dueNow = decision.due(now(connection), schedule, scheduledReports.read(connection, views,
                    schedule, RefreshLog.lastSuccesses(connection, PostgresCatalog.REPORT_SCHEMA,
                            views.stream().map(MaterializedView::name).toList())));
            for (String view : dueNow) {
                claims.add(ScheduleClaims.claim(connection, view, settings.nodeName()));
            }
            return dueNow;
        });
        if (due.isEmpty()) {
            return Optional.empty();
        }
        long executionId;
        try {
            executionId = launcher.start(RefreshJobParameters.request(due, includeDependents, false,
                    new RefreshTrigger(trigger, null)));
        } catch (RuntimeException e) {
            // Nothing started: give the claims back, so the reports are due again at the next tick, not an
            // interval later.
            database.inTransaction(connection -> {
                ScheduleClaims.release(connection, claims);
                return null;
            });
            throw e;
        }
        database.inTransaction(connection -> {
            ScheduleClaims.started(connection, claims, executionId);
            return null;
        });
        LOG.info(() -> trigger.name().toLowerCase(Locale.ROOT) + " refresh of " + due
                + (includeDependents ? " (with dependents)" : "") + ": execution " + executionId);
        return Optional.of(executionId);
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
