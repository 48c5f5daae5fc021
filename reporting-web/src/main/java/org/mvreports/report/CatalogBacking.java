package org.mvreports.report;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.util.List;
import org.mvreports.freshness.boundary.ReportFreshness;
import org.mvreports.freshness.entity.ReportStatus;
import org.mvreports.report.boundary.MonthlySignups;
import org.mvreports.security.Roles;

/** The report catalog page ({@code index.xhtml}). */
@Named
@RequestScoped
public class CatalogBacking {

    @Inject
    ReportFreshness freshness;

    @Inject
    SecurityContext securityContext;

    private List<ReportStatus> reports;

    /** Whether the signed-in user may see reports at all; the page explains when not. */
    public boolean isViewer() {
        return securityContext.isCallerInRole(Roles.REPORT_VIEWER);
    }

    public List<ReportStatus> getReports() {
        if (reports == null) {
            reports = isViewer() ? freshness.catalog() : List.of();
        }
        return reports;
    }

    public String dataAsOf(ReportStatus report) {
        return Formats.timestamp(report.freshness().dataAsOf());
    }

    public String interval(ReportStatus report) {
        return report.refreshInterval() == null ? "not scheduled" : Formats.interval(report.refreshInterval());
    }

    public String badge(ReportStatus report) {
        return FreshnessText.badge(report.freshness());
    }

    public String severity(ReportStatus report) {
        return FreshnessText.severity(report.freshness());
    }

    public String sentence(ReportStatus report) {
        return FreshnessText.sentence(report.freshness());
    }

    /** The page that shows a report; only monthly signups has one until the generic report browser exists. */
    public String pageOf(ReportStatus report) {
        return MonthlySignups.VIEW.equals(report.name()) && report.available() ? "/reports/monthly-signups.xhtml"
                : null;
    }
}
