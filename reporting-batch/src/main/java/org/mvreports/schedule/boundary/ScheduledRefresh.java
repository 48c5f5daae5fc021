package org.mvreports.schedule.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.logging.Logger;
import org.mvreports.schedule.control.Scheduler;
import org.mvreports.settings.ReportingSettings;

/**
 * Ticks the scheduler once a minute on every node (a non-persistent timer: nothing to coordinate between nodes
 * here, {@link Scheduler} does that in the database). {@code REPORTING_SCHEDULER=false} turns the timer off on a
 * node; the global switch in the database (admin console) turns scheduling off everywhere.
 */
@Singleton
@PermitAll
// Bean-managed: no container transaction around the timer (a NOT_SUPPORTED attribute on the timeout method was
// not honoured: the tick ran inside a JTA transaction), as the work commits its own local transactions.
@TransactionManagement(TransactionManagementType.BEAN)
public class ScheduledRefresh {

    private static final Logger LOG = Logger.getLogger(ScheduledRefresh.class.getName());

    @Inject
    Scheduler scheduler;

    @Inject
    ReportingSettings settings;

    @Schedule(second = "0", minute = "*", hour = "*", persistent = false, info = "refresh reports that are due")
    void tick() {
        if (!settings.schedulerEnabled()) {
            return;
        }
        try {
            scheduler.tick();
        } catch (SQLException | RuntimeException e) {
            // The next tick tries again; a failed tick must not cancel the timer.
            LOG.warning(() -> "scheduler tick failed: " + e.getMessage());
        }
    }
}
