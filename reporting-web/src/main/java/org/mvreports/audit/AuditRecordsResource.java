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
public class AuditRecordsResource {

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

    private static final String CSV = "text/csv";
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    AuditRecords records;

    @Inject
    OpenExports openExports;

    /** {@code GET /refresh-log}: every refresh attempt, newest first. */
    @GET
    @Path("refresh-log")
    @RolesAllowed({Roles.REFRESH_ADMIN, Roles.AUDITOR})
    @Produces({MediaType.APPLICATION_JSON, CSV, XLSX})
    public Response refreshLog(@QueryParam("view") String view, @QueryParam("outcome") String outcome,
                               @QueryParam("trigger") String trigger, @QueryParam("triggeredBy") String triggeredBy,
                               @QueryParam("execution") String execution, @QueryParam("node") String node,
                               @QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("definitionChanged") String definitionChanged,
                               @QueryParam("filter") List<String> filter, @QueryParam("sort") List<String> sort,
                               @QueryParam("page") String page, @QueryParam("size") String size,
                               @QueryParam("format") String format) {
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
    @Produces({MediaType.APPLICATION_JSON, CSV, XLSX})
    public Response exports(@QueryParam("user") String user, @QueryParam("view") String view,
                            @QueryParam("outcome") String outcome, @QueryParam("from") String from,
                            @QueryParam("to") String to, @QueryParam("filter") List<String> filter,
                            @QueryParam("sort") List<String> sort, @QueryParam("page") String page,
                            @QueryParam("size") String size, @QueryParam("format") String format) {
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
    @Produces({MediaType.APPLICATION_JSON, CSV, XLSX})
    public Response adminActions(@QueryParam("user") String user, @QueryParam("action") String action,
                                 @QueryParam("view") String view, @QueryParam("execution") String execution,
                                 @QueryParam("from") String from, @QueryParam("to") String to,
                                 @QueryParam("filter") List<String> filter, @QueryParam("sort") List<String> sort,
                                 @QueryParam("page") String page, @QueryParam("size") String size,
                                 @QueryParam("format") String format) {
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
    public Verification verify(@QueryParam("head") List<String> heads) {
        List<ChainVerdict> verdicts = records.verify(heads);
        return new Verification(verdicts.stream().allMatch(ChainVerdict::intact), records.recordsProtected(),
                verdicts);
    }

    /** {@code GET /refresh-log/head}: each record's last sealed link, to save for a later {@code verify?head=}. */
    @GET
    @Path("refresh-log/head")
    @RolesAllowed({Roles.REFRESH_ADMIN, Roles.AUDITOR})
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
