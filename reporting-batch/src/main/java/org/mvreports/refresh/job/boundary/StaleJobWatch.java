package org.mvreports.refresh.job.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.logging.Logger;
import org.mvreports.refresh.job.control.StaleJobRecovery;
import org.mvreports.schema.boundary.SchemaStartup;

/**
 * Keeps refresh job executions of stopped nodes from looking like they run for ever: when this node starts (its
 * own earlier executions included) and every five minutes on every node (so a node that died while the others
 * keep running is noticed without waiting for a restart).
 */
@Singleton
@Startup
@PermitAll
// Bean-managed: no container transaction around the timer (a NOT_SUPPORTED attribute on the timeout method was
// not honoured: the tick ran inside a JTA transaction), as the work commits its own local transactions.
@TransactionManagement(TransactionManagementType.BEAN)
public class StaleJobWatch {

    private static final Logger LOG = Logger.getLogger(StaleJobWatch.class.getName());

    @EJB
    SchemaStartup schema;

    @Inject
    StaleJobRecovery recovery;

    @PostConstruct
    void atStartup() {
        schema.awaitMigrated();
        recover(true);
    }

    @Schedule(minute = "*/5", hour = "*", persistent = false, info = "fail refresh jobs of stopped nodes")
    void periodically() {
        recover(false);
    }

    private void recover(boolean nodeStarting) {
        try {
            recovery.recover(nodeStarting);
        } catch (SQLException e) {
            // Not fatal: the executions stay as they were and the next check tries again.
            LOG.warning(() -> "cannot check for refresh jobs left running by a stopped node: " + e.getMessage());
        }
    }
}
