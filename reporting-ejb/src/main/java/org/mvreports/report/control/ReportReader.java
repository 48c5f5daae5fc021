package org.mvreports.report.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mvreports.database.LocalTransactions;
import org.mvreports.definition.entity.BrowsableRelation;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.RecordView;
import org.mvreports.report.entity.Filter;
import org.mvreports.report.entity.NumberFormats;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.ReportPage;
import org.mvreports.report.entity.ReportUnavailableException;
import org.mvreports.report.entity.RowsRequest;
import org.mvreports.report.entity.SortKey;
import org.postgresql.jdbc.PgResultSet;

/**
 * Reads pages of a report's rows with the statements of {@link ReportQuery}, in a read-only transaction that never
 * waits long: a report refreshed plainly (it has no unique key) is locked while it refreshes, and its readers must be
 * told so at once ({@link ReportUnavailableException}) rather than queue behind the refresh.
 *
 * <p>Deep pages start from {@link PageAnchors} where the order allows. How many rows match: without filters, all of
 * them, counted; with filters, counted no further than {@link #COUNT_CAP} (then "at least"). Pages, counts and
 * totals are read once per version of the view's data and kept ({@link ReportResults}).
 */
@ApplicationScoped
public class ReportReader {

    /** A read waits at most this long for a lock (a plain refresh holds one on the view until it commits). */
    public static final Duration READ_LOCK_TIMEOUT = Duration.ofSeconds(2);

    /** No page read may run longer. */
    static final Duration READ_STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    /** Counting matching rows stops here. */
    public static final long COUNT_CAP = 100_000;

    @Inject
    LocalTransactions database;

    @Inject
    PageAnchors anchors;

    @Inject
    ReportResults results;

    /** The columns of a view (or record) as the browser offers them. */
    public static List<ReportColumn> columns(BrowsableRelation view) {
        return view.columns().stream().map(c -> ReportColumn.of(c.name(), c.type())).toList();
    }

    /** The statements of a view. */
    public static ReportQuery query(BrowsableRelation view) {
        return new ReportQuery(view.qualifiedName(), columns(view), view.uniqueKey());
    }

    /**
     * A page of rows: which order (the sort, then the unique key's columns: a new unique index is a new order),
     * filters and page.
     */
    record PageQuestion(List<SortKey> order, List<Filter> filters, int page, int size) {
    }

    /** A page's rows, and the statement that read them (with its parameters as people read them). */
    record PageRows(List<Map<String, Object>> rows, String sql, List<String> parameters)
            implements ReportResults.Result {

        @Override
        public long bytes() {
            return 2L * sql.length() + rows.stream().mapToLong(ReportReader::bytes).sum();
        }
    }

    /** How many rows the filters leave, counting no further than {@code cap}. */
    record CountQuestion(List<Filter> filters, long cap) {
    }

    record Count(long rows) implements ReportResults.Result {
        @Override
        public long bytes() {
            return 16;
        }
    }

    /** The sums of the totals columns over every row the filters leave. */
    record TotalsQuestion(List<Filter> filters, List<String> columns) {
    }

    record Totals(Map<String, Object> sums) implements ReportResults.Result {
        @Override
        public long bytes() {
            return ReportReader.bytes(sums);
        }
    }

    /** The largest scale of each of some number columns: how many decimals they are shown with. */
    record ScalesQuestion(List<String> columns) {
    }

    record Scales(Map<String, Integer> scales) implements ReportResults.Result {
        @Override
        public long bytes() {
            return 64L * scales.size();
        }
    }

    /**
     * The columns of {@code view}, each number column with how it is shown ({@link NumberFormats}); the decimals of
     * columns without a declared scale are measured once per version of the data.
     */
    List<ReportColumn> shownColumns(Connection connection, BrowsableRelation view, DataVersion version)
            throws SQLException {
        List<String> measured = NumberFormats.measured(view);
        Map<String, Integer> scales = measured.isEmpty() ? Map.of()
                : results.get(version, new ScalesQuestion(measured), () -> {
                    Map<String, Integer> read = new HashMap<>();
                    try (PreparedStatement statement = connection.prepareStatement(query(view).scales(measured));
                         ResultSet rs = statement.executeQuery()) {
                        rs.next();
                        for (int i = 0; i < measured.size(); i++) {
                            int scale = rs.getInt(i + 1);
                            if (!rs.wasNull()) {
                                read.put(measured.get(i), scale);
                            }
                        }
                    }
                    return new Scales(Map.copyOf(read));
                }).scales();
        return NumberFormats.columns(view, scales);
    }

    /**
     * One page of the rows {@code request} asks for; a view must be populated. The page, the count and the totals
     * are read once per version of the view's data ({@link DataVersion}), then kept ({@link ReportResults}): the
     * same question about the same data is answered from memory, by every reader. A record has no versions: it is
     * read afresh every time, and its rows are counted no further than {@link #COUNT_CAP} even without filters,
     * since it grows for ever.
     *
     * @throws ReportUnavailableException when a plain refresh holds the view
     */
    public ReportPage page(BrowsableRelation view, RowsRequest request) {
        ReportQuery query = query(view);
        // One snapshot for the version and everything read under it; it only reads, so it ends with a rollback.
        try (Read read = beginRead(view, READ_STATEMENT_TIMEOUT)) {
            return read.run(connection -> {
                DataVersion version = read.version(connection);
                List<ReportColumn> columns = shownColumns(connection, view, version);
                PageQuestion asked = new PageQuestion(query.ordering(request.sort()), request.filters(),
                        request.page(), request.size());
                Optional<PageRows> known = results.known(version, asked);
                PageRows page;
                if (known.isPresent()) {
                    page = known.get();
                } else {
                    // Read outside the cache's own loading: the page may read and keep its anchors first.
                    page = rows(connection, columns, anchors.page(connection, version, query, request));
                    results.keep(version, asked, page);
                }
                boolean filtered = !request.filters().isEmpty();
                boolean capped = filtered || view instanceof RecordView;
                long cap = capped ? COUNT_CAP : Long.MAX_VALUE;
                long matching = results.get(version, new CountQuestion(request.filters(), cap),
                        () -> new Count(count(connection, query, request.filters(), cap))).rows();
                List<String> totalled = view.metadata().totals();
                Map<String, Object> totals = totalled.isEmpty() ? Map.of()
                        : results.get(version, new TotalsQuestion(request.filters(), totalled),
                                () -> new Totals(totals(connection, query, request.filters(), totalled))).sums();
                return new ReportPage(view, columns, page.rows(), matching, capped && matching >= COUNT_CAP,
                        request, page.sql(), page.parameters(), totals);
            });
        } catch (SQLException e) {
            throw ReadFailures.translate(view.name(), e);
        }
    }

    private static PageRows rows(Connection connection, List<ReportColumn> columns, ReportQuery.Statement page)
            throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = prepared(connection, page); ResultSet rs = statement.executeQuery()) {
            ResultSet values = driversOwn(rs);
            while (values.next()) {
                rows.add(Collections.unmodifiableMap(row(columns, values)));
            }
        }
        return new PageRows(List.copyOf(rows), page.sql(),
                page.parameters().stream().map(ReportQuery.Parameter::forPeople).toList());
    }

    private static long count(Connection connection, ReportQuery query, List<Filter> filters, long cap)
            throws SQLException {
        try (PreparedStatement statement = prepared(connection, query.count(filters, cap));
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The sums of {@code columns} (number columns of the report) over every row the filters leave. */
    private static Map<String, Object> totals(Connection connection, ReportQuery query, List<Filter> filters,
                                              List<String> columns) throws SQLException {
        Map<String, Object> totals = new LinkedHashMap<>();
        try (PreparedStatement statement = prepared(connection, query.totals(filters, columns));
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            for (int i = 0; i < columns.size(); i++) {
                totals.put(columns.get(i), number(rs.getString(i + 1)));
            }
        }
        return Collections.unmodifiableMap(totals);
    }

    /** About how much memory a row of values takes: the map and its entries, and each value as Java holds it. */
    private static long bytes(Map<String, Object> row) {
        long bytes = 96;
        for (Object value : row.values()) {
            bytes += 48;
            if (value instanceof String text) {
                bytes += 48 + 2L * text.length();
            } else if (value instanceof BigDecimal) {
                bytes += 80;
            } else if (value != null && !(value instanceof Boolean)) {
                bytes += 96; // dates and times: a few objects each
            }
        }
        return bytes;
    }

    /** How often a read starts again when plain refreshes keep committing while it waits for the view's lock. */
    static final int SNAPSHOT_ATTEMPTS = 3;

    /**
     * Begins a transaction that reads {@code view} in one snapshot (REPEATABLE READ, read only, times in UTC, a lock
     * timeout of {@link #READ_LOCK_TIMEOUT} and the given statement timeout, for this transaction alone, not for the
     * pooled session), holding the view's lock against a plain refresh from its first statement on.
     *
     * <p>A plain REFRESH writes its new rows as visible to every snapshot. A read whose snapshot was taken before such
     * a refresh committed, and that then waited for the view's lock, would see the new rows while everything else it
     * reads (the refresh log, the view's storage) is from before; PostgreSQL takes a statement's snapshot before its
     * locks, and {@code LOCK TABLE} refuses materialized views. So the first statement takes the lock and checks that
     * the view's storage its snapshot sees is the view's storage now; when it is not, a plain refresh committed in
     * between, and the read starts again with a new snapshot (up to {@link #SNAPSHOT_ATTEMPTS} times).
     *
     * @throws SQLException 55P03 when a plain refresh holds the view longer than the lock timeout
     */
    Read beginRead(BrowsableRelation relation, Duration statementTimeout) throws SQLException {
        if (!(relation instanceof MaterializedView view)) {
            // A record is a plain view over a table: no refresh replaces its storage, so no check is needed.
            LocalTransactions.Transaction transaction = database.begin(connection -> null);
            try {
                transaction.run(connection -> {
                    settings(connection, statementTimeout);
                    return null;
                });
            } catch (SQLException | RuntimeException | Error e) {
                transaction.close();
                throw e;
            }
            return new Read(transaction, relation, null);
        }
        for (int attempt = 1; ; attempt++) {
            String[] counters = new String[1];
            LocalTransactions.Transaction transaction = database.begin(connection -> {
                counters[0] = DataVersion.counters(connection, view);
                return null;
            });
            boolean consistent;
            try {
                consistent = transaction.run(connection -> startSnapshot(connection, view, statementTimeout));
            } catch (SQLException | RuntimeException | Error e) {
                transaction.close();
                throw e;
            }
            if (consistent) {
                return new Read(transaction, view, counters[0]);
            }
            transaction.close();
            if (attempt == SNAPSHOT_ATTEMPTS) {
                throw new SQLException("report " + view.name() + " was refreshed again while it was being read",
                        ReadFailures.LOCK_NOT_AVAILABLE);
            }
        }
    }

    /**
     * A read of a view (or record) begun by {@link #beginRead}: its transaction, and the view's row counters as they
     * were just before its snapshot was taken (see {@link DataVersion}; null for a record).
     */
    record Read(LocalTransactions.Transaction transaction, BrowsableRelation relation, String counters)
            implements AutoCloseable {

        /**
         * The version of the view's data this read sees, on its connection; null for a record, which changes with
         * every insert: nothing read from it is kept.
         */
        DataVersion version(Connection connection) throws SQLException {
            return relation instanceof MaterializedView view ? DataVersion.read(connection, view, counters) : null;
        }

        <T> T run(LocalTransactions.Work<T> work) throws SQLException {
            return transaction.run(work);
        }

        @Override
        public void close() {
            transaction.close();
        }
    }

    /** The settings and the first statement of {@link #beginRead}: whether the snapshot and the view's lock agree. */
    private static boolean startSnapshot(Connection connection, MaterializedView view, Duration statementTimeout)
            throws SQLException {
        settings(connection, statementTimeout);
        // The view is named in the query, so its lock is taken while the statement is analysed; the snapshot was
        // taken just before. pg_class is read in the snapshot, pg_relation_filenode from the catalog as it is now.
        try (PreparedStatement check = connection.prepareStatement("""
                SELECT c.relfilenode = pg_relation_filenode(c.oid)
                FROM pg_class c
                WHERE c.oid = CAST(? AS regclass)
                  AND NOT EXISTS (SELECT FROM %s WHERE false)""".formatted(view.qualifiedName()))) {
            check.setString(1, view.qualifiedName());
            try (ResultSet rs = check.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The read's transaction settings, before its first statement. */
    private static void settings(Connection connection, Duration statementTimeout) throws SQLException {
        try (Statement settings = connection.createStatement()) {
            // One round trip for all of them; the numbers are the application's own, not a caller's.
            settings.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
                    + " SET LOCAL lock_timeout = " + READ_LOCK_TIMEOUT.toMillis() + ";"
                    + " SET LOCAL statement_timeout = " + statementTimeout.toMillis() + ";"
                    + " SET LOCAL TimeZone = 'UTC'");
        }
    }

    static PreparedStatement prepared(Connection connection, ReportQuery.Statement statement) throws SQLException {
        PreparedStatement prepared = connection.prepareStatement(statement.sql());
        List<ReportQuery.Parameter> parameters = statement.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            prepared.setString(i + 1, parameters.get(i).value());
        }
        return prepared;
    }

    /**
     * A number as read: a BigDecimal, or the text {@code NaN}, {@code Infinity} or {@code -Infinity}, which floating
     * point and numeric columns may hold and BigDecimal cannot (the driver's getBigDecimal fails on them).
     */
    static Object number(String text) {
        if (text == null) {
            return null;
        }
        return switch (text) {
            case "NaN", "Infinity", "-Infinity" -> text;
            default -> new BigDecimal(text);
        };
    }

    /**
     * The driver's own result set under the server's wrapper, to read values from (closing stays the wrapper's
     * business). Payara's wrapper answers {@code getObject(int, Class)}, which dates, times and booleans are read
     * with, by looking the driver's method up by reflection on every call: a quarter of an XLSX export's time.
     */
    static ResultSet driversOwn(ResultSet rs) throws SQLException {
        return rs.isWrapperFor(PgResultSet.class) ? rs.unwrap(PgResultSet.class) : rs;
    }

    /**
     * A row as values of their kinds: numbers (see {@link #number}), dates, times and booleans as such, anything else
     * as text.
     */
    static Map<String, Object> row(List<ReportColumn> columns, ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            ReportColumn column = columns.get(i);
            int index = i + 1;
            Object value = switch (column.kind()) {
                case NUMBER -> number(rs.getString(index));
                case DATE -> rs.getObject(index, LocalDate.class);
                case TIMESTAMP -> column.type().contains("with time zone")
                        ? rs.getObject(index, OffsetDateTime.class) : rs.getObject(index, LocalDateTime.class);
                case BOOLEAN -> rs.getObject(index, Boolean.class);
                default -> rs.getString(index);
            };
            row.put(column.name(), rs.wasNull() ? null : value);
        }
        return row;
    }
}
