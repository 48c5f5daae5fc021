package org.mvreports.refresh.job.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.logging.Logger;
import org.mvreports.refresh.job.control.StaleJobRecovery;
import org.mvreports.schema.boundary.SchemaStartup;

/** When a node starts: refresh job executions left running by a node that stopped are marked FAILED. */
@Singleton
@Startup
@PermitAll
public class StaleJobRecoveryStartup {

    private static final Logger LOG = Logger.getLogger(StaleJobRecoveryStartup.class.getName());

    @EJB
    SchemaStartup schema;

    @Inject
    StaleJobRecovery recovery;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // the recovery commits its own transaction
    void recoverStaleExecutions() {
        schema.awaitMigrated();
        try {
            recovery.recover();
        } catch (SQLException e) {
            // Not fatal: the executions stay as they were and the next start tries again.
            LOG.warning(() -> "cannot check for refresh jobs left running by a stopped node: " + e.getMessage());
        }
    }
}
