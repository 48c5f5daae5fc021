package org.mvreports.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
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

    /** The longest pause between two attempts of {@link #inTransactionOutlasting}. */
    private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(LocalTransactions.class.getName());

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Connections of running transactions that must not be used again ({@link #discard}). */
    private final Set<Connection> discarded = ConcurrentHashMap.newKeySet();

    /**
     * Runs {@code work} in a transaction of its own and commits it; rolls back and rethrows on any exception.
     */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            throw new IllegalStateException("called inside a JTA transaction; the caller must be NOT_SUPPORTED");
        }
        try (Connection connection = dataSource.getConnection()) {
            T result;
            try {
                connection.setAutoCommit(false);
                result = work.execute(connection);
            } catch (SQLException | RuntimeException | Error e) {
                boolean wasDiscarded = discarded.remove(connection);
                if (wasDiscarded || ConnectionLoss.isConnectionLoss(e)) {
                    // Closing it now destroys the session, which ends the transaction. A lost connection is marked
                    // too: the pool's own clean-up of a dead connection fails, and a pool that then hands the dead
                    // handle to the next caller (seen under load: a sign-in failing with a 500) is avoided.
                    markBad(connection, e);
                    throw e;
                }
                rollbackQuietly(connection, e);
                throw e;
            }
            if (discarded.remove(connection)) {
                SQLException e = new SQLException("the transaction's connection was discarded; nothing was committed");
                markBad(connection, e);
                throw e;
            }
            try {
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                if (ConnectionLoss.isConnectionLoss(e)) {
                    markBad(connection, e);
                } else {
                    rollbackQuietly(connection, e);
                }
                throw e;
            }
            try {
                connection.setAutoCommit(true); // pooled: hand it back as it was handed out
            } catch (SQLException e) {
                // Committed: the work's result stands (a retry would do it twice); only the connection is spoilt.
                LOG.log(Level.WARNING, "a connection could not be handed back after a commit; the pool drops it", e);
                markBad(connection, e);
            }
            return result;
        }
    }

    /**
     * Declares the connection of a running transaction unusable (the driver lost track of the protocol, e.g. after a
     * cancelled COPY): nothing more is sent on it, not even a rollback, and the pool closes it instead of handing it
     * out again, which ends its session and with it the transaction. The work should throw after this.
     */
    public void discard(Connection connection) {
        discarded.add(connection);
    }

    /**
     * Tells the pool to destroy the connection when it is closed, through the data source's
     * {@code markConnectionAsBad} (Payara's pool has it; it is looked up, so that nothing else here depends on the
     * server); where there is no such method, the connection is aborted.
     */
    private void markBad(Connection connection, Throwable cause) {
        try {
            dataSource.getClass().getMethod("markConnectionAsBad", Connection.class).invoke(dataSource, connection);
            return;
        } catch (ReflectiveOperationException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            connection.abort(Runnable::run); // JDBC's own way; a pool may or may not drop an aborted connection
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
            LOG.log(Level.WARNING, "a discarded connection could be neither marked bad nor aborted", e);
        }
    }

    /**
     * Like {@link #inTransaction}, but outlasts a lost database connection ({@link ConnectionLoss}): the whole
     * transaction is tried again, with pauses growing to a few seconds, until it commits or {@code patience} has
     * passed. For writes that must not be lost to a database restart (a failure's refresh log row). Any other failure
     * is thrown at once; an interrupt (the application stopping) ends the waiting with the last failure.
     *
     * <p>The work must be safe to repeat after a lost connection: the failed attempt rolled back, except in the
     * rare case that the connection was lost right after the commit reached the server.
     */
    public <T> T inTransactionOutlasting(Duration patience, Work<T> work) throws SQLException {
        Instant giveUp = Instant.now().plus(patience);
        long pauseMillis = 250;
        while (true) {
            try {
                return inTransaction(work);
            } catch (SQLException e) {
                if (!ConnectionLoss.isConnectionLoss(e) || Instant.now().plusMillis(pauseMillis).isAfter(giveUp)) {
                    throw e;
                }
                LOG.warning(() -> "database connection lost (" + ConnectionLoss.sqlStateOfConnectionLoss(e)
                        + "); trying again until " + giveUp + ": " + e.getMessage());
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE.toMillis());
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

    /** Rolls back and hands the connection back in autocommit, adding any failure to {@code cause}. */
    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e); // the connection is gone; the work's own failure is the one to report
        }
    }
}
