package org.mvreports.audit.boundary;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mvreports.audit.control.RecordViews;
import org.mvreports.audit.entity.AuditRecord;
import org.mvreports.alert.control.AlertRecorder;
import org.mvreports.database.LocalTransactions;
import org.mvreports.definition.entity.RecordView;
import org.mvreports.history.control.RecordChains;
import org.mvreports.history.entity.ChainHead;
import org.mvreports.history.entity.ChainVerdict;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.report.boundary.PreparedExport;
import org.mvreports.report.control.ReportExporter;
import org.mvreports.report.control.ReportReader;
import org.mvreports.report.control.RowsRequests;
import org.mvreports.report.entity.ExportFormat;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.ReportPage;
import org.mvreports.report.entity.RowsRequest;
import org.mvreports.security.entity.Roles;

/**
 * The records auditors review, read like reports: a page at a time (sorted, filtered, counted no further than
 * {@link ReportReader#COUNT_CAP}), or every matching row as a streamed CSV or XLSX export, written and recorded by
 * the report browser's one export path ({@code ReportRows.write}). Newest first unless a sort is asked for.
 *
 * <p>Who reads what: the refresh history, refresh administrators and auditors; the export record and the
 * admin-action record, auditors only. Both may verify the records' hash chains and read their heads. Nobody changes
 * any of them here, or anywhere: the records are append-only in the database.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // reads in local transactions with their own limits
@RolesAllowed({Roles.REFRESH_ADMIN, Roles.AUDITOR})
public class AuditRecords {

    @Inject
    RecordViews views;

    @Inject
    AlertRecorder alerts;

    @Inject
    LocalTransactions database;

    @Inject
    ReportReader reader;

    @Inject
    ReportExporter exporter;

    @Resource
    SessionContext session;

    /** The record's columns, as the catalog describes its view. */
    public List<ReportColumn> columns(AuditRecord record) {
        return ReportReader.columns(view(record));
    }

    /** What the record is called, and what it holds, for people. */
    public RecordView describe(AuditRecord record) {
        return view(record);
    }

    /**
     * One page of a record's rows.
     *
     * @param sort    each a comma-separated list of {@code col} / {@code -col}; none: newest first
     * @param filters each {@code column:operator[:value]}
     * @throws InvalidRequestException when the sort, filters or paging cannot be read
     */
    public ReportPage page(AuditRecord record, List<String> sort, List<String> filters, Integer page, Integer size) {
        RecordView view = view(record);
        return reader.page(view, request(record, view, sort, filters, page, size));
    }

    /**
     * Checks an export of a record and begins its transaction; {@code ReportRows.write} writes and records it.
     *
     * @throws InvalidRequestException when the sort or filters cannot be read
     */
    public PreparedExport prepareExport(AuditRecord record, List<String> sort, List<String> filters,
                                        ExportFormat format) {
        RecordView view = view(record);
        return PreparedExport.open(exporter, view, request(record, view, sort, filters, null, null), format,
                session.getCallerPrincipal().getName());
    }

    /**
     * Whether the application's own database role cannot change the records (two database roles); when it can, the
     * history pages and the verification say so.
     */
    public boolean recordsProtected() {
        try {
            return database.inTransaction(RecordChains::recordsProtected);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read who may change the records: " + e.getMessage(), e);
        }
    }

    /** Each record's last sealed link (what an auditor saves), and how many rows wait to be sealed. */
    public List<ChainHead> heads() {
        try {
            return database.inTransaction(RecordChains::heads);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the records' chains: " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the three records' hash chains from their first links, in one snapshot, and each head an auditor
     * saved.
     *
     * @param savedHeads each {@code <position>:<hash>} (the refresh log's) or {@code <record>:<position>:<hash>}
     * @throws InvalidRequestException when a saved head cannot be read
     */
    public List<ChainVerdict> verify(List<String> savedHeads) {
        Map<String, ChainHead> saved = new HashMap<>();
        for (String text : savedHeads == null ? List.<String>of() : savedHeads) {
            ChainHead head = savedHead(text);
            saved.put(head.record(), head);
        }
        try {
            List<ChainVerdict> verdicts = database.inTransaction(connection -> {
                try (Statement snapshot = connection.createStatement()) {
                    snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                List<ChainVerdict> each = new ArrayList<>();
                for (String record : RecordChains.RECORDS) {
                    each.add(RecordChains.verify(connection, record, saved.get(record)));
                }
                return each;
            });
            List<String> broken = verdicts.stream().filter(v -> !v.intact())
                    .map(v -> v.record() + ": " + (v.problem() == null ? "broken" : v.problem().kind() + " "
                            + v.problem().detail())).toList();
            alerts.verified(broken.isEmpty() ? null : String.join("; ", broken));
            return verdicts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify the records' chains: " + e.getMessage(), e);
        }
    }

    private static final Pattern SAVED_HEAD = Pattern.compile("(?:([a-z_]+):)?(\\d{1,18}):([0-9a-f]{64})");

    private static ChainHead savedHead(String text) {
        Matcher head = SAVED_HEAD.matcher(text == null ? "" : text.trim());
        if (!head.matches() || (head.group(1) != null && !RecordChains.RECORDS.contains(head.group(1)))) {
            throw new InvalidRequestException("head must be <position>:<hash> (the refresh log's) or"
                    + " <record>:<position>:<hash>, the hash 64 hex digits, as GET /api/refresh-log/head gives it;"
                    + " was '" + InvalidRequestException.excerpt(String.valueOf(text)) + "'", RecordChains.RECORDS);
        }
        return new ChainHead(head.group(1) == null ? "refresh_log" : head.group(1), Long.parseLong(head.group(2)),
                head.group(3), null, 0);
    }

    private RecordView view(AuditRecord record) {
        if (record != AuditRecord.REFRESH_HISTORY && !session.isCallerInRole(Roles.AUDITOR)) {
            throw new EJBAccessException("the " + record.name().toLowerCase().replace('_', ' ')
                    + " record is for auditors only");
        }
        return views.view(record);
    }

    private static RowsRequest request(AuditRecord record, RecordView view, List<String> sort, List<String> filters,
                                       Integer page, Integer size) {
        boolean unsorted = sort == null || sort.stream().allMatch(s -> s == null || s.isBlank());
        return RowsRequests.read(ReportReader.columns(view), unsorted ? List.of("-" + record.timeColumn()) : sort,
                filters, page, size);
    }
}
