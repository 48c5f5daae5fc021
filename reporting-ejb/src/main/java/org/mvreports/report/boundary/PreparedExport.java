package org.mvreports.report.boundary;

import org.mvreports.report.control.ExportSnapshot;
import org.mvreports.report.entity.ReportExport;

/**
 * An export checked and begun by {@link ReportRows#prepareExport}: what its file is called, and the transaction it
 * reads, already open, so that the name sent before the first row and the rows after it come from one snapshot.
 * Written once by {@link ReportRows#write}, which closes it; one that is never written must be closed by its holder.
 */
public final class PreparedExport implements AutoCloseable {

    private final ReportExport export;
    private final ExportSnapshot snapshot;
    private final String exportedBy;

    PreparedExport(ReportExport export, ExportSnapshot snapshot, String exportedBy) {
        this.export = export;
        this.snapshot = snapshot;
        this.exportedBy = exportedBy;
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
