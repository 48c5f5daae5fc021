package org.mvreports.audit.boundary;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import org.mvreports.audit.control.RecordViews;
import org.mvreports.audit.entity.AuditRecord;
import org.mvreports.definition.entity.RecordView;
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
 * admin-action record, auditors only. Nobody changes any of them here, or anywhere: the records are append-only in
 * the database.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // reads in local transactions with their own limits
@RolesAllowed({Roles.REFRESH_ADMIN, Roles.AUDITOR})
public class AuditRecords {

    @Inject
    RecordViews views;

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
