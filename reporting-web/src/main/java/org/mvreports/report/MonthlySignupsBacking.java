package org.mvreports.report;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.time.YearMonth;
import java.util.List;
import org.mvreports.freshness.boundary.ReportFreshness;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.ReportStatus;
import org.mvreports.report.boundary.MonthlySignups;
import org.mvreports.report.entity.MonthlySignup;
import org.mvreports.security.Roles;

/**
 * The signups-per-month report page ({@code reports/monthly-signups.xhtml}). Before its first refresh the view
 * cannot be read at all, so the page says so (and whether that refresh runs) instead of showing rows.
 */
@Named
@RequestScoped
public class MonthlySignupsBacking {

    /** One table row: the month as users read it ("2024-03") and its signups (a record: pages call month()). */
    public record Row(String month, long signups) {
    }

    @Inject
    MonthlySignups report;

    @Inject
    ReportFreshness freshness;

    @Inject
    SecurityContext securityContext;

    private boolean viewer;
    private boolean available;
    private Freshness status;
    private List<Row> rows = List.of();
    private long total;

    @PostConstruct
    void load() {
        viewer = securityContext.isCallerInRole(Roles.REPORT_VIEWER);
        if (!viewer) {
            return;
        }
        ReportStatus signups = freshness.of(MonthlySignups.VIEW).orElseThrow(
                () -> new IllegalStateException("the report " + MonthlySignups.VIEW + " does not exist"));
        status = signups.freshness();
        available = signups.available();
        if (available) {
            List<MonthlySignup> months = report.byMonth();
            rows = months.stream()
                    .map(s -> new Row(YearMonth.from(s.getMonth()).toString(), s.getSignups()))
                    .toList();
            total = months.stream().mapToLong(MonthlySignup::getSignups).sum();
        }
    }

    public boolean isViewer() {
        return viewer;
    }

    /** Whether the report has data to show (it has been refreshed once). */
    public boolean isAvailable() {
        return available;
    }

    public List<Row> getRows() {
        return rows;
    }

    public long getTotal() {
        return total;
    }

    public String getDataAsOf() {
        return Formats.timestamp(status.dataAsOf());
    }

    public String getBadge() {
        return FreshnessText.badge(status);
    }

    public String getSeverity() {
        return FreshnessText.severity(status);
    }

    public String getSentence() {
        return FreshnessText.sentence(status);
    }

    public String getOutlook() {
        return FreshnessText.outlook(status);
    }
}
