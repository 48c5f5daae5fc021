package org.mvreports.alert.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.alert.entity.AlertEvent;
import org.mvreports.alert.entity.AlertKind;
import org.mvreports.alert.entity.ReportCondition;
import org.mvreports.database.LocalTransactions;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.LastSuccess;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.refresh.entity.JobEnded;
import org.mvreports.settings.ReportingSettings;

/**
 * Turns what happens into alert events, once per change of a report's condition: a report's refresh failed (it
 * enters FAILED; failing again changes nothing), it is fine again, it turned stale ({@link #reconcile}, from the batch
 * module's watch every 30 seconds, as the catalog's badges say), a job failed, a verification found the records
 * broken. Entering and leaving a condition is one row inserted or deleted under one advisory lock, so when several
 * nodes see the same change exactly one records it. Never throws into what it observes: an alert that cannot be
 * recorded is logged.
 */
@ApplicationScoped
public class AlertRecorder {

    public static final String FAILED = "FAILED";
    public static final String STALE = "STALE";
    static final String BROKEN = "BROKEN";

    /** The condition row of the records' chains (not a report's name: it has brackets). */
    static final String RECORDS = "(records)";

    private static final Logger LOG = Logger.getLogger(AlertRecorder.class.getName());

    @Inject
    LocalTransactions database;

    @Inject
    ReportingSettings settings;

    /**
     * A view's refresh failed: it enters FAILED at once (the watch would see it within 30 seconds; a failure is worth
     * telling sooner). It leaves FAILED only by the watch ({@link #reconcile}), when its badge no longer says so.
     */
    void refreshed(@Observes RefreshResult result) {
        if (result.outcome() != RefreshOutcome.FAILED) {
            return;
        }
        String view = result.viewName();
        inTransaction("the refresh of " + view, connection -> {
            AlertStore.lockConditions(connection);
            if (AlertStore.enter(connection, view, FAILED)) {
                String error = result.errorMessage() + (result.sqlState() == null ? "" : " [" + result.sqlState()
                        + "]");
                record(connection, AlertEvent.of(AlertKind.VIEW_FAILED, List.of(view), FAILED, error,
                        dataAsOf(connection, view), null));
            }
        });
    }

    /** A refresh job's run ended on this node: FAILED is an alert (once per execution). */
    void jobEnded(@Observes JobEnded job) {
        if ("FAILED".equals(job.batchStatus())) {
            inTransaction("the failed job " + job.executionId(), connection -> record(connection,
                    AlertEvent.of(AlertKind.JOB_FAILED, List.of(), "FAILED", job.exitStatus(), null,
                            job.executionId())));
        }
    }

    /**
     * A verification of the records' chains ended: broken ({@code found} says what) is an alert when the previous one
     * was not; auditors verifying again and again while it stays broken are not alerted again.
     *
     * @param found what is broken, or null when every chain is intact
     */
    public void verified(String found) {
        inTransaction("the verification", connection -> {
            if (found == null) {
                AlertStore.leave(connection, RECORDS, BROKEN);
            } else if (AlertStore.enter(connection, RECORDS, BROKEN)) {
                record(connection, AlertEvent.of(AlertKind.VERIFICATION_FAILED, List.of(), BROKEN, found, null,
                        null));
            }
        });
    }

    /**
     * Brings the report conditions in line with the reports as they are now, read by {@code now} once this node holds
     * the conditions' lock (so that two nodes watching at the same moment do not alert the same change twice, or
     * undo each other's): reports that just turned stale are alerted (one digest when more than
     * {@link AlertRules#DIGEST_OVER} did within a minute), failed ones not alerted yet too (a failure recorded by the
     * recovery of a node that stopped mid-job), and those no longer stale or failed recovered. A report dropped from
     * the catalog leaves its conditions silently.
     */
    public void reconcile(Supplier<List<ReportCondition>> now) {
        inTransaction("the reports' conditions", connection -> {
            AlertStore.lockConditions(connection);
            List<ReportCondition> reports = now.get();
            Map<String, ReportCondition> byName = reports.stream()
                    .collect(Collectors.toMap(ReportCondition::report, Function.identity()));
            reconcileStale(connection, reports);
            for (ReportCondition report : reports) {
                if (report.failedWith() != null && AlertStore.enter(connection, report.report(), FAILED)) {
                    record(connection, AlertEvent.of(AlertKind.VIEW_FAILED, List.of(report.report()), FAILED,
                            report.failedWith(), report.dataAsOf(), null));
                }
            }
            for (String report : AlertStore.inCondition(connection, FAILED).keySet()) {
                ReportCondition current = byName.get(report);
                if ((current == null || current.failedWith() == null) && AlertStore.leave(connection, report, FAILED)
                        && current != null) {
                    record(connection, AlertEvent.of(AlertKind.REPORT_RECOVERED, List.of(report), FAILED, null,
                            current.dataAsOf(), null));
                }
            }
        });
    }

    private void reconcileStale(Connection connection, List<ReportCondition> reports) throws SQLException {
        Map<String, Instant> before = AlertStore.inCondition(connection, STALE);
        Instant windowStart = Instant.now().minus(AlertRules.DIGEST_WINDOW);
        int withinWindow = (int) before.values().stream().filter(since -> since.isAfter(windowStart)).count();
        Map<String, ReportCondition> turned = new LinkedHashMap<>();
        Set<String> staleNow = new HashSet<>();
        for (ReportCondition report : reports) {
            if (report.stale()) {
                staleNow.add(report.report());
                if (!before.containsKey(report.report()) && AlertStore.enter(connection, report.report(), STALE)) {
                    turned.put(report.report(), report);
                }
            }
        }
        if (AlertRules.digest(turned.size(), withinWindow)) {
            record(connection, AlertEvent.of(AlertKind.REPORT_STALE, List.copyOf(turned.keySet()), STALE, null, null,
                    null));
        } else {
            for (ReportCondition report : turned.values()) {
                record(connection, AlertEvent.of(AlertKind.REPORT_STALE, List.of(report.report()), STALE, null,
                        report.dataAsOf(), null));
            }
        }
        Set<String> known = reports.stream().map(ReportCondition::report).collect(Collectors.toSet());
        for (String report : before.keySet()) {
            if (!staleNow.contains(report) && AlertStore.leave(connection, report, STALE) && known.contains(report)) {
                record(connection, AlertEvent.of(AlertKind.REPORT_RECOVERED, List.of(report), STALE, null, null,
                        null));
            }
        }
    }

    private void record(Connection connection, AlertEvent event) throws SQLException {
        AlertStore.record(connection, event, settings.nodeName()).ifPresent(id ->
                LOG.info(() -> "alert " + id + ": " + event.kind() + " " + String.join(", ", event.reports())));
    }

    private static Instant dataAsOf(Connection connection, String view) throws SQLException {
        LastSuccess last = RefreshLog.lastSuccess(connection, PostgresCatalog.REPORT_SCHEMA, view);
        return last == null ? null : last.startedAt();
    }

    @FunctionalInterface
    private interface Step {
        void run(Connection connection) throws SQLException;
    }

    private void inTransaction(String what, Step step) {
        try {
            database.inTransaction(connection -> {
                step.run(connection);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record the alert for " + what + ": " + e.getMessage(), e);
        }
    }
}
