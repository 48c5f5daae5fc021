package org.mvreports.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.mvreports.report.boundary.ReportCatalog;
import org.mvreports.report.entity.ReportSummary;

/** {@code GET /api/reports}: the report catalog with freshness, for report viewers. */
@Path("reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportsResource {

    /**
     * One report as the API shows it.
     *
     * @param refreshInterval the agreed interval, ISO-8601 (e.g. PT1H)
     * @param stale           whether the last successful refresh is older than the agreed interval
     * @param blocksReaders   whether refreshing it blocks readers (no qualifying unique index)
     */
    public record Report(String name, String title, String description, String refreshInterval,
                         Instant lastRefreshedAt, Long rowCount, boolean stale, boolean populated,
                         boolean blocksReaders) {

        static Report of(ReportSummary summary, Instant now) {
            return new Report(summary.name(), summary.title(), summary.description(),
                    summary.refreshInterval().toString(), summary.lastRefreshedAt(), summary.rowCount(),
                    summary.isStale(now), summary.populated(), !summary.concurrentCapable());
        }
    }

    @Inject
    ReportCatalog catalog;

    @GET
    public List<Report> reports() {
        Instant now = Instant.now();
        return catalog.reports().stream().map(summary -> Report.of(summary, now)).toList();
    }
}
