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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mvreports.database.LocalTransactions;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.LastSuccess;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.ReportPage;
import org.mvreports.report.entity.RowsRequest;
import org.postgresql.jdbc.PgResultSet;

/**
 * Reads pages of a report's rows with the statements of {@link ReportQuery}, in a read-only transaction that never
 * waits long: a report refreshed plainly (it has no unique key) is locked while it refreshes, and its readers must be
 * told so at once ({@link ReportBusyException}) rather than queue behind the refresh.
 *
 * <p>Deep pages start from {@link PageAnchors} where the order allows. How many rows match: without filters, the
 * row count of the view's last refresh (taken in the refresh's own transaction, so exact, and free); with filters,
 * counted, but no further than {@link #COUNT_CAP} (then "at least").
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

    /** The columns of a view as the browser offers them. */
    public static List<ReportColumn> columns(MaterializedView view) {
        return view.columns().stream().map(c -> ReportColumn.of(c.name(), c.type())).toList();
    }

    /** The statements of a view. */
    public static ReportQuery query(MaterializedView view) {
        return new ReportQuery(view.qualifiedName(), columns(view), view.uniqueKey());
    }

    /**
     * One page of the rows {@code request} asks for; the view must be populated.
     *
     * @throws ReportBusyException when a plain refresh holds the view
     */
    public ReportPage page(MaterializedView view, RowsRequest request) {
        List<ReportColumn> columns = columns(view);
        ReportQuery query = query(view);
        // One snapshot for the page, its count and the version its anchors belong to; it only reads, so it ends
        // with a rollback.
        try (LocalTransactions.Transaction read = beginRead(view, READ_STATEMENT_TIMEOUT)) {
            return read.run(connection -> {
                ReportQuery.Statement page = anchors.page(connection, view, query, request);
                List<Map<String, Object>> rows = new ArrayList<>();
                try (PreparedStatement statement = prepared(connection, page)) {
                    try (ResultSet rs = statement.executeQuery()) {
                        ResultSet values = driversOwn(rs);
                        while (values.next()) {
                            rows.add(row(columns, values));
                        }
                    }
                }
                long matching;
                if (request.filters().isEmpty()) {
                    LastSuccess last = RefreshLog.lastSuccess(connection, view.schema(), view.name());
                    matching = last != null ? last.rowCount() : count(connection, query, request, Long.MAX_VALUE);
                } else {
                    matching = count(connection, query, request, COUNT_CAP);
                }
                return new ReportPage(view, columns, rows, matching,
                        !request.filters().isEmpty() && matching >= COUNT_CAP, request, page.sql(),
                        page.parameters().stream().map(ReportQuery.Parameter::forPeople).toList(),
                        totals(connection, view, query, request));
            });
        } catch (SQLException e) {
            throw ReadFailures.translate(view.name(), e);
        }
    }

    private static long count(Connection connection, ReportQuery query, RowsRequest request, long cap)
            throws SQLException {
        try (PreparedStatement statement = prepared(connection, query.count(request.filters(), cap));
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The sums of the report's totals columns (the number columns its totals line names, as the catalog read it) over
     * every row the filters leave.
     */
    private static Map<String, Object> totals(Connection connection, MaterializedView view, ReportQuery query,
                                              RowsRequest request) throws SQLException {
        List<String> columns = view.metadata().totals();
        Map<String, Object> totals = new LinkedHashMap<>();
        if (columns.isEmpty()) {
            return totals;
        }
        try (PreparedStatement statement = prepared(connection, query.totals(request.filters(), columns));
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            for (int i = 0; i < columns.size(); i++) {
                totals.put(columns.get(i), number(rs.getString(i + 1)));
            }
        }
        return totals;
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
    LocalTransactions.Transaction beginRead(MaterializedView view, Duration statementTimeout) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            LocalTransactions.Transaction transaction = database.begin();
            boolean consistent;
            try {
                consistent = transaction.run(connection -> startSnapshot(connection, view, statementTimeout));
            } catch (SQLException | RuntimeException | Error e) {
                transaction.close();
                throw e;
            }
            if (consistent) {
                return transaction;
            }
            transaction.close();
            if (attempt == SNAPSHOT_ATTEMPTS) {
                throw new SQLException("report " + view.name() + " was refreshed again while it was being read",
                        ReadFailures.LOCK_NOT_AVAILABLE);
            }
        }
    }

    /** The settings and the first statement of {@link #beginRead}: whether the snapshot and the view's lock agree. */
    private static boolean startSnapshot(Connection connection, MaterializedView view, Duration statementTimeout)
            throws SQLException {
        try (Statement settings = connection.createStatement()) {
            settings.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            settings.execute("SET LOCAL lock_timeout = " + READ_LOCK_TIMEOUT.toMillis());
            settings.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
            settings.execute("SET LOCAL TimeZone = 'UTC'");
        }
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
