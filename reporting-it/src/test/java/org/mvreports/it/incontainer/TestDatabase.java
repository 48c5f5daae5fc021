package org.mvreports.it.incontainer;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/** Chores of in-container tests: statements, single values, rows, and polling with a deadline. */
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
    static BatchStatus awaitJobEnd(long execution, Duration deadline) throws InterruptedException {
        Set<BatchStatus> ended = Set.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED,
                BatchStatus.ABANDONED);
        JobOperator operator = BatchRuntime.getJobOperator();
        awaitTrue("execution " + execution + " to end", deadline,
                () -> ended.contains(operator.getJobExecution(execution).getBatchStatus()));
        return operator.getJobExecution(execution).getBatchStatus();
    }

    /** Polls {@code condition} until it holds; fails after {@code deadline}. */
    static void awaitTrue(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(deadline);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + deadline + " waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
