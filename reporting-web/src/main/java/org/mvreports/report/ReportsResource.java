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
import org.mvreports.web.ApiDocs;
import org.mvreports.web.ApiParameters;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
@Tag(name = ApiDocs.REPORTS, description = "The report catalog, each report's details, rows and exports")
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
    @Operation(summary = "The report catalog", description = "Every report, by name, with its freshness; for all"
            + " three roles (no report data).")
    @APIResponse(responseCode = "200", description = "Every report", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = Report.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public List<Report> reports() {
        return catalog.reports().stream().map(Report::of).toList();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "A report's details", description = "Its freshness, columns with their types and filter"
            + " operators, unique key, what it reads and what reads it, its chart.")
    @APIResponse(responseCode = "200", description = "The report", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Details.class)))
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Details details(@Parameter(description = "The report's name (its materialized view's)", required = true,
                                      example = "monthly_signups") @PathParam("name") String name) {
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
    @Operation(summary = "A page of a report's rows", description = "Sorted, filtered and paged, with the count of"
            + " matching rows, the report's totals over them, and the SQL that read them (report-viewer).")
    @APIResponse(responseCode = "200", description = "The page; a report never refreshed has no rows and"
            + " report.available false", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Rows.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Rows rows(@Parameter(description = "The report's name", example = "monthly_signups",
                                required = true) @PathParam("name") String name,
                     @Parameter(description = ApiDocs.SORT) @QueryParam("sort") List<String> sort,
                     @Parameter(description = ApiDocs.FILTER) @QueryParam("filter") List<String> filter,
                     @Parameter(description = ApiDocs.PAGE, schema = @Schema(type = SchemaType.INTEGER,
                             minimum = "0", defaultValue = "0")) @QueryParam("page") String page,
                     @Parameter(description = ApiDocs.SIZE, schema = @Schema(type = SchemaType.INTEGER,
                             minimum = "1", maximum = "1000", defaultValue = "50")) @QueryParam("size") String size) {
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
    @Produces({ApiDocs.CSV, ApiDocs.XLSX, MediaType.APPLICATION_JSON})
    @Operation(summary = "Export a report", description = "Every row the filters leave, in the sort given, streamed"
            + " as CSV (COPY) or an Excel workbook; recorded in the export record (report-viewer).")
    @APIResponse(responseCode = "200", description = "The file, named after the report and its data's time",
            content = {@Content(mediaType = ApiDocs.CSV), @Content(mediaType = ApiDocs.XLSX)})
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response export(@Parameter(description = "The report's name", example = "monthly_signups",
                                      required = true) @PathParam("name") String name,
                           @Parameter(description = "csv or xlsx", required = true, schema = @Schema(
                                   enumeration = {"csv", "xlsx"})) @QueryParam("format") String format,
                           @Parameter(description = ApiDocs.SORT) @QueryParam("sort") List<String> sort,
                           @Parameter(description = ApiDocs.FILTER) @QueryParam("filter") List<String> filter) {
        return openExports.stream(reportRows.prepareExport(name, sort, filter, OpenExports.format(format)));
    }
}
