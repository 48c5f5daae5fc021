package org.mvreports.alert.watch;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.alert.control.AlertRecorder;
import org.mvreports.alert.entity.ReportCondition;
import org.mvreports.catalog.boundary.ReportCatalog;

/**
 * Tells the alerts, every 30 seconds, which reports are stale (older than their agreed interval, also while a job
 * has them) and which failed, as the catalog says; the recorder reads them once it holds the conditions' lock.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN) // the catalog and the recorder use transactions of their own
public class ReportConditionWatch {

    private static final Logger LOG = Logger.getLogger(ReportConditionWatch.class.getName());

    @Inject
    ReportCatalog catalog;

    @Inject
    AlertRecorder alerts;

    @Schedule(second = "*/30", minute = "*", hour = "*", persistent = false, info = "alert report conditions")
    void watch() {
        try {
            alerts.reconcile(this::conditions);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "cannot watch the reports' conditions right now", e);
        }
    }

    private List<ReportCondition> conditions() {
        Instant now = Instant.now();
        return catalog.freshnessForProbes().stream().map(report -> new ReportCondition(report.name(),
                report.olderThanAgreed(now), report.freshness().lastError(), report.freshness().dataAsOf())).toList();
    }
}
