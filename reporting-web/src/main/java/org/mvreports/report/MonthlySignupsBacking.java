package org.mvreports.report;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import java.time.YearMonth;
import java.util.List;
import org.mvreports.report.boundary.MonthlySignups;
import org.mvreports.report.entity.MonthlySignup;
import org.mvreports.security.Roles;

/** The signups-per-month report page ({@code reports/monthly-signups.xhtml}). */
@Named
@RequestScoped
public class MonthlySignupsBacking {

    /** One table row: the month as users read it ("2024-03") and its signups (a record: pages call month()). */
    public record Row(String month, long signups) {
    }

    @Inject
    MonthlySignups report;

    @Inject
    SecurityContext securityContext;

    private boolean viewer;
    private List<Row> rows = List.of();
    private String dataAsOf = "";
    private long total;

    @PostConstruct
    void load() {
        viewer = securityContext.isCallerInRole(Roles.REPORT_VIEWER);
        if (viewer) {
            List<MonthlySignup> signups = report.byMonth();
            rows = signups.stream()
                    .map(s -> new Row(YearMonth.from(s.getMonth()).toString(), s.getSignups()))
                    .toList();
            total = signups.stream().mapToLong(MonthlySignup::getSignups).sum();
            dataAsOf = Formats.timestamp(report.dataAsOf().orElse(null));
        }
    }

    public boolean isViewer() {
        return viewer;
    }

    public List<Row> getRows() {
        return rows;
    }

    public long getTotal() {
        return total;
    }

    public String getDataAsOf() {
        return dataAsOf;
    }
}
