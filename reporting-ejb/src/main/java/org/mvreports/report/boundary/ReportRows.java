package org.mvreports.report.boundary;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.BrowsableRelation;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.UnknownReportException;
import org.mvreports.history.control.ExportLog;
import org.mvreports.history.entity.ExportRecord;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.report.control.ClientOutput;
import org.mvreports.report.control.ReportExporter;
import org.mvreports.report.control.ReportReader;
import org.mvreports.report.control.RowsRequests;
import org.mvreports.report.entity.ExportFormat;
import org.mvreports.report.entity.ExportWritten;
import org.mvreports.report.entity.Filter;
import org.mvreports.report.entity.ReportExport;
import org.mvreports.report.entity.PageRead;
import org.mvreports.report.entity.ReportPage;
import org.mvreports.report.entity.ReportUnavailableException;
import org.mvreports.report.entity.RowsRequest;
import org.mvreports.report.entity.SortKey;
import org.mvreports.security.entity.Roles;
import org.mvreports.settings.ReportingSettings;

/**
 * Any report's rows, for report viewers: a page at a time (sorted, filtered, counted), or all of them as a streamed
 * CSV or XLSX export, which is recorded for auditors. Every report works the same, with no Java of its own: columns,
 * their types and the unique key come from the catalog, and what a user asks for is checked against them before any
 * SQL is written ({@link RowsRequests}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // reads in local transactions with their own limits
@RolesAllowed(Roles.REPORT_VIEWER)
public class ReportRows {

    private static final Logger LOG = Logger.getLogger(ReportRows.class.getName());

    private static final DateTimeFormatter ABOUT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    @Inject
    PostgresCatalog catalog;

    @Inject
    ReportReader reader;

    @Inject
    ReportExporter exporter;

    @Inject
    ExportLog exports;

    @Inject
    ReportingSettings settings;

    @Inject
    Event<PageRead> pageRead;

    @Inject
    Event<ExportWritten> exportWritten;

    @Resource
    SessionContext session;

    /**
     * One page of a report's rows; empty when the report was never refreshed (there are no rows to read yet).
     *
     * @param sort    each a comma-separated list of {@code col} / {@code -col}
     * @param filters each {@code column:operator[:value]}
     * @throws UnknownReportException    when there is no such report
     * @throws InvalidRequestException   when the sort, filters or paging cannot be read
     * @throws ReportUnavailableException when a plain refresh holds the report right now
     */
    public Optional<ReportPage> page(String name, List<String> sort, List<String> filters, Integer page,
                                     Integer size) {
        MaterializedView view = view(name);
        RowsRequest request = request(view, sort, filters, page, size);
        if (!view.populated()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        ReportPage read = reader.page(view, request);
        announce(pageRead, new PageRead(Duration.ofNanos(System.nanoTime() - started)));
        return Optional.of(read);
    }

    /**
     * Checks an export, begins its transaction and says what its file is called; {@link #write} writes it. The
     * returned export holds that transaction open until it is written or closed.
     *
     * @throws UnknownReportException    when there is no such report
     * @throws InvalidRequestException   when the sort or filters cannot be read
     * @throws ReportUnavailableException when the report was never refreshed, or a plain refresh holds it
     */
    public PreparedExport prepareExport(String name, List<String> sort, List<String> filters, ExportFormat format) {
        MaterializedView view = view(name);
        RowsRequest request = request(view, sort, filters, null, null);
        if (!view.populated()) {
            throw new ReportUnavailableException("report " + name + " has not been refreshed yet; there is nothing"
                    + " to export");
        }
        return PreparedExport.open(exporter, view, request, format, session.getCallerPrincipal().getName());
    }

    /**
     * Writes a prepared export into {@code out} as its rows are read, records it (who, what, how many rows, how it
     * ended) for auditors, and closes it.
     *
     * <p>When the client goes away, the query is cancelled, the export recorded as CANCELLED, and this returns quietly:
     * nobody is left to tell, and an exception would only put a stack trace in the server's log for an ordinary event.
     *
     * <p>The one way every export is written, a report's or a record's: whoever may prepare an export may write it
     * (preparing it checked who may read what).
     *
     * @throws ReportUnavailableException when reading took longer than an export may
     * @throws UncheckedIOException       when the export failed for another reason (recorded as FAILED)
     */
    @RolesAllowed({Roles.REPORT_VIEWER, Roles.REFRESH_ADMIN, Roles.AUDITOR})
    public void write(PreparedExport prepared, OutputStream out) {
        ReportExport export = prepared.export();
        Instant started = Instant.now();
        String outcome = "FAILED";
        Long rows = null;
        String error = null;
        ClientOutput client = ClientOutput.of(out);
        try (prepared) {
            rows = export.format() == ExportFormat.CSV ? exporter.csv(prepared.snapshot(), export.request(), client)
                    : exporter.xlsx(prepared.snapshot(), export.request(), about(export, prepared.exportedBy()),
                    client);
            outcome = "COMPLETED";
        } catch (UncheckedIOException e) {
            if (!ClientOutput.clientWentAway(e)) {
                error = rootMessage(e); // e.g. the database failed while POI generated rows
                throw e;
            }
            outcome = "CANCELLED";
            String cancelled = "the client stopped reading: " + rootMessage(e);
            error = cancelled;
            LOG.fine(() -> "export of " + export.report() + " cancelled: " + cancelled);
        } catch (RuntimeException e) {
            // Among them a refusal: a value PostgreSQL refuses although it read well here (e.g. a float below real's
            // range) fails before the first byte, so the client still gets its 400.
            error = e.getMessage();
            throw e;
        } finally {
            record(export, prepared.snapshot().view(), prepared.exportedBy(), started, outcome, rows, error);
            announce(exportWritten, new ExportWritten(export.format(), outcome, rows, client.delivered()));
        }
    }

    /** Tells the observers (the metrics); their failure never fails a read or an export that is done. */
    private static <T> void announce(Event<T> event, T what) {
        try {
            event.fire(what);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "an observer of " + what + " failed", e);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    private void record(ReportExport export, BrowsableRelation view, String exportedBy, Instant started,
                        String outcome, Long rows, String error) {
        try {
            exports.append(new ExportRecord(exportedBy, view.schema(), view.name(),
                    export.format().name(), export.request().sort().stream().map(SortKey::asText).toList(),
                    export.request().filters().stream().map(Filter::asText).toList(), outcome, rows,
                    export.dataAsOf(), started, Instant.now(), settings.nodeName(), error));
        } catch (SQLException e) {
            LOG.log(Level.SEVERE, "cannot record the export of " + view.name() + " by " + exportedBy, e);
        }
    }

    /** The facts the XLSX's "About" sheet lists. */
    private static ReportExporter.About about(ReportExport export, String exportedBy) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("Report", export.title() + " (" + export.report() + ")");
        facts.put("Data as of", export.dataAsOf() == null ? "unknown" : ABOUT_TIME.format(export.dataAsOf()));
        facts.put("Filters", export.request().filters().isEmpty() ? "none"
                : String.join("; ", export.request().filters().stream().map(Filter::asText).toList()));
        facts.put("Sort", export.request().sort().isEmpty() ? "the report's own order"
                : String.join(", ", export.request().sort().stream().map(SortKey::asText).toList()));
        facts.put("Exported by", exportedBy);
        facts.put("Exported at", ABOUT_TIME.format(Instant.now()));
        facts.put("Times", "UTC");
        return new ReportExporter.About(facts);
    }

    private MaterializedView view(String name) {
        return catalog.materializedView(name).orElseThrow(() -> new UnknownReportException(name));
    }

    private static RowsRequest request(MaterializedView view, List<String> sort, List<String> filters,
                                       Integer page, Integer size) {
        return RowsRequests.read(ReportReader.columns(view), sort, filters, page, size);
    }
}
