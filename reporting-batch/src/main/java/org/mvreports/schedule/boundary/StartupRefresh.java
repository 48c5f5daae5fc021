package org.mvreports.schedule.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Logger;
import org.mvreports.schedule.control.Scheduler;
import org.mvreports.schema.boundary.SchemaStartup;

/**
 * The first thing the schedule does when the application starts: every scheduled report that has never been
 * refreshed successfully (a view just created WITH NO DATA by a migration, or one whose first refresh failed) is due
 * now, so a refresh job with trigger STARTUP is started for them ({@link Scheduler#startNeverRefreshed}). Reports
 * that were refreshed before keep their contents and wait for their agreed interval. This happens whether or not
 * this node's scheduler timer ticks ({@code REPORTING_SCHEDULER}); the switches in the database (global, per
 * report) are respected.
 *
 * <p>Not inside the deployment: a first population can take hours on a real database, past any deployment timeout,
 * and the application must answer meanwhile (the catalog says "not available yet; first refresh running"). So
 * start-up only sets a timer; the job starts when it fires, once the application is up, and runs like any other
 * job: independent views in parallel, visible in the job list, restartable. With several nodes starting at once,
 * the scheduler's lock and claims start it once.
 */
@Singleton
@Startup
@PermitAll
// Bean-managed: no container transaction around the timer, as the work commits its own local transactions.
@TransactionManagement(TransactionManagementType.BEAN)
public class StartupRefresh {

    /** Long enough for the deployment to finish, short enough that nobody waits for it. */
    static final Duration AFTER_START = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(StartupRefresh.class.getName());

    @EJB
    SchemaStartup schema;

    @Inject
    Scheduler scheduler;

    @Resource
    TimerService timers;

    @PostConstruct
    void scheduleFirstRefreshes() {
        schema.awaitMigrated();
        timers.createSingleActionTimer(AFTER_START.toMillis(), new TimerConfig("start-up refresh", false));
    }

    @Timeout
    void refreshNeverRefreshedReports() {
        try {
            scheduler.startNeverRefreshed().ifPresentOrElse(
                    execution -> LOG.info(() -> "start-up refresh of reports never refreshed: execution "
                            + execution),
                    () -> LOG.fine("start-up refresh: every report has been refreshed before"));
        } catch (SQLException | RuntimeException e) {
            // Not fatal: the scheduler finds these reports due at its next tick (if scheduling is on).
            LOG.warning(() -> "cannot start the start-up refresh: " + e.getMessage());
        }
    }
}
