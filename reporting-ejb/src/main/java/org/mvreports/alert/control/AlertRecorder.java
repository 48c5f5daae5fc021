package org.mvreports.alert.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.alert.entity.AlertEvent;
import org.mvreports.alert.entity.AlertKind;
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
 * enters FAILED; failing again changes nothing), it succeeded again (it leaves FAILED: recovered), it turned stale or
 * fresh again ({@link #staleNow}, from the batch module's watch), a job failed, a verification found the records
 * broken. Entering and leaving a condition is one row inserted or deleted, so when several nodes see the same change
 * exactly one records it. Never throws into what it observes: an alert that cannot be recorded is logged.
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

    /** A view's refresh ended: it enters FAILED when it failed, and leaves it when it succeeded or was up to date. */
    void refreshed(@Observes RefreshResult result) {
        String view = result.viewName();
        boolean failed = result.outcome() == RefreshOutcome.FAILED;
        boolean fine = result.outcome() == RefreshOutcome.SUCCEEDED
                || result.outcome() == RefreshOutcome.SKIPPED_UNCHANGED;
        if (!failed && !fine) {
            return; // skipped because busy or because an upstream view failed: its own condition did not change
        }
        inTransaction("the refresh of " + view, connection -> {
            if (failed && AlertStore.enter(connection, view, FAILED)) {
                String error = result.errorMessage() + (result.sqlState() == null ? "" : " [" + result.sqlState()
                        + "]");
                record(connection, AlertEvent.of(AlertKind.VIEW_FAILED, List.of(view), FAILED, error,
                        dataAsOf(connection, view), null));
            } else if (fine && AlertStore.leave(connection, view, FAILED)) {
                record(connection, AlertEvent.of(AlertKind.REPORT_RECOVERED, List.of(view), FAILED, null,
                        result.startedAt(), null));
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
     * The reports stale now, with the as-of time of their data: those that just turned stale are alerted (one
     * digest when more than {@link AlertRules#DIGEST_OVER} did within a minute), those no longer stale recovered.
     */
    public void staleNow(Map<String, Instant> stale) {
        inTransaction("stale reports", connection -> {
            Map<String, Instant> before = AlertStore.inCondition(connection, STALE);
            Instant windowStart = Instant.now().minus(AlertRules.DIGEST_WINDOW);
            int withinWindow = (int) before.values().stream().filter(since -> since.isAfter(windowStart)).count();
            List<String> turned = new ArrayList<>();
            for (Map.Entry<String, Instant> report : stale.entrySet()) {
                if (!before.containsKey(report.getKey()) && AlertStore.enter(connection, report.getKey(), STALE)) {
                    turned.add(report.getKey());
                }
            }
            if (AlertRules.digest(turned.size(), withinWindow)) {
                record(connection, AlertEvent.of(AlertKind.REPORT_STALE, turned, STALE, null, null, null));
            } else {
                for (String report : turned) {
                    record(connection, AlertEvent.of(AlertKind.REPORT_STALE, List.of(report), STALE, null,
                            stale.get(report), null));
                }
            }
            for (String report : before.keySet()) {
                if (!stale.containsKey(report) && AlertStore.leave(connection, report, STALE)) {
                    record(connection, AlertEvent.of(AlertKind.REPORT_RECOVERED, List.of(report), STALE, null,
                            null, null));
                }
            }
        });
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
