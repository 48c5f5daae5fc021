package org.mvreports.refresh.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads, from the refresh log, when each view was last refreshed successfully and how many rows it had then. */
@ApplicationScoped
public class LastSuccessfulRefreshes {

    /**
     * The last success of one view.
     *
     * @param startedAt  when that refresh started: the contents reflect the sources as of about then (its snapshot
     *                   was taken right after), which is what "data as of" means
     * @param finishedAt when it committed
     * @param rowCount   rows after it
     */
    public record LastRefresh(Instant startedAt, Instant finishedAt, long rowCount) {
    }

    /*
     * One index probe per view of the schema (the partial index on successful rows), so the cost does not grow with
     * the refresh log, which is append-only and keeps every refresh ever made.
     */
    private static final String ALL = """
            SELECT m.matviewname, last.started_at, last.finished_at, last.row_count
            FROM pg_matviews m
            CROSS JOIN LATERAL (SELECT l.started_at, l.finished_at, l.row_count
                                FROM app.refresh_log l
                                WHERE l.outcome = 'SUCCEEDED'
                                  AND l.view_schema = m.schemaname::text
                                  AND l.view_name = m.matviewname::text
                                ORDER BY l.finished_at DESC
                                LIMIT 1) AS last
            WHERE m.schemaname = ?""";

    private static final String ONE = """
            SELECT started_at, finished_at, row_count
            FROM app.refresh_log
            WHERE outcome = 'SUCCEEDED'
              AND view_schema = ?
              AND view_name = ?
            ORDER BY finished_at DESC
            LIMIT 1""";

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    /** Last success of each materialized view of a schema; views never refreshed are absent. */
    public Map<String, LastRefresh> inSchema(String schema) {
        Map<String, LastRefresh> last = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(ALL)) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), new LastRefresh(rs.getTimestamp(2).toInstant(),
                            rs.getTimestamp(3).toInstant(), rs.getLong(4)));
                }
            }
            return last;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the refresh log", e);
        }
    }

    /** Last success of one view, if it ever had one. */
    public Optional<LastRefresh> of(String schema, String view) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(ONE)) {
            query.setString(1, schema);
            query.setString(2, view);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next()
                        ? Optional.of(new LastRefresh(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                                rs.getLong(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the refresh log", e);
        }
    }
}
