package org.mvreports.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ConnectionLossTest {

    @Test
    void lostConnectionsAreConnectionExceptionsAndOperatorInterventions() {
        assertEquals("57P01", ConnectionLoss.sqlStateOfConnectionLoss(
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(ConnectionLoss.isConnectionLoss(new SQLException("I/O error", "08006")));
        assertTrue(ConnectionLoss.isConnectionLoss(new SQLException("the database system is starting up", "57P03")));
    }

    @Test
    void aPoolsWrapperWithoutSqlStateIsLookedThrough() {
        SQLException pool = new SQLException("Error in allocating a connection",
                new IllegalStateException("could not be allocated", new SQLException("refused", "08001")));
        assertEquals("08001", ConnectionLoss.sqlStateOfConnectionLoss(pool));
    }

    @Test
    void refusedStatementsAreNotLostConnections() {
        assertFalse(ConnectionLoss.isConnectionLoss(new SQLException("division by zero", "22012")));
        assertFalse(ConnectionLoss.isConnectionLoss(new SQLException("canceling statement", "57014")),
                "a statement timeout is the refresh's own limit, not a lost connection");
        assertNull(ConnectionLoss.sqlStateOfConnectionLoss(new SQLException("no state")));
        assertFalse(ConnectionLoss.isConnectionLoss(new IllegalStateException("not SQL")));
    }
}
