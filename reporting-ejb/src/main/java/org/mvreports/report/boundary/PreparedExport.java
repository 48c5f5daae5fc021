package org.mvreports.report.boundary;

import org.mvreports.definition.entity.BrowsableRelation;
import org.mvreports.report.control.ExportSnapshot;
import org.mvreports.report.control.ReportExporter;
import org.mvreports.report.entity.ExportFormat;
import org.mvreports.report.entity.ReportExport;
import org.mvreports.report.entity.RowsRequest;

/**
 * An export checked and begun ({@link #open}, for {@link ReportRows#prepareExport} and the records' exports): what its
 * file is called, and the transaction it reads, already open, so that the name sent before the first row and the rows
 * after it come from one snapshot.
 * Written once by {@link ReportRows#write}, which closes it; one that is never written must be closed by its holder.
 */
public final class PreparedExport implements AutoCloseable {

    private final ReportExport export;
    private final ExportSnapshot snapshot;
    private final String exportedBy;

    private PreparedExport(ReportExport export, ExportSnapshot snapshot, String exportedBy) {
        this.export = export;
        this.snapshot = snapshot;
        this.exportedBy = exportedBy;
    }

    /**
     * Begins the export of every row of {@code relation} (a report, or a record) that {@code request}'s filters leave,
     * in its order, for {@code exportedBy}; the caller has checked that they may read it.
     *
     * @throws org.mvreports.report.entity.ReportUnavailableException when a plain refresh holds the report
     */
    public static PreparedExport open(ReportExporter exporter, BrowsableRelation relation, RowsRequest request,
                                      ExportFormat format, String exportedBy) {
        ExportSnapshot snapshot = exporter.open(relation);
        try {
            return new PreparedExport(new ReportExport(relation.name(), relation.metadata().title(), format,
                    RowsRequest.everything(request.sort(), request.filters()), snapshot.dataAsOf()), snapshot,
                    exportedBy);
        } catch (RuntimeException | Error e) {
            snapshot.close(); // it holds a transaction (and a report's lock)
            throw e;
        }
    }

    /** The report, format, sort and filters, and the time its data is as of. */
    public ReportExport export() {
        return export;
    }

    ExportSnapshot snapshot() {
        return snapshot;
    }

    /** Who prepared it: the export is recorded under that name. */
    String exportedBy() {
        return exportedBy;
    }

    /** Gives the export's transaction up; nothing happens if it was written (or closed) already. */
    @Override
    public void close() {
        snapshot.close();
    }
}
