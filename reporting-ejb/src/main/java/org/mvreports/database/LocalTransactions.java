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

    /**
     * Runs {@code work} in a transaction of its own and commits it; rolls back and rethrows on any exception.
     */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Transaction transaction = begin()) {
            T result = transaction.run(work);
            transaction.commit();
            return result;
        }
    }

    /**
     * Begins a transaction that outlives the call, for work that spans several calls (an export prepared in one and
     * written in the next reads one snapshot throughout). The caller must close it (a transaction not committed by
     * then is rolled back); every statement goes through {@link Transaction#run}, so a failure is handled as
     * {@link #inTransaction} handles it.
     */
    public Transaction begin() throws SQLException {
        return begin(null);
    }

    /**
     * As {@link #begin()}, with {@code before} run first on the same connection, outside the transaction (in
     * autocommit): for what must be read before the transaction's snapshot is taken.
     */
    public Transaction begin(Work<?> before) throws SQLException {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            throw new IllegalStateException("called inside a JTA transaction; the caller must be NOT_SUPPORTED");
        }
        Connection connection = dataSource.getConnection();
        try {
            if (before != null) {
                before.execute(connection);
            }
            connection.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            if (ConnectionLoss.isConnectionLoss(e)) {
                markBad(connection, e);
            }
            closeQuietly(connection, e);
            throw e;
        }
        return new Transaction(connection);
    }

    /**
     * A transaction on a connection of its own, begun by {@link #begin}: its work runs through {@link #run}, it
     * ends with {@link #commit} or is rolled back by {@link #close}, and the connection is handed back to the pool
     * exactly once, at close, in autocommit as the pool handed it out (or, when it was lost, marked so that the pool
     * destroys it instead).
     */
    public final class Transaction implements AutoCloseable {

        private final Connection connection;
        private boolean ended;
        private boolean lost;
        private boolean closed;

        private Transaction(Connection connection) {
            this.connection = connection;
        }

        /**
         * Runs {@code work} on the transaction's connection. A failure ends the transaction: it is rolled back (or,
         * when the connection was lost, the connection is given up) and rethrown; nothing more may run in it.
         */
        public <T> T run(Work<T> work) throws SQLException {
            if (ended) {
                throw new IllegalStateException("the transaction has ended");
            }
            try {
                return work.execute(connection);
            } catch (SQLException | RuntimeException | Error e) {
                fail(e);
                throw e;
            }
        }

        /** Commits; a failure to commit rolls back (or gives up a lost connection) and is thrown. */
        public void commit() throws SQLException {
            if (ended) {
                throw new IllegalStateException("the transaction has ended");
            }
            try {
                connection.commit();
                ended = true;
            } catch (SQLException | RuntimeException e) {
                fail(e);
                throw e;
            }
        }

        private void fail(Throwable e) {
            ended = true;
            // A lost connection is marked: the pool's own clean-up of a dead connection fails, and a pool that then
            // hands the dead handle to the next caller (seen under load: a sign-in failing with a 500) is avoided.
            // So is one whose rollback failed: its transaction may still be open, and handing it back in autocommit
            // would commit it.
            if (ConnectionLoss.isConnectionLoss(e) || !rollbackQuietly(connection, e)) {
                lost = true;
                markBad(connection, e);
            }
        }

        /** Rolls back what was not committed and hands the connection back to the pool; once. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (!ended) {
                    ended = true;
                    try {
                        connection.rollback();
                    } catch (SQLException | RuntimeException e) {
                        if (!ConnectionLoss.isConnectionLoss(e)) {
                            LOG.log(Level.WARNING, "a transaction could not be rolled back; the pool drops it", e);
                        }
                        lost = true; // never handed back in autocommit: that would commit what is still open
                        markBad(connection, e);
                    }
                }
                if (!lost) {
                    try {
                        connection.setAutoCommit(true); // pooled: hand it back as it was handed out
                    } catch (SQLException | RuntimeException e) {
                        // Committed or rolled back already: only the connection is spoilt.
                        LOG.log(Level.WARNING, "a connection could not be handed back after its transaction;"
                                + " the pool drops it", e);
                        markBad(connection, e);
                    }
                }
            } finally {
                closeQuietly(connection, null);
            }
        }
    }

    /**
     * Tells the pool to destroy the connection when it is closed, through the data source's
     * {@code markConnectionAsBad} (Payara's pool has it; it is looked up, so that nothing else here depends on the
     * server); where there is no such method, the connection is aborted.
     *
     * <p>Only for connections that are lost anyway: Payara puts a bad connection back among the free ones for a moment
     * before it destroys it, so another caller may be handed it in between and see it closed under its hands (seen
     * with exports the client hung up on: the next export answered 503). A connection that is merely in an unknown
     * state is brought back to a known one instead (see the CSV export's cancel).
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
            LOG.log(Level.WARNING, "a connection given up could be neither marked bad nor aborted", e);
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

    /** Rolls back, adding any failure to {@code cause}; whether the rollback went through. */
    private static boolean rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
            return false;
        }
    }

    /** Closes the handle (back to the pool), adding a failure to {@code cause} or else logging it. */
    private static void closeQuietly(Connection connection, Throwable cause) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            } else {
                LOG.log(Level.FINE, "closing a connection failed", e);
            }
        }
    }
}
