package org.mvreports.audit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mvreports.audit.boundary.AuditRecords;
import org.mvreports.audit.entity.AuditRecord;
import org.mvreports.history.entity.AdminAction;
import org.mvreports.history.entity.ChainHead;
import org.mvreports.history.entity.ChainVerdict;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.history.entity.RefreshTrigger;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.report.OpenExports;
import org.mvreports.report.ReportsResource.Column;
import org.mvreports.report.entity.Filter;
import org.mvreports.report.entity.ReportPage;
import org.mvreports.report.entity.SortKey;
import org.mvreports.web.ApiParameters;
import org.mvreports.security.entity.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.mvreports.web.ApiDocs;

/**
 * The records auditors review, over REST: {@code GET /refresh-log} (refresh administrators and auditors),
 * {@code GET /exports} and {@code GET /admin-actions} (auditors). Each takes named filters (DESIGN.md's contract:
 * {@code view}, {@code outcome}, {@code from}, {@code to} ...), which are the same as {@code filter=column:op:value}
 * on the record's columns and may be mixed with them, and {@code sort}, {@code page}, {@code size} as a report's
 * rows do; with {@code format=csv|xlsx} every matching row is streamed as a file instead of a page, and recorded in
 * the export record. Times are ISO-8601 instants ({@code from} inclusive, {@code to} exclusive). The records' hash
 * chains: {@code GET /refresh-log/verify} and {@code GET /refresh-log/head}.
 */
@Path("")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiDocs.HISTORY, description = "The append-only records and their hash chains (auditors; the refresh"
        + " history for refresh administrators too)")
public class AuditRecordsResource {

    private static final String FROM = "From this instant on (inclusive), ISO-8601, e.g. 2026-12-01T00:00:00Z";
    private static final String TO = "Before this instant (exclusive), ISO-8601";
    private static final String FORMAT = "csv or xlsx: every matching row as a file (recorded in the export"
            + " record) instead of a page";
    private static final String VIEW = "A report's name";
    private static final String EXECUTION = "A refresh job's execution id";

    /**
     * One page of a record.
     *
     * @param record       which record (REFRESH_HISTORY, EXPORTS, ADMIN_ACTIONS)
     * @param matchingRows how many rows the filters leave, counted no further than 100,000 (then matchingAtLeast)
     */
    public record RecordRows(String record, String title, List<Column> columns, List<Map<String, Object>> rows,
                             long matchingRows, boolean matchingAtLeast, int page, int size, long pages,
                             List<String> sort, List<String> filters) {

        static RecordRows of(AuditRecord record, String title, ReportPage page) {
            return new RecordRows(record.name(), title, page.columns().stream().map(Column::of).toList(),
                    page.rows(), page.matchingRows(), page.matchingAtLeast(), page.request().page(),
                    page.request().size(), page.pages(),
                    page.request().sort().stream().map(SortKey::asText).toList(),
                    page.request().filters().stream().map(Filter::asText).toList());
        }
    }


    @Inject
    AuditRecords records;

    @Inject
    OpenExports openExports;

    /** {@code GET /refresh-log}: every refresh attempt, newest first. */
    @GET
    @Path("refresh-log")
    @RolesAllowed({Roles.REFRESH_ADMIN, Roles.AUDITOR})
    @Produces({MediaType.APPLICATION_JSON, ApiDocs.CSV, ApiDocs.XLSX})
    @Operation(summary = "The refresh history", description = "Every refresh attempt, newest first: outcome,"
            + " trigger and who, mode, rows, duration, node, job, error (refresh-admin, auditor).")
    @APIResponse(responseCode = "200", description = "A page of the record, or with format the whole filtered"
            + " record as a file", content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecordRows.class)), @Content(mediaType = ApiDocs.CSV),
            @Content(mediaType = ApiDocs.XLSX)})
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response refreshLog(@Parameter(description = VIEW) @QueryParam("view") String view,
                               @Parameter(description = "SUCCEEDED, FAILED, SKIPPED_UNCHANGED, SKIPPED_BUSY or"
                                       + " SKIPPED_UPSTREAM_FAILED") @QueryParam("outcome") String outcome,
                               @Parameter(description = "SCHEDULE, USER, API or STARTUP") @QueryParam("trigger")
                               String trigger,
                               @Parameter(description = "Who started it (a user name, or the scheduler)")
                               @QueryParam("triggeredBy") String triggeredBy,
                               @Parameter(description = EXECUTION) @QueryParam("execution") String execution,
                               @Parameter(description = "The node that ran it") @QueryParam("node") String node,
                               @Parameter(description = FROM) @QueryParam("from") String from,
                               @Parameter(description = TO) @QueryParam("to") String to,
                               @Parameter(description = "true: only refreshes whose report was redefined since its"
                                       + " previous successful refresh") @QueryParam("definitionChanged")
                               String definitionChanged,
                               @Parameter(description = ApiDocs.FILTER) @QueryParam("filter") List<String> filter,
                               @Parameter(description = ApiDocs.SORT) @QueryParam("sort") List<String> sort,
                               @Parameter(description = ApiDocs.PAGE) @QueryParam("page") String page,
                               @Parameter(description = ApiDocs.SIZE) @QueryParam("size") String size,
                               @Parameter(description = FORMAT) @QueryParam("format") String format) {
        Filters filters = new Filters(filter)
                .equal("report", view)
                .oneOf("outcome", outcome, Arrays.stream(RefreshOutcome.values()).map(Enum::name).toList())
                .oneOf("trigger", trigger, Arrays.stream(RefreshTrigger.Kind.values()).map(Enum::name).toList())
                .equal("triggered_by", triggeredBy)
                .equal("execution", execution)
                .equal("node", node)
                .between(AuditRecord.REFRESH_HISTORY.timeColumn(), from, to)
                .oneOf("definition_changed", definitionChanged, List.of("true", "false"));
        return answer(AuditRecord.REFRESH_HISTORY, filters, sort, page, size, format);
    }

    /** {@code GET /exports}: every export, newest first (auditors). */
    @GET
    @Path("exports")
    @RolesAllowed(Roles.AUDITOR)
    @Produces({MediaType.APPLICATION_JSON, ApiDocs.CSV, ApiDocs.XLSX})
    @Operation(summary = "The export record", description = "Every export, newest first: who exported which"
            + " report or record, format, filters, rows, as-of, how it ended (auditor).")
    @APIResponse(responseCode = "200", description = "A page of the record, or with format the whole filtered"
            + " record as a file", content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecordRows.class)), @Content(mediaType = ApiDocs.CSV),
            @Content(mediaType = ApiDocs.XLSX)})
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response exports(@Parameter(description = "Who exported") @QueryParam("user") String user,
                            @Parameter(description = VIEW) @QueryParam("view") String view,
                            @Parameter(description = "COMPLETED, CANCELLED or FAILED") @QueryParam("outcome")
                            String outcome,
                            @Parameter(description = FROM) @QueryParam("from") String from,
                            @Parameter(description = TO) @QueryParam("to") String to,
                            @Parameter(description = ApiDocs.FILTER) @QueryParam("filter") List<String> filter,
                            @Parameter(description = ApiDocs.SORT) @QueryParam("sort") List<String> sort,
                            @Parameter(description = ApiDocs.PAGE) @QueryParam("page") String page,
                            @Parameter(description = ApiDocs.SIZE) @QueryParam("size") String size,
                            @Parameter(description = FORMAT) @QueryParam("format") String format) {
        Filters filters = new Filters(filter)
                .equal("exported_by", user)
                .equal("report", view)
                .oneOf("outcome", outcome, List.of("COMPLETED", "CANCELLED", "FAILED"))
                .between(AuditRecord.EXPORTS.timeColumn(), from, to);
        return answer(AuditRecord.EXPORTS, filters, sort, page, size, format);
    }

    /** {@code GET /admin-actions}: what refresh administrators did, newest first (auditors). */
    @GET
    @Path("admin-actions")
    @RolesAllowed(Roles.AUDITOR)
    @Produces({MediaType.APPLICATION_JSON, ApiDocs.CSV, ApiDocs.XLSX})
    @Operation(summary = "The admin actions", description = "What refresh administrators did, newest first:"
            + " intervals and switches changed (before and after), jobs started, stopped, restarted, abandoned"
            + " (auditor).")
    @APIResponse(responseCode = "200", description = "A page of the record, or with format the whole filtered"
            + " record as a file", content = {@Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RecordRows.class)), @Content(mediaType = ApiDocs.CSV),
            @Content(mediaType = ApiDocs.XLSX)})
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response adminActions(@Parameter(description = "Who acted") @QueryParam("user") String user,
                                 @Parameter(description = "SET_INTERVAL, SET_SCHEDULE, SET_SCHEDULER, START_JOB,"
                                         + " STOP_JOB, RESTART_JOB, ABANDON_JOB, ADD_WEBHOOK or REMOVE_WEBHOOK")
                                 @QueryParam("action") String action,
                                 @Parameter(description = VIEW) @QueryParam("view") String view,
                                 @Parameter(description = EXECUTION) @QueryParam("execution") String execution,
                                 @Parameter(description = FROM) @QueryParam("from") String from,
                                 @Parameter(description = TO) @QueryParam("to") String to,
                                 @Parameter(description = ApiDocs.FILTER) @QueryParam("filter") List<String> filter,
                                 @Parameter(description = ApiDocs.SORT) @QueryParam("sort") List<String> sort,
                                 @Parameter(description = ApiDocs.PAGE) @QueryParam("page") String page,
                                 @Parameter(description = ApiDocs.SIZE) @QueryParam("size") String size,
                                 @Parameter(description = FORMAT) @QueryParam("format") String format) {
        Filters filters = new Filters(filter)
                .equal("acted_by", user)
                .oneOf("action", action, Arrays.stream(AdminAction.Kind.values()).map(Enum::name).toList())
                .equal("report", view)
                .equal("execution", execution)
                .between(AuditRecord.ADMIN_ACTIONS.timeColumn(), from, to);
        return answer(AuditRecord.ADMIN_ACTIONS, filters, sort, page, size, format);
    }

    /**
     * The three records' hash chains verified from their first links, and each head given
     * ({@code head=<position>:<hash>} for the refresh log, {@code head=<record>:<position>:<hash>} for another;
     * repeatable) checked to be still in its chain.
     *
     * @param intact           whether every chain is intact and contains the heads given
     * @param recordsProtected whether the application's own database role cannot change the records (two database
     *                         roles, docs/integrity.md); when false, its credentials suffice to change them
     */
    public record Verification(boolean intact, boolean recordsProtected, List<ChainVerdict> chains) {
    }

    /** {@code GET /refresh-log/verify[?head=...]}: the verdict of each chain. */
    @GET
    @Path("refresh-log/verify")
    @RolesAllowed({Roles.REFRESH_ADMIN, Roles.AUDITOR})
    @Operation(summary = "Verify the records' hash chains", description = "Recomputes each chain from its first"
            + " link and names any row changed, removed or slipped in; checks that saved heads are still in their"
            + " chains (refresh-admin, auditor).")
    @APIResponse(responseCode = "200", description = "The verdict of each chain", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Verification.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Verification verify(@Parameter(description = "A head saved earlier, repeatable: <position>:<hash> for"
            + " the refresh history, <record>:<position>:<hash> for another record") @QueryParam("head")
                               List<String> heads) {
        List<ChainVerdict> verdicts = records.verify(heads);
        return new Verification(verdicts.stream().allMatch(ChainVerdict::intact), records.recordsProtected(),
                verdicts);
    }

    /** {@code GET /refresh-log/head}: each record's last sealed link, to save for a later {@code verify?head=}. */
    @GET
    @Path("refresh-log/head")
    @RolesAllowed({Roles.REFRESH_ADMIN, Roles.AUDITOR})
    @Operation(summary = "The records' chain heads", description = "Each record's last sealed link, to save apart"
            + " from the database for a later verification (refresh-admin, auditor).")
    @APIResponse(responseCode = "200", description = "One head per record", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY,
            implementation = ChainHead.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public List<ChainHead> heads() {
        return records.heads();
    }

    private Response answer(AuditRecord record, Filters filters, List<String> sort, String page, String size,
                            String format) {
        if (format != null) {
            return openExports.stream(records.prepareExport(record, sort, filters.all, OpenExports.format(format)));
        }
        ReportPage read = records.page(record, sort, filters.all, ApiParameters.wholeNumber("page", page),
                ApiParameters.wholeNumber("size", size));
        return Response.ok(RecordRows.of(record, read.relation().metadata().title(), read),
                MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * The named filters as {@code column:op:value}, after the generic ones: a value is checked by the browser like
     * any filter value (its column's type), and one of a few known values (an outcome) is checked here, so that a
     * typo is a 400 listing what exists rather than an empty page.
     */
    private static final class Filters {

        private final List<String> all;

        Filters(List<String> generic) {
            all = new ArrayList<>(generic == null ? List.of() : generic);
        }

        Filters equal(String column, String value) {
            if (value != null) {
                all.add(column + ":eq:" + value);
            }
            return this;
        }

        Filters oneOf(String column, String value, List<String> allowed) {
            if (value == null) {
                return this;
            }
            String known = allowed.stream().filter(a -> a.equalsIgnoreCase(value)).findFirst()
                    .orElseThrow(() -> new InvalidRequestException("'" + ApiParameters.excerpt(value)
                            + "' is not a known " + column.replace('_', ' ') + "; one of " + allowed, allowed));
            all.add(column + ":eq:" + known);
            return this;
        }

        Filters between(String column, String from, String to) {
            if (from != null) {
                all.add(column + ":ge:" + from);
            }
            if (to != null) {
                all.add(column + ":lt:" + to);
            }
            return this;
        }
    }
}
