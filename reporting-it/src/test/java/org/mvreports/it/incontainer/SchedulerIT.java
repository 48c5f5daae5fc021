package org.mvreports.it.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mvreports.refresh.control.ViewRefresher;
import org.mvreports.refresh.entity.RefreshRequest;
import org.mvreports.history.entity.RefreshTrigger;
import org.mvreports.schedule.boundary.Schedules;
import org.mvreports.schedule.control.Scheduler;

/**
 * The scheduler's tick against the real database and batch runtime (the test stack's timer is off, so the test
 * ticks itself): due reports are started with their trigger, fresh and disabled ones are not, a claimed report is
 * not started twice, and two nodes ticking at once start it once.
 */
@ExtendWith(ArquillianExtension.class)
class SchedulerIT {

    @Deployment
    static WebArchive deployment() {
        return InContainerDeployment.withBusinessModule("scheduler-it").addClass(SchedulerIT.class);
    }

    @Inject
    Scheduler scheduler;

    @Inject
    Schedules schedules;

    @Inject
    ViewRefresher refresher;

    @Inject
    RunAsRefreshAdmin asAdmin;

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    private TestDatabase db;

    /**
     * Names are new for every test: the refresh log and the claims remember views by name, and a view refreshed or
     * claimed by the previous test would not be due yet.
     */
    private String due;
    private String fresh;
    private String off;
    private String race;

    @BeforeEach
    void views() throws SQLException {
        db = new TestDatabase(dataSource);
        String suffix = "_" + System.currentTimeMillis();
        due = "it_sched_due" + suffix;
        fresh = "it_sched_fresh" + suffix;
        off = "it_sched_off" + suffix;
        race = "it_sched_race" + suffix;
        for (String view : List.of(due, fresh, off, race)) {
            db.execute("CREATE MATERIALIZED VIEW reports." + view + " AS SELECT 1 AS k WITH NO DATA",
                    "COMMENT ON MATERIALIZED VIEW reports." + view + " IS 'refresh-interval: "
                            + (view.equals(fresh) ? "1 day" : "1 minute") + "'");
        }
    }

    @AfterEach
    void dropViews() throws SQLException {
        db.execute("DROP MATERIALIZED VIEW IF EXISTS reports." + due + ", reports." + fresh + ", reports." + off
                        + ", reports." + race,
                "DELETE FROM app.report_schedules WHERE view_name LIKE 'it_sched_%'",
                "UPDATE app.scheduler_settings SET enabled = true");
    }

    @Test
    void dueReportsAreStartedOnceFreshAndDisabledOnesNot() throws Exception {
        refresher.refresh(new RefreshRequest("reports", Set.of(fresh), false, false,
                RefreshTrigger.user("it"), null, Duration.ofMinutes(1), Duration.ofMinutes(1)));
        asAdmin.call(() -> {
            schedules.setEnabled(off, false);
            return null;
        });

        long execution = scheduler.tick().orElseThrow();
        assertEquals(BatchStatus.COMPLETED, awaitEnd(execution));
        List<Object> planned = db.rows("SELECT view_name FROM app.refresh_job_views WHERE execution_id = "
                + execution).stream().map(r -> r.get("view_name")).toList();
        assertTrue(planned.contains(due), planned.toString());
        assertTrue(planned.contains(race), planned.toString());
        assertFalse(planned.contains(fresh), "refreshed within its interval: " + planned);
        assertFalse(planned.contains(off), "its schedule is disabled: " + planned);
        assertEquals(List.of("SCHEDULE"), db.rows("SELECT trigger_kind FROM app.refresh_log WHERE view_name = '" + due
                + "' AND job_execution_id = " + execution).stream()
                .map(r -> r.get("trigger_kind")).toList());

        Optional<Long> again = scheduler.tick();
        if (again.isPresent()) {
            awaitEnd(again.get());
            assertFalse(db.rows("SELECT view_name FROM app.refresh_job_views WHERE execution_id = " + again.get())
                    .stream().anyMatch(r -> Set.of(due, fresh, off, race).contains(r.get("view_name"))),
                    "nothing of this test is due right after its refresh");
        }
    }

    @Test
    void twoNodesTickingAtOnceStartADueReportOnce() throws Exception {
        Future<Optional<Long>> first = executor.submit(() -> scheduler.tick());
        Future<Optional<Long>> second = executor.submit(() -> scheduler.tick());
        for (Optional<Long> execution : List.of(first.get(), second.get())) {
            if (execution.isPresent()) {
                awaitEnd(execution.get());
            }
        }
        assertEquals(1L, db.longValue("SELECT count(*) FROM app.schedule_claims WHERE view_name = '" + race + "'"));
        assertEquals(1L, db.longValue("SELECT count(*) FROM app.refresh_log WHERE view_name = '" + race + "'"
                + " AND outcome = 'SUCCEEDED' AND trigger_kind = 'SCHEDULE'"));
    }

    @Test
    void theGlobalSwitchStopsAllScheduling() throws Exception {
        asAdmin.call(() -> {
            schedules.setSchedulerEnabled(false);
            return null;
        });
        assertEquals(Optional.empty(), scheduler.tick());
        assertEquals(0L, db.longValue("SELECT count(*) FROM app.schedule_claims WHERE view_name IN ('" + due + "', '"
                + race + "')"));
    }

    private static BatchStatus awaitEnd(long execution) throws Exception {
        return TestDatabase.awaitJobEnd(execution, Duration.ofMinutes(3));
    }
}
