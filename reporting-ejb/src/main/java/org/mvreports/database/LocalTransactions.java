package org.mvreports.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Database transactions that the code controls itself, on a connection from the application's pool, for work
 * whose transaction boundaries are the point (a refresh and its log row commit together; a failure row commits
 * alone) or that needs settings JTA cannot express (isolation level, SET LOCAL timeouts, transaction-scoped
 * advisory locks).
 *
 * <p>Callers must not run inside a JTA transaction: a pooled connection enlisted in one cannot be committed here,
 * and mixing the two would make the boundaries ambiguous. Boundaries that call this code declare
 * {@code NOT_SUPPORTED}; {@link #inTransaction} checks it.
 */
@ApplicationScoped
public class LocalTransactions {

    /** Work done in one transaction; may throw SQLException, which rolls the transaction back. */
    @FunctionalInterface
    public interface Work<T> {
        T execute(Connection connection) throws SQLException;
    }

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /**
     * Runs {@code work} in a transaction of its own and commits it; rolls back and rethrows on any exception.
     */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            throw new IllegalStateException("called inside a JTA transaction; the caller must be NOT_SUPPORTED");
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.execute(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true); // pooled: hand it back as it was handed out
            }
        }
    }

    /**
     * Runs one statement in a transaction of its own, its parameters bound in order ({@code setObject}).
     *
     * @return the update count
     */
    public int update(String sql, Object... parameters) throws SQLException {
        return inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            }
        });
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
