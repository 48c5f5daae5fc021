package org.mvreports.it.incontainer;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import org.mvreports.it.Await;

/** Chores of in-container tests: statements, single values, rows, and waiting for a job to end. */
final class TestDatabase {

    private final DataSource dataSource;

    TestDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void execute(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    long longValue(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Each row as column label → value. */
    List<Map<String, Object>> rows(String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * A connection of the PostgreSQL driver bundled with the test (not the pool's), for driver-specific APIs such
     * as COPY. Same database and role as the pool; the password is the server's REPORTING_DB_PASSWORD.
     */
    Connection directConnection() throws SQLException {
        String url;
        String user;
        try (Connection pooled = dataSource.getConnection()) {
            url = pooled.getMetaData().getURL();
            user = pooled.getMetaData().getUserName();
        }
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", System.getenv().getOrDefault("REPORTING_DB_PASSWORD", ""));
        return new org.postgresql.Driver().connect(url, properties);
    }

    /** Polls a batch job execution until it ends (any terminal status) and returns that status. */
    static BatchStatus awaitJobEnd(long execution, Duration deadline) throws Exception {
        Set<BatchStatus> ended = Set.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED,
                BatchStatus.ABANDONED);
        JobOperator operator = BatchRuntime.getJobOperator();
        return Await.value("execution " + execution + " to end", deadline,
                () -> operator.getJobExecution(execution).getBatchStatus(), ended::contains);
    }
}
