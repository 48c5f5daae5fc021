package org.mvreports.alert.watch;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.alert.control.AlertRecorder;
import org.mvreports.catalog.boundary.ReportCatalog;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.freshness.entity.FreshnessState;

/** Tells the alerts which reports are stale, every 30 seconds (their badges' rule: {@code FreshnessJudge}). */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN) // the catalog and the recorder use transactions of their own
public class StaleReportWatch {

    private static final Logger LOG = Logger.getLogger(StaleReportWatch.class.getName());

    @Inject
    ReportCatalog catalog;

    @Inject
    AlertRecorder alerts;

    @Schedule(second = "*/30", minute = "*", hour = "*", persistent = false, info = "alert stale reports")
    void watch() {
        try {
            Map<String, Instant> stale = new HashMap<>();
            for (ReportStatus report : catalog.freshnessForProbes()) {
                if (report.freshness().state() == FreshnessState.STALE) {
                    stale.put(report.name(), report.freshness().dataAsOf());
                }
            }
            alerts.staleNow(stale);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot watch the reports' freshness right now", e);
        }
    }
}
