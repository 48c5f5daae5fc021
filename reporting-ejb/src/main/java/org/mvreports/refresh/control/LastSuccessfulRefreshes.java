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

    /** The last success of one view. */
    public record LastRefresh(Instant finishedAt, long rowCount) {
    }

    private static final String ALL = """
            SELECT DISTINCT ON (view_name) view_name, finished_at, row_count
            FROM app.refresh_log
            WHERE outcome = 'SUCCEEDED'
              AND view_schema = ?
            ORDER BY view_name, finished_at DESC""";

    private static final String ONE = """
            SELECT finished_at, row_count
            FROM app.refresh_log
            WHERE outcome = 'SUCCEEDED'
              AND view_schema = ?
              AND view_name = ?
            ORDER BY finished_at DESC
            LIMIT 1""";

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    /** Last success per view name of a schema; views never refreshed are absent. */
    public Map<String, LastRefresh> inSchema(String schema) {
        Map<String, LastRefresh> last = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(ALL)) {
            query.setString(1, schema);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), new LastRefresh(rs.getTimestamp(2).toInstant(), rs.getLong(3)));
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
                        ? Optional.of(new LastRefresh(rs.getTimestamp(1).toInstant(), rs.getLong(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the refresh log", e);
        }
    }
}
