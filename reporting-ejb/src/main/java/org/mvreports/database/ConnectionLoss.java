package org.mvreports.database;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a lost database connection (the server restarted or shut down, the session was terminated, the network
 * failed) from a statement PostgreSQL refused: the first is worth trying again once the database is back, the
 * second never is.
 *
 * <p>By SQLSTATE, anywhere in the cause chain (the pool wraps the driver's exception when it cannot hand out a
 * connection): class 08 (connection exception) and the operator interventions 57P01 (terminated by administrator
 * command, e.g. a fast shutdown or {@code pg_terminate_backend}), 57P02 (crash shutdown) and 57P03 (cannot connect
 * now, e.g. still starting up).
 */
public final class ConnectionLoss {

    private static final Set<String> OPERATOR_INTERVENTIONS = Set.of("57P01", "57P02", "57P03");

    private ConnectionLoss() {
    }

    /** Whether {@code failure} means the connection to the database was lost or could not be made. */
    public static boolean isConnectionLoss(Throwable failure) {
        return sqlStateOfConnectionLoss(failure) != null;
    }

    /** The SQLSTATE that makes {@code failure} a lost connection, or null when it is none. */
    public static String sqlStateOfConnectionLoss(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && isConnectionLossState(sql.getSQLState())) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    static boolean isConnectionLossState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || OPERATOR_INTERVENTIONS.contains(sqlState));
    }
}
