package org.mvreports.report.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.history.control.RefreshLog;
import org.mvreports.history.entity.LastSuccess;

/**
 * Which version of a view's data a snapshot sees. A materialized view changes only when it is refreshed, so anything
 * derived from its rows (a page, a count, totals, where deep pages start) holds as long as its version does: results
 * are kept under (view, version, question) in {@link ReportResults}, and a refresh is a new version on every node,
 * with nothing to invalidate.
 *
 * <p>The version is the view's last logged successful refresh (a refresh and its log row commit together), its
 * storage file (a plain REFRESH gives it a new one) and its row counters (which catch a REFRESH ... CONCURRENTLY run
 * outside MV Reports once PostgreSQL's statistics have it, within seconds). The log row and the storage are read in
 * the same snapshot as the results kept under the version ({@link ReportReader#beginRead}), so a refresh committing
 * in between can never put old rows under a new version. The counters are not part of any snapshot: they are read
 * just before the snapshot is taken, so that they are never newer than the rows (newer rows under older counters are
 * harmless: the counters catch up, and the next read is a new version).
 *
 * @param relation the view, schema-qualified and quoted
 * @param version  the version, as text
 */
public record DataVersion(String relation, String version) {

    /** The view's row counters as PostgreSQL's statistics have them now: read before the snapshot. */
    static String counters(Connection connection, MaterializedView view) throws SQLException {
        return ofTheView(connection, view, "concat_ws('/', c.oid, pg_stat_get_tuples_inserted(c.oid),"
                + " pg_stat_get_tuples_updated(c.oid), pg_stat_get_tuples_deleted(c.oid))");
    }

    /**
     * The version of {@code view}'s data this transaction's snapshot sees.
     *
     * @param counters the view's counters, read just before the snapshot ({@link #counters})
     */
    static DataVersion read(Connection connection, MaterializedView view, String counters) throws SQLException {
        LastSuccess last = RefreshLog.lastSuccess(connection, view.schema(), view.name());
        return new DataVersion(view.qualifiedName(), ofTheView(connection, view, "c.relfilenode::text") + "/"
                + counters + "/" + (last == null ? "" : last.id()));
    }

    /** One value of the view's row in {@code pg_class} ({@code c}): an expression of this class's own. */
    private static String ofTheView(Connection connection, MaterializedView view, String expression)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT %s
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ?
                  AND c.relname = ?""".formatted(expression))) {
            query.setString(1, view.schema());
            query.setString(2, view.name());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }
}
