package org.mvreports.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.mvreports.freshness.boundary.ReportFreshness;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;
import org.mvreports.freshness.entity.ReportStatus;

/** {@code GET /api/reports}: the report catalog with freshness, for all three roles (no report rows here). */
@Path("reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportsResource {

    /**
     * One report as the API shows it.
     *
     * @param refreshInterval the agreed interval in force, ISO-8601 (e.g. PT1H); null when none can be read
     * @param state           FRESH, STALE, REFRESHING or NEVER_REFRESHED (see DESIGN.md, "Freshness")
     * @param available       whether its rows can be read (it has been refreshed once)
     * @param refreshing      whether a job has it now; for a report never refreshed, its first refresh runs
     * @param dataAsOf        the moment its data reflects: the start of its last successful refresh
     * @param lastRefreshedAt when that refresh ended
     * @param nextDueAt       when the schedule refreshes it next; null when it is not scheduled
     * @param stale           state == STALE
     * @param blocksReaders   whether refreshing it blocks readers (no qualifying unique index)
     */
    public record Report(String name, String title, String description, String refreshInterval, String state,
                         boolean available, boolean refreshing, Instant dataAsOf, Instant lastRefreshedAt,
                         Instant nextDueAt, Long rowCount, boolean stale, boolean populated,
                         boolean blocksReaders) {

        static Report of(ReportStatus report) {
            Freshness freshness = report.freshness();
            return new Report(report.name(), report.title(), report.description(),
                    report.refreshInterval() == null ? null : report.refreshInterval().toString(),
                    freshness.state().name(), report.available(), freshness.refreshing(), freshness.dataAsOf(),
                    freshness.refreshedAt(), freshness.nextDueAt(), freshness.rowCount(),
                    freshness.state() == FreshnessState.STALE, report.populated(), !report.concurrentCapable());
        }
    }

    @Inject
    ReportFreshness freshness;

    @GET
    public List<Report> reports() {
        return freshness.catalog().stream().map(Report::of).toList();
    }
}
