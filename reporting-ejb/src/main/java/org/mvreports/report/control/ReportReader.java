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
import java.util.logging.Logger;
import org.mvreports.catalog.entity.MaterializedView;
import org.mvreports.database.LocalTransactions;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.LastSuccess;
import org.mvreports.report.entity.ColumnKind;
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

    private static final Logger LOG = Logger.getLogger(ReportReader.class.getName());

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
        try {
            return database.inTransaction(connection -> {
                // One snapshot for the page, its count and the version its anchors belong to.
                try (Statement isolation = connection.createStatement()) {
                    isolation.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                }
                limits(connection);
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
            throw ReportBusyException.translate(view.name(), e);
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
     * The sums of the report's totals columns over every row the filters leave; a name in its totals line that is
     * not a number column of the report is left out (and said so in the log), as a chart line that does not fit is.
     */
    private static Map<String, Object> totals(Connection connection, MaterializedView view, ReportQuery query,
                                              RowsRequest request) throws SQLException {
        List<String> columns = totalsColumns(view);
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

    /** The report's totals columns that are number columns of it, in the order its totals line names them. */
    public static List<String> totalsColumns(MaterializedView view) {
        List<ReportColumn> columns = columns(view);
        List<String> fit = new ArrayList<>();
        for (String name : view.metadata().totals()) {
            if (columns.stream().anyMatch(c -> c.name().equals(name) && c.kind() == ColumnKind.NUMBER)) {
                fit.add(name);
            } else {
                LOG.warning(() -> "report " + view.name() + ": totals column " + name
                        + " is not a number column of the report; left out");
            }
        }
        return fit;
    }

    /** Read only, a short lock timeout, a statement timeout: set for this transaction alone. */
    static void limits(Connection connection) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("""
                SELECT set_config('lock_timeout', ?, true), set_config('statement_timeout', ?, true),
                       set_config('transaction_read_only', 'on', true)""")) {
            set.setString(1, READ_LOCK_TIMEOUT.toMillis() + "ms");
            set.setString(2, READ_STATEMENT_TIMEOUT.toMillis() + "ms");
            set.execute();
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
