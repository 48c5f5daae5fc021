package org.mvreports.report;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mvreports.catalog.boundary.ReportCatalog;
import org.mvreports.catalog.entity.ReportDetails;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.definition.entity.ChartSpec;
import org.mvreports.definition.entity.ColumnFormat;
import org.mvreports.definition.entity.DefinitionProblem;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.UnknownReportException;
import org.mvreports.freshness.FreshnessText;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;
import org.mvreports.report.boundary.ReportRows;
import org.mvreports.report.entity.Filter;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.ReportPage;
import org.mvreports.report.entity.SortKey;
import org.mvreports.security.entity.Roles;
import org.mvreports.web.ApiParameters;

/**
 * {@code /api/reports}: the catalog and each report's details, for all three roles (names and freshness show no
 * report data); a report's rows and exports, for report viewers (the EJB enforces it).
 *
 * <p>Paging numbers are read here from text, so that {@code page=abc} is a 400 naming the parameter rather than
 * JAX-RS's 404 for a parameter it cannot convert.
 */
@Path("reports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.REPORT_VIEWER, Roles.REFRESH_ADMIN, Roles.AUDITOR})
public class ReportsResource {

    /**
     * One report as the catalog shows it.
     *
     * @param refreshInterval the agreed interval in force, ISO-8601 (e.g. PT1H)
     * @param state           FRESH, STALE, REFRESHING, FAILED or NEVER_REFRESHED (the badge every page shows)
     * @param available       whether its rows can be read (it has been refreshed once)
     * @param refreshing      whether a job has it now; for a report never refreshed, its first refresh runs
     * @param dataAsOf        the moment its data reflects: the start of its last successful refresh
     * @param lastRefreshedAt when that refresh ended
     * @param nextDueAt       when the schedule refreshes it next; null when it is not scheduled
     * @param expectedEnd     while refreshing: when that refresh should end, from its recent refreshes
     * @param lastError       when its latest refresh failed: PostgreSQL's message (SQLSTATE); else absent
     * @param failedAt        when that failed refresh ended
     * @param sourcesChangedAt when its sources last changed in a way its data does not reflect yet; absent when they
     *                        did not, or when that is not known (sourcesTracked false)
     * @param freshness       the same in one sentence, for people
     * @param stale           state == STALE
     * @param blocksReaders   whether refreshing it blocks readers (no qualifying unique index)
     * @param section         the catalog section its SQL file names; absent when it names none
     * @param problems        lines of its SQL file's comment that could not be used (their defaults apply), for
     *                        whoever maintains the file; empty when there are none
     */
    public record Report(String name, String title, String description, String refreshInterval, String state,
                         boolean available, boolean refreshing, Instant dataAsOf, Instant lastRefreshedAt,
                         Instant nextDueAt, Instant expectedEnd, String lastError, Instant failedAt,
                         boolean sourcesTracked, Instant sourcesChangedAt, String freshness, Long rowCount,
                         boolean stale, boolean populated, boolean blocksReaders, String section,
                         List<DefinitionProblem> problems) {

        static Report of(ReportStatus report) {
            Freshness freshness = report.freshness();
            return new Report(report.name(), report.title(), report.description(),
                    report.refreshInterval().toString(),
                    freshness.state().name(), report.available(), freshness.refreshing(), freshness.dataAsOf(),
                    freshness.refreshedAt(), freshness.nextDueAt(), freshness.expectedEnd(), freshness.lastError(),
                    freshness.failedAt(), freshness.sourcesTracked(), freshness.sourcesChangedAt(),
                    FreshnessText.sentence(freshness), freshness.rowCount(),
                    freshness.state() == FreshnessState.STALE, report.populated(), !report.concurrentCapable(),
                    report.section(), report.problems());
        }
    }

    /**
     * A column as the API describes it: its type, which filter operators fit it, and, for a number column of a page,
     * how people are shown its values (the values themselves stay as they are).
     */
    public record Column(String name, String label, String type, String kind, List<String> operators,
                         boolean sortable, ColumnFormat format) {

        public static Column of(ReportColumn column) {
            return new Column(column.name(), column.label(), column.type(), column.kind().name(),
                    column.operators().stream().map(op -> op.apiName()).toList(), column.kind().sortable(),
                    column.format());
        }
    }

    /** {@code GET /reports/{name}}: a report's details. */
    public record Details(Report report, List<Column> columns, List<String> uniqueKey, List<String> reads,
                          List<String> readBy, ChartSpec chart) {
    }

    /**
     * {@code GET /reports/{name}/rows}: one page.
     *
     * @param matchingRows    how many rows the filters leave (at least this many when matchingAtLeast)
     * @param sql             the statement that read them, one clause per line, and its parameters
     * @param totals          the report's totals over every matching row, column → sum; empty when it has none
     */
    public record Rows(Report report, List<Column> columns, List<Map<String, Object>> rows, long matchingRows,
                       boolean matchingAtLeast, int page, int size, long pages, List<String> sort,
                       List<String> filters, String sql, List<String> parameters, Map<String, Object> totals) {
    }

    @Inject
    ReportCatalog catalog;

    @Inject
    ReportRows reportRows;

    @Inject
    OpenExports openExports;

    @GET
    public List<Report> reports() {
        return catalog.reports().stream().map(Report::of).toList();
    }

    @GET
    @Path("{name}")
    public Details details(@PathParam("name") String name) {
        ReportDetails details = catalog.details(name).orElseThrow(() -> new UnknownReportException(name));
        return new Details(Report.of(details.status()),
                details.columns().stream().map(c -> Column.of(ReportColumn.of(c.name(), c.type()))).toList(),
                details.uniqueKey(), details.reads(), details.readBy(), details.chart());
    }

    /**
     * {@code GET /reports/{name}/rows?sort=col,-col&filter=col:op:value&page=0&size=50}; a report never refreshed
     * answers with no rows and {@code report.available} false.
     */
    @GET
    @Path("{name}/rows")
    @RolesAllowed(Roles.REPORT_VIEWER)
    public Rows rows(@PathParam("name") String name, @QueryParam("sort") List<String> sort,
                     @QueryParam("filter") List<String> filter, @QueryParam("page") String page,
                     @QueryParam("size") String size) {
        Optional<ReportPage> read = reportRows.page(name, sort, filter, ApiParameters.wholeNumber("page", page),
                ApiParameters.wholeNumber("size", size));
        Report report = Report.of(read.isPresent() ? catalog.report((MaterializedView) read.get().relation())
                : catalog.report(name).orElseThrow(() -> new UnknownReportException(name)));
        if (read.isEmpty()) {
            return new Rows(report, List.of(), List.of(), 0, false, 0, 0, 0, List.of(), List.of(), null, List.of(),
                    Map.of());
        }
        ReportPage rows = read.get();
        return new Rows(report, rows.columns().stream().map(Column::of).toList(), rows.rows(), rows.matchingRows(),
                rows.matchingAtLeast(), rows.request().page(), rows.request().size(), rows.pages(),
                rows.request().sort().stream().map(SortKey::asText).toList(),
                rows.request().filters().stream().map(Filter::asText).toList(), rows.sql(), rows.parameters(),
                rows.totals());
    }

    /** {@code GET /reports/{name}/export?format=csv|xlsx&sort=...&filter=...}: the whole filtered report, streamed. */
    @GET
    @Path("{name}/export")
    @RolesAllowed(Roles.REPORT_VIEWER)
    @Produces({"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               MediaType.APPLICATION_JSON})
    public Response export(@PathParam("name") String name, @QueryParam("format") String format,
                           @QueryParam("sort") List<String> sort, @QueryParam("filter") List<String> filter) {
        return openExports.stream(reportRows.prepareExport(name, sort, filter, OpenExports.format(format)));
    }
}
