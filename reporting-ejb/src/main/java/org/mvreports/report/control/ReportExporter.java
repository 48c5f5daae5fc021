package org.mvreports.report.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.DeferredSXSSFSheet;
import org.apache.poi.xssf.streaming.DeferredSXSSFWorkbook;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.mvreports.definition.entity.ColumnFormat;
import org.mvreports.definition.entity.BrowsableRelation;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.LastSuccess;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.ReportUnavailableException;
import org.mvreports.report.entity.RowsRequest;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Exports the whole filtered, sorted report, streamed: nothing is held in memory, and the first bytes leave before
 * the last row is read.
 * <ul>
 *   <li>CSV: PostgreSQL writes it ({@code COPY (query) TO STDOUT}, the driver's CopyManager) straight into the
 *       response. COPY takes no parameters, so the filter values become literals quoted by PostgreSQL itself
 *       ({@code quote_literal}, asked with the values bound), never by Java. A client that goes away makes the
 *       write fail; the COPY is then cancelled and its end awaited ({@link #copy}).</li>
 *   <li>XLSX: Apache POI's DeferredSXSSFWorkbook generates each sheet's rows from the database cursor as the file
 *       is written: typed cells (numbers, dates, times, booleans), a first sheet "About" with the report, its
 *       filters and the time its data is from, and a new data sheet every {@link #ROWS_PER_SHEET} rows.</li>
 * </ul>
 * Both read in the export's one REPEATABLE READ transaction ({@link ExportSnapshot}), begun when the export is
 * prepared, so the time its file is named after, the count (for the sheets) and the rows see the same data.
 */
@ApplicationScoped
public class ReportExporter {

    /** Excel's row limit, 1,048,576, less the heading row. */
    static final int ROWS_PER_SHEET = 1_048_575;

    /** Excel's longest cell text. */
    private static final int MAX_CELL_TEXT = 32_767;

    /** An export may take long for a big report; it still may not run for ever. */
    static final Duration EXPORT_STATEMENT_TIMEOUT = Duration.ofHours(1);

    /** The significant digits an Excel number holds; longer numbers are written as text. */
    static final int EXCEL_DIGITS = 15;

    /** Bytes of CSV collected before they are written to the response. */
    static final int COPY_BUFFER = 64 * 1024;

    /**
     * The last line of a CSV export the database failed in the middle of: one quoted field, so that a spreadsheet
     * shows it as a row of its own after the last row copied, and a program reading the file meets a row that does
     * not fit.
     */
    static final String INCOMPLETE_LINE = "\"EXPORT INCOMPLETE: the database stopped answering after the row above;"
            + " this file does not hold the whole report. Please export it again.\"\n";

    /** Rows fetched at a time from the cursor. */
    private static final int FETCH_SIZE = 2_000;

    @Inject
    ReportReader reader;

    /** The facts the "About" sheet lists, label → value, in order. */
    public record About(Map<String, String> facts) {
    }

    /**
     * Begins an export of {@code view}: its transaction, whose snapshot every later step of the export reads
     * (see {@link ExportSnapshot}), and the time its data is as of, read in that snapshot (for a record, the time the
     * snapshot was taken: a record has no refresh).
     *
     * @throws ReportUnavailableException when a plain refresh holds the view
     */
    public ExportSnapshot open(BrowsableRelation view) {
        ReportReader.Read read;
        try {
            read = reader.beginRead(view, EXPORT_STATEMENT_TIMEOUT);
        } catch (SQLException e) {
            throw ReadFailures.translate(view.name(), e);
        }
        try {
            Instant asOf = read.run(connection -> {
                if (view instanceof MaterializedView) {
                    LastSuccess last = RefreshLog.lastSuccess(connection, view.schema(), view.name());
                    return last == null ? null : last.startedAt();
                }
                return snapshotTime(connection);
            });
            return new ExportSnapshot(view, read, asOf);
        } catch (SQLException e) {
            read.close();
            throw ReadFailures.translate(view.name(), e);
        } catch (RuntimeException | Error e) {
            read.close();
            throw e;
        }
    }

    /** When the transaction on {@code connection} began: its first statement's snapshot is no older. */
    private static Instant snapshotTime(Connection connection) throws SQLException {
        try (Statement now = connection.createStatement(); ResultSet rs = now.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    /**
     * Writes the CSV (with a header line) of the export's snapshot into {@code out}.
     *
     * @return the rows written
     * @throws UncheckedIOException when writing to {@code out} failed (the client went away); the COPY was cancelled
     *                              and its end awaited, so the transaction's connection is fit for the next user
     */
    public long csv(ExportSnapshot export, RowsRequest request, OutputStream out) {
        ReportQuery.Statement all = ReportReader.query(export.view()).all(request);
        try {
            return export.run(connection -> {
                String copy = "COPY (" + ReportQuery.withLiterals(all, literals(connection, all))
                        + ") TO STDOUT WITH (FORMAT csv, HEADER true)";
                // COPY hands over one row at a time; the buffer passes them to the server's response in large
                // blocks, instead of a trip through every layer of the response stream per row.
                ClientOutput delivered = ClientOutput.of(out);
                OutputStream client = new BufferedOutputStream(delivered, COPY_BUFFER);
                PGConnection driver = connection.unwrap(PGConnection.class);
                try {
                    long rows = copyMarkingFailure(into -> copy(new DriverCopy(driver, copy), into), client,
                            delivered);
                    client.flush();
                    return rows;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (SQLException e) {
            throw ReadFailures.translate(export.view().name(), e);
        }
    }

    /** A running {@code COPY ... TO STDOUT}, as {@link #copy} reads it. */
    interface CopySource {

        /** The next row, or null after the last; a failure of the COPY (its cancel included) as SQLException. */
        byte[] read() throws SQLException;

        /** The rows read so far. */
        long rows();

        /** Asks the server to cancel the COPY; the server ends it soon after, with SQLSTATE 57014. */
        void cancel() throws SQLException;
    }

    /** The driver's COPY: {@link CopySource} over PostgreSQL's copy API. */
    private static final class DriverCopy implements CopySource {

        private final PGConnection driver;
        private final CopyOut copy;

        DriverCopy(PGConnection driver, String sql) throws SQLException {
            this.driver = driver;
            this.copy = driver.getCopyAPI().copyOut(sql);
        }

        @Override
        public byte[] read() throws SQLException {
            return copy.readFromCopy();
        }

        @Override
        public long rows() {
            return copy.getHandledRowCount();
        }

        @Override
        public void cancel() throws SQLException {
            driver.cancelQuery();
        }
    }

    /**
     * Copies every row of {@code source} into {@code client}. When the client goes away, the COPY is stopped so that
     * its connection ends up exactly as after any failed statement: the server is asked to cancel it, and the rows
     * still under way are read and dropped until the server says it has ended (57014) or it ends by itself. The
     * driver's own cancel of a COPY leaves the server's last messages unread (pgjdbc issue 3163), and the connection
     * goes back to the pool after this transaction: the next user of it would read them as its own answer.
     */
    static long copy(CopySource source, OutputStream client) throws SQLException, IOException {
        return copy(source, client, STOP_LIMIT);
    }

    static long copy(CopySource source, OutputStream client, Duration stopLimit) throws SQLException, IOException {
        try {
            byte[] row;
            while ((row = source.read()) != null) {
                client.write(row);
            }
            return source.rows();
        } catch (IOException | RuntimeException | Error writeFailed) {
            stop(source, writeFailed, stopLimit);
            throw writeFailed;
        }
    }

    /**
     * The longest a COPY whose client went away is read and dropped after its cancel was asked for: the cancel travels
     * on a connection of its own, and when it cannot be delivered the COPY would run to its end. Past this, the
     * connection is given up instead (the pool destroys it), which ends the COPY too.
     */
    static final Duration STOP_LIMIT = Duration.ofSeconds(60);

    /** The SQLSTATE of a connection given up: what makes the pool destroy it (a connection failure). */
    static final String CONNECTION_GIVEN_UP = "08006";

    private static void stop(CopySource source, Throwable writeFailed, Duration limit) throws SQLException {
        try {
            source.cancel();
        } catch (SQLException e) {
            writeFailed.addSuppressed(e); // then the rest is read and dropped: slower, and just as clean
        }
        long giveUpAt = System.nanoTime() + limit.toNanos();
        try {
            while (source.read() != null) {
                // dropped: nobody is left to read them
                if (System.nanoTime() - giveUpAt > 0) {
                    SQLException givenUp = new SQLException("the COPY did not stop within " + limit.toSeconds()
                            + " s of its cancel; its connection is given up", CONNECTION_GIVEN_UP);
                    givenUp.addSuppressed(writeFailed);
                    throw givenUp;
                }
            }
        } catch (SQLException ended) {
            if (CONNECTION_GIVEN_UP.equals(ended.getSQLState()) && ended.getSuppressed().length > 0
                    && ended.getSuppressed()[0] == writeFailed) {
                throw ended;
            }
            if (!QUERY_CANCELED.equals(ended.getSQLState())) {
                writeFailed.addSuppressed(ended);
            }
        }
    }

    /** A query cancelled at the caller's request (or by a statement timeout). */
    static final String QUERY_CANCELED = "57014";

    /** A COPY ... TO STDOUT into a stream; the rows it copied. */
    interface Copy {
        long into(OutputStream out) throws SQLException, IOException;
    }

    /**
     * Runs {@code copy} into {@code client} (a buffer in front of {@code delivered}). When the database fails after
     * part of the CSV has reached the client, the response has begun with status 200 and can no longer say so, and
     * the server ends it as if it were whole (Servlet has no portable way to abort a response): so the rows copied
     * until then are passed on and the file ends with {@link #INCOMPLETE_LINE}, for whoever opens it to see. A
     * failure before anything reached the client sends nothing: the buffered rows are dropped and the caller answers
     * with an error status instead.
     */
    static long copyMarkingFailure(Copy copy, OutputStream client, ClientOutput delivered)
            throws SQLException, IOException {
        try {
            return copy.into(client);
        } catch (SQLException failure) {
            if (delivered.delivered() > 0) {
                try {
                    client.write(INCOMPLETE_LINE.getBytes(StandardCharsets.UTF_8));
                    client.flush();
                } catch (IOException clientGone) {
                    failure.addSuppressed(clientGone);
                }
            }
            throw failure;
        }
    }

    /**
     * Writes the XLSX of the export's snapshot into {@code out}.
     *
     * @return the data rows written
     * @throws UncheckedIOException when writing to {@code out} failed (the client went away)
     */
    public long xlsx(ExportSnapshot export, RowsRequest request, About about, OutputStream out) {
        ReportQuery query = ReportReader.query(export.view());
        try {
            return export.run(connection -> {
                List<ReportColumn> columns = reader.shownColumns(connection, export.view(),
                        export.version(connection));
                long rows;
                try (PreparedStatement count = ReportReader.prepared(connection,
                        query.count(request.filters(), Long.MAX_VALUE)); ResultSet rs = count.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                try (PreparedStatement select = ReportReader.prepared(connection, query.all(request))) {
                    select.setFetchSize(FETCH_SIZE);
                    try (ResultSet rs = select.executeQuery()) {
                        write(columns, rows, about, ReportReader.driversOwn(rs), ClientOutput.of(out));
                    }
                }
                return rows;
            });
        } catch (SQLException e) {
            throw ReadFailures.translate(export.view().name(), e);
        }
    }

    private static void write(List<ReportColumn> columns, long rows, About about, ResultSet rs, OutputStream out) {
        DeferredSXSSFWorkbook workbook = new QuicklyCompressedWorkbook(200);
        try {
            Styles styles = new Styles(workbook, columns);
            DeferredSXSSFSheet aboutSheet = workbook.createSheet("About");
            aboutSheet.setRowGenerator(sheet -> writeAbout(sheet, about, rows, styles));
            long sheets = Math.max(1, (rows + ROWS_PER_SHEET - 1) / ROWS_PER_SHEET);
            for (long i = 1; i <= sheets; i++) {
                DeferredSXSSFSheet data = workbook.createSheet(WorkbookUtil.createSafeSheetName(
                        sheets == 1 ? "Report" : "Report " + i));
                data.setRowGenerator(sheet -> writeRows(sheet, columns, rs, styles));
            }
            workbook.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            workbook.dispose();
        }
    }

    private static void writeAbout(SXSSFSheet sheet, About about, long rows, Styles styles) {
        int r = 0;
        for (var fact : about.facts().entrySet()) {
            Row row = sheet.createRow(r++);
            Cell label = row.createCell(0);
            label.setCellValue(fact.getKey());
            label.setCellStyle(styles.heading);
            row.createCell(1).setCellValue(fact.getValue());
        }
        Row count = sheet.createRow(r);
        Cell label = count.createCell(0);
        label.setCellValue("Rows");
        label.setCellStyle(styles.heading);
        count.createCell(1).setCellValue(rows);
        sheet.setColumnWidth(0, 20 * 256);
        sheet.setColumnWidth(1, 80 * 256);
    }

    /** Fills one data sheet from the cursor: a heading row, then up to {@link #ROWS_PER_SHEET} rows. */
    private static void writeRows(SXSSFSheet sheet, List<ReportColumn> columns, ResultSet rs, Styles styles)
            throws SQLException {
        Row heading = sheet.createRow(0);
        for (int c = 0; c < columns.size(); c++) {
            Cell cell = heading.createCell(c);
            cell.setCellValue(columns.get(c).label());
            cell.setCellStyle(styles.heading);
            sheet.setColumnWidth(c, Math.min(60, Math.max(12, columns.get(c).label().length() + 4)) * 256);
        }
        sheet.createFreezePane(0, 1);
        int r = 1;
        while (r <= ROWS_PER_SHEET && rs.next()) {
            Row row = sheet.createRow(r++);
            Map<String, Object> values = ReportReader.row(columns, rs);
            for (int c = 0; c < columns.size(); c++) {
                cell(row.createCell(c), values.get(columns.get(c).name()), styles, styles.numbers.get(c));
            }
        }
    }

    /** @param numberStyle the style of a number in this cell's column (its format), or null when it holds none */
    private static void cell(Cell cell, Object value, Styles styles, CellStyle numberStyle) {
        // Every cell gets a style of its own: for a cell without one, POI looks for its column's default style in
        // the sheet's XML beans, which took a tenth of an export's time.
        cell.setCellStyle(styles.plain);
        if (value == null) {
            return;
        }
        if (value instanceof BigDecimal number) {
            // Excel keeps 15 significant digits; a longer number is written as text, so that it stays exact. Trailing
            // zeros are not significant: numeric division gives 0.00100000000000000000, which Excel holds exactly.
            if (number.precision() > EXCEL_DIGITS && number.stripTrailingZeros().precision() > EXCEL_DIGITS) {
                cell.setCellValue(number.toPlainString());
            } else {
                cell.setCellValue(number.doubleValue());
                if (numberStyle != null) {
                    cell.setCellStyle(numberStyle);
                }
            }
        } else if (value instanceof LocalDate date) {
            cell.setCellValue(date);
            cell.setCellStyle(styles.date);
        } else if (value instanceof OffsetDateTime time) {
            // Excel has no time zones: written in UTC, as the pages show times (the heading says so too).
            cell.setCellValue(time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            cell.setCellStyle(styles.timestamp);
        } else if (value instanceof LocalDateTime time) {
            cell.setCellValue(time);
            cell.setCellStyle(styles.timestamp);
        } else if (value instanceof Boolean bool) {
            cell.setCellValue(bool);
        } else {
            String text = value.toString();
            cell.setCellValue(text.length() > MAX_CELL_TEXT ? text.substring(0, MAX_CELL_TEXT) : text);
        }
    }

    /**
     * POI's streaming workbook, compressed at deflate's fastest level: at its default level, compressing took about
     * a third of an export's time (300,000 rows: 3.0 s, 2.1 s at the fastest), for a file a fifth smaller (11.5 MB
     * instead of 14.1 MB).
     */
    private static final class QuicklyCompressedWorkbook extends DeferredSXSSFWorkbook {

        QuicklyCompressedWorkbook(int rowWindow) {
            super(rowWindow);
        }

        @Override
        protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream stream) {
            ZipArchiveOutputStream zip = super.createArchiveOutputStream(stream);
            zip.setLevel(Deflater.BEST_SPEED);
            return zip;
        }
    }

    /** The cell styles of one workbook (a workbook's styles are few and shared by all its cells). */
    private static final class Styles {
        final CellStyle plain;
        final CellStyle heading;
        final CellStyle date;
        final CellStyle timestamp;
        /** Per column, the style of its numbers (the column's number format), or null for a column of others. */
        final List<CellStyle> numbers = new ArrayList<>();

        Styles(DeferredSXSSFWorkbook workbook, List<ReportColumn> columns) {
            plain = workbook.getCellStyleAt(0); // the workbook's default
            Font bold = workbook.createFont();
            bold.setBold(true);
            heading = workbook.createCellStyle();
            heading.setFont(bold);
            date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            timestamp = workbook.createCellStyle();
            timestamp.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
            Map<String, CellStyle> byFormat = new HashMap<>();
            for (ReportColumn column : columns) {
                numbers.add(column.format() == null ? null : byFormat.computeIfAbsent(excelFormat(column.format()),
                        format -> {
                            CellStyle style = workbook.createCellStyle();
                            style.setDataFormat(workbook.createDataFormat().getFormat(format));
                            return style;
                        }));
            }
        }
    }

    /**
     * Excel's number format for a column's format: {@code #,##0.00}, {@code 0} for plain digits, {@code 0.0%} for a
     * percentage (Excel multiplies by 100 itself: the cell keeps the value).
     */
    static String excelFormat(ColumnFormat format) {
        int decimals = format.decimals() == null ? 0 : format.decimals();
        String fraction = decimals == 0 ? "" : "." + "0".repeat(decimals);
        return switch (format.style()) {
            case DECIMALS -> "#,##0" + fraction;
            case PLAIN -> "0" + fraction;
            case PERCENT -> "0" + fraction + "%";
        };
    }

    /** Each parameter's value as a literal, quoted by PostgreSQL. */
    private static List<String> literals(Connection connection, ReportQuery.Statement statement) throws SQLException {
        List<String> literals = new ArrayList<>();
        try (PreparedStatement quote = connection.prepareStatement("SELECT quote_literal(?)")) {
            for (ReportQuery.Parameter parameter : statement.parameters()) {
                quote.setString(1, parameter.value());
                try (ResultSet rs = quote.executeQuery()) {
                    rs.next();
                    literals.add(rs.getString(1));
                }
            }
        }
        return literals;
    }
}
