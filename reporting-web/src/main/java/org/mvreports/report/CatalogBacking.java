package org.mvreports.report;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.time.Instant;
import java.util.List;
import org.mvreports.report.boundary.ReportCatalog;
import org.mvreports.report.boundary.MonthlySignups;
import org.mvreports.report.entity.ReportSummary;
import org.mvreports.security.Roles;

/** The report catalog page ({@code index.xhtml}). */
@Named
@RequestScoped
public class CatalogBacking {

    @Inject
    ReportCatalog catalog;

    @Inject
    SecurityContext securityContext;

    private List<ReportSummary> reports;
    private final Instant now = Instant.now();

    /** Whether the signed-in user may see reports at all; the page explains when not. */
    public boolean isViewer() {
        return securityContext.isCallerInRole(Roles.REPORT_VIEWER);
    }

    public List<ReportSummary> getReports() {
        if (reports == null) {
            reports = isViewer() ? catalog.reports() : List.of();
        }
        return reports;
    }

    public String lastRefreshed(ReportSummary report) {
        return Formats.timestamp(report.lastRefreshedAt());
    }

    public String interval(ReportSummary report) {
        return Formats.interval(report.refreshInterval());
    }

    public boolean stale(ReportSummary report) {
        return report.isStale(now);
    }

    /** The page that shows a report; only monthly signups has one until the generic report browser exists. */
    public String pageOf(ReportSummary report) {
        return MonthlySignups.VIEW.equals(report.name()) ? "/reports/monthly-signups.xhtml" : null;
    }
}
