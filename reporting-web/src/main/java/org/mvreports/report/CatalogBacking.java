package org.mvreports.report;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.mvreports.freshness.FreshnessText;
import org.mvreports.freshness.boundary.ReportFreshness;
import org.mvreports.freshness.entity.ReportStatus;
import org.mvreports.web.Formats;
import org.mvreports.web.ReaderZone;

/**
 * The report catalog page ({@code index.xhtml}), for every signed-in role: which reports exist and how fresh each is.
 * Opening a report needs the report-viewer role (its pages live under {@code reports/}, guarded in web.xml).
 */
@Named
@RequestScoped
public class CatalogBacking {

    @Inject
    ReportFreshness freshness;

    @Inject
    ReaderZone readerZone;

    private List<ReportStatus> reports;

    public List<ReportStatus> getReports() {
        if (reports == null) {
            reports = freshness.catalog();
        }
        return reports;
    }

    public String dataAsOf(ReportStatus report) {
        return Formats.timestamp(report.freshness().dataAsOf(), readerZone.zone());
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
        return FreshnessText.sentence(report.freshness(), readerZone.zone());
    }
}
