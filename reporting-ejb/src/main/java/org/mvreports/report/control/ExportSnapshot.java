package org.mvreports.report.control;

import java.sql.SQLException;
import java.time.Instant;
import org.mvreports.definition.entity.BrowsableRelation;
import org.mvreports.database.LocalTransactions;

/**
 * One export's transaction, begun when the export is prepared ({@link ReportExporter#open}) and carried into its
 * writing: the file's name goes out in a header before the first row, so the time it names, the XLSX's About sheet,
 * the export record and every row must come from one snapshot, or a refresh committing in between would name the
 * file after data it does not hold. Closed once, by whoever holds it, when the export is written or given up.
 */
public final class ExportSnapshot implements AutoCloseable {

    private final BrowsableRelation view;
    private final ReportReader.Read read;
    private final Instant dataAsOf;

    ExportSnapshot(BrowsableRelation view, ReportReader.Read read, Instant dataAsOf) {
        this.view = view;
        this.read = read;
        this.dataAsOf = dataAsOf;
    }

    /** The report (or record) exported. */
    public BrowsableRelation view() {
        return view;
    }

    /**
     * What the export is "as of": for a report, the start of the refresh whose data this snapshot sees (null if none
     * is known); for a record, the moment its snapshot was taken.
     */
    public Instant dataAsOf() {
        return dataAsOf;
    }

    <T> T run(LocalTransactions.Work<T> work) throws SQLException {
        return read.run(work);
    }

    /** The version of the view's data this export reads; null for a record, which has none. */
    DataVersion version(java.sql.Connection connection) throws SQLException {
        return read.version(connection);
    }

    /** Ends the transaction (it only read) and hands its connection back. */
    @Override
    public void close() {
        read.close();
    }
}
