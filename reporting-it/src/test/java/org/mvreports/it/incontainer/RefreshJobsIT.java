package org.mvreports.it.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.EJBAccessException;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mvreports.definition.entity.UnknownReportException;
import org.mvreports.history.entity.RefreshTrigger;
import org.mvreports.it.Await;
import org.mvreports.refresh.job.boundary.RefreshJobs;
import org.mvreports.refresh.job.control.RefreshJobLauncher;
import org.mvreports.refresh.job.control.StaleJobRecovery;
import org.mvreports.refresh.job.entity.ExecutionStateException;
import org.mvreports.refresh.job.entity.RefreshJobParameters;
import org.mvreports.refresh.job.entity.RefreshJobStatus;
import org.mvreports.refresh.job.entity.UnknownExecutionException;
import org.mvreports.refresh.job.entity.ViewProgress;
import org.mvreports.refresh.job.entity.ViewState;

/**
 * The refresh-reports job on the real batch runtime: dependency order with parallelism, restart from the failed
 * view, job operations and their errors. The test's own views live in the report schema (the job refreshes that
 * schema) under {@code it_job_} names and are dropped afterwards.
 */
@ExtendWith(ArquillianExtension.class)
class RefreshJobsIT {

    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @Deployment
    static WebArchive deployment() {
        return InContainerDeployment.withBusinessModule("refresh-jobs-it").addClass(RefreshJobsIT.class);
    }

    @Inject
    RefreshJobs jobs;

    @Inject
    RefreshJobLauncher launcher;

    @Inject
    RunAsRefreshAdmin asAdmin;

    @Inject
    RunAsReportViewer asViewer;

    @Inject
    StaleJobRecovery recovery;

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    private TestDatabase db;

    @BeforeEach
    void views() throws SQLException {
        db = new TestDatabase(dataSource);
        dropTestObjects();
        db.execute("CREATE SCHEMA it_jobs",
                "CREATE TABLE it_jobs.divisor (d int NOT NULL)",
                "INSERT INTO it_jobs.divisor VALUES (0)",
                "CREATE MATERIALIZED VIEW reports.it_job_a AS SELECT g AS id FROM generate_series(1, 3) g WITH NO DATA",
                "CREATE UNIQUE INDEX it_job_a_id ON reports.it_job_a (id)",
                """
                CREATE MATERIALIZED VIEW reports.it_job_b AS
                SELECT a.id, 100 / (SELECT min(d) FROM it_jobs.divisor) AS q FROM reports.it_job_a a WITH NO DATA""",
                "CREATE UNIQUE INDEX it_job_b_id ON reports.it_job_b (id)",
                "CREATE MATERIALIZED VIEW reports.it_job_c AS SELECT id, q FROM reports.it_job_b WITH NO DATA",
                "CREATE UNIQUE INDEX it_job_c_id ON reports.it_job_c (id)");
        for (String slow : List.of("x", "y", "z")) {
            db.execute("CREATE MATERIALIZED VIEW reports.it_job_slow_" + slow + " AS SELECT g AS id"
                    + " FROM generate_series(1, 2) g, LATERAL (SELECT pg_sleep(0.4)) pause WITH NO DATA");
        }
    }

    @AfterEach
    void dropTestObjects() throws SQLException {
        db.execute("DROP MATERIALIZED VIEW IF EXISTS reports.it_job_c, reports.it_job_b, reports.it_job_a,"
                        + " reports.it_job_slow_x, reports.it_job_slow_y, reports.it_job_slow_z",
                "DROP SCHEMA IF EXISTS it_jobs CASCADE");
    }

    @Test
    void restartResumesAtTheFailedViewAndDoesNotRedoFinishedOnes() throws Exception {
        long first = asAdmin.call(() -> jobs.start(Set.of("it_job_a"), true, false, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.FAILED, awaitEnd(first));
        assertEquals(List.of("it_job_a:SUCCEEDED", "it_job_b:FAILED", "it_job_c:SKIPPED_UPSTREAM_FAILED"),
                logOf(first));
        RefreshJobStatus failed = asAdmin.call(() -> jobs.status(first));
        assertEquals(List.of("it_job_a:DONE", "it_job_b:FAILED", "it_job_c:SKIPPED"),
                failed.views().stream().map(v -> v.view() + ":" + v.state()).toList());

        // Restarted before the cause is fixed: fails at the same view, and its own restart still skips it_job_a.
        long again = asAdmin.call(() -> jobs.restart(first, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.FAILED, awaitEnd(again));
        assertEquals(List.of("it_job_b:FAILED", "it_job_c:SKIPPED_UPSTREAM_FAILED"), logOf(again));

        db.execute("UPDATE it_jobs.divisor SET d = 4"); // fix the cause
        long restarted = asAdmin.call(() -> jobs.restart(again, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.COMPLETED, awaitEnd(restarted));
        assertEquals(List.of("it_job_b:SUCCEEDED", "it_job_c:SUCCEEDED"), logOf(restarted),
                "the restart refreshed exactly the failed view and the one skipped because of it");
        assertEquals(25L, db.longValue("SELECT min(q) FROM reports.it_job_c"));
        RefreshJobStatus done = asAdmin.call(() -> jobs.status(restarted));
        assertEquals(BatchStatus.COMPLETED, done.batchStatus());
        assertEquals(again, done.resumes());
        assertEquals(RefreshTrigger.Kind.USER, done.request().trigger().kind());
        assertEquals(Set.of("it_job_a"), done.request().views(), "the request of the execution it resumes");
        ViewProgress a = done.views().get(0);
        assertEquals("it_job_a", a.view());
        assertEquals(ViewState.DONE, a.state());
        assertEquals(first, a.doneInExecution(), "done by the first execution, two restarts earlier");
        assertEquals(again, asAdmin.call(() -> jobs.status(first)).restartedAs());
        assertEquals(restarted, asAdmin.call(() -> jobs.status(again)).restartedAs());
    }

    @Test
    void aViewRedefinedSinceTheFailureIsRefreshedAgainByTheRestart() throws Exception {
        long first = asAdmin.call(() -> jobs.start(Set.of("it_job_a"), true, false, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.FAILED, awaitEnd(first));
        assertEquals(ViewState.DONE, asAdmin.call(() -> jobs.status(first)).views().get(0).state());

        // What a migration does to change a view: drop it (and what reads it) and create it again.
        dropTestObjects();
        views();
        db.execute("UPDATE it_jobs.divisor SET d = 2");
        long restarted = asAdmin.call(() -> jobs.restart(first, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.COMPLETED, awaitEnd(restarted));
        assertEquals(List.of("it_job_a:SUCCEEDED", "it_job_b:SUCCEEDED", "it_job_c:SUCCEEDED"), logOf(restarted),
                "it_job_a, finished by the first execution, is another view now and populated again");
        assertEquals(50L, db.longValue("SELECT min(q) FROM reports.it_job_c"));
    }

    @Test
    void anExecutionIsRestartedOnceAndAnAbandonedOneNever() throws Exception {
        long first = asAdmin.call(() -> jobs.start(Set.of("it_job_a"), true, false, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.FAILED, awaitEnd(first));
        long restarted = asAdmin.call(() -> jobs.restart(first, RefreshJobs.Channel.CONSOLE));
        ExecutionStateException twice = assertThrows(ExecutionStateException.class,
                () -> asAdmin.call(() -> jobs.restart(first, RefreshJobs.Channel.CONSOLE)));
        assertTrue(twice.getMessage().contains("as execution " + restarted), twice.getMessage());
        ExecutionStateException abandonRestarted = assertThrows(ExecutionStateException.class,
                () -> asAdmin.run(() -> jobs.abandon(first)));
        assertTrue(abandonRestarted.getMessage().contains("restarted as execution " + restarted + "; abandon that"),
                abandonRestarted.getMessage());
        assertEquals(BatchStatus.FAILED, awaitEnd(restarted));

        // A claim whose node died before the new execution started blocks a minute, then can be taken again.
        db.execute("UPDATE app.refresh_job_restarts SET restarted_as = NULL WHERE restarted_execution_id = " + first);
        assertThrows(ExecutionStateException.class, () -> asAdmin.call(() -> jobs.restart(first, RefreshJobs.Channel.CONSOLE)));
        db.execute("UPDATE app.refresh_job_restarts SET requested_at = now() - interval '2 minutes'"
                + " WHERE restarted_execution_id = " + first);
        long retaken = asAdmin.call(() -> jobs.restart(first, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.FAILED, awaitEnd(retaken));

        asAdmin.run(() -> jobs.abandon(retaken));
        assertEquals(BatchStatus.ABANDONED, asAdmin.call(() -> jobs.status(retaken)).batchStatus());
        ExecutionStateException abandoned = assertThrows(ExecutionStateException.class,
                () -> asAdmin.call(() -> jobs.restart(retaken, RefreshJobs.Channel.CONSOLE)));
        assertTrue(abandoned.getMessage().contains("ABANDONED"), abandoned.getMessage());
        assertThrows(ExecutionStateException.class, () -> asAdmin.run(() -> jobs.abandon(retaken)));

        // A view the request named was dropped since: the restart says so, and the execution stays restartable.
        db.execute("DROP MATERIALIZED VIEW reports.it_job_c, reports.it_job_b, reports.it_job_a");
        ExecutionStateException gone = assertThrows(ExecutionStateException.class,
                () -> asAdmin.call(() -> jobs.restart(restarted, RefreshJobs.Channel.CONSOLE)));
        assertTrue(gone.getMessage().contains("it_job_a"), gone.getMessage());
        assertEquals(0L, db.longValue("SELECT count(*) FROM app.refresh_job_restarts WHERE restarted_execution_id = "
                + restarted), "the claim was given back");
    }

    @Test
    void aRestartThatRunsAfterAnotherRestartOfTheSameExecutionTookOverDoesNothing() throws Exception {
        long first = asAdmin.call(() -> jobs.start(Set.of("it_job_a"), true, false, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.FAILED, awaitEnd(first));
        // Its claim was taken again (it waited over a minute for a thread) and the other restart linked first.
        long other = first + 1_000_000_000L;
        db.execute("INSERT INTO app.refresh_job_restarts (restarted_execution_id, restarted_as, requested_by)"
                + " VALUES (" + first + ", " + other + ", 'other admin')");
        db.execute("UPDATE it_jobs.divisor SET d = 4");
        long late = launcher.start(RefreshJobParameters.request(Set.of("it_job_a"), null, null,
                RefreshTrigger.user("it")).resuming(first, RefreshTrigger.user("it")));
        assertEquals(BatchStatus.COMPLETED, awaitEnd(late));
        RefreshJobStatus status = asAdmin.call(() -> jobs.status(late));
        assertTrue(status.exitStatus().startsWith("SUPERSEDED: execution " + first
                + " was restarted as execution " + other), status.exitStatus());
        assertEquals(List.of(), logOf(late), "it refreshed nothing");
        assertEquals(List.of(), status.views());
    }

    @Test
    void independentViewsRunInParallelUpToTheLimitAndNeverBeforeTheirUpstream() throws Exception {
        db.execute("UPDATE it_jobs.divisor SET d = 1");
        long execution = asAdmin.call(() -> jobs.start(
                Set.of("it_job_a", "it_job_slow_x", "it_job_slow_y", "it_job_slow_z"), true, true, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.COMPLETED, awaitEnd(execution));
        Map<String, Map<String, Object>> rows = db.rows("""
                SELECT view_name, outcome, started_at, finished_at FROM app.refresh_log
                WHERE job_execution_id = %d""".formatted(execution)).stream()
                .collect(Collectors.toMap(r -> (String) r.get("view_name"), r -> r));
        assertEquals(Set.of("it_job_a", "it_job_b", "it_job_c", "it_job_slow_x", "it_job_slow_y", "it_job_slow_z"),
                rows.keySet(), "each view exactly once");
        assertTrue(rows.values().stream().allMatch(r -> "SUCCEEDED".equals(r.get("outcome"))), rows.toString());
        assertTrue(!end(rows, "it_job_a").after(start(rows, "it_job_b")), "a before b");
        assertTrue(!end(rows, "it_job_b").after(start(rows, "it_job_c")), "b before c");

        List<String> slow = List.of("it_job_slow_x", "it_job_slow_y", "it_job_slow_z");
        int overlapping = 0;
        for (int i = 0; i < slow.size(); i++) {
            for (int j = i + 1; j < slow.size(); j++) {
                if (start(rows, slow.get(i)).before(end(rows, slow.get(j)))
                        && start(rows, slow.get(j)).before(end(rows, slow.get(i)))) {
                    overlapping++;
                }
            }
        }
        assertTrue(overlapping >= 1, "independent slow views ran at the same time");
        assertTrue(overlapping < 3, "never three at once with parallelism 2");
    }

    @Test
    void anExecutionLeftRunningByADeadNodeIsFailedAndThenRestarts() throws Exception {
        long first = asAdmin.call(() -> jobs.start(Set.of("it_job_a"), true, false, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.FAILED, awaitEnd(first));
        // Simulate a node that died in the middle of the run: the repository still says STARTED.
        db.execute("UPDATE app.executioninstancedata SET batchstatus = 'STARTED', endtime = NULL WHERE jobexecid = "
                        + first,
                "UPDATE app.refresh_job_runs SET node_name = 'live-node', heartbeat_at = now() WHERE execution_id = "
                        + first);
        assertEquals(BatchStatus.STARTED, asAdmin.call(() -> jobs.status(first)).batchStatus());
        assertThrows(ExecutionStateException.class, () -> asAdmin.call(() -> jobs.restart(first, RefreshJobs.Channel.CONSOLE)));
        assertEquals(List.of(), recovery.recover(true), "a node that shows life recently is left alone");

        db.execute("UPDATE app.refresh_job_runs SET node_name = 'dead-node', heartbeat_at = now() - interval '2 hours'"
                + " WHERE execution_id = " + first);
        assertEquals(List.of(first), recovery.recover(false));
        assertEquals(BatchStatus.FAILED, asAdmin.call(() -> jobs.status(first)).batchStatus());

        db.execute("UPDATE it_jobs.divisor SET d = 5");
        long restarted = asAdmin.call(() -> jobs.restart(first, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.COMPLETED, awaitEnd(restarted));
        assertEquals(List.of("it_job_b:SUCCEEDED", "it_job_c:SUCCEEDED"), logOf(restarted));
    }

    @Test
    void ownExecutionsCountAsDeadOnlyWhileTheNodeStartsAndUnregisteredOnesByTheirLastUpdate() throws Exception {
        long execution = asAdmin.call(() -> jobs.start(Set.of("it_job_a"), false, false, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.COMPLETED, awaitEnd(execution));
        String looksRunning = "UPDATE app.executioninstancedata SET batchstatus = 'STARTED', endtime = NULL,"
                + " updatetime = now() WHERE jobexecid = " + execution;
        db.execute(looksRunning, "UPDATE app.refresh_job_runs SET node_name = 'it-node', heartbeat_at = now()"
                + " WHERE execution_id = " + execution);
        assertEquals(List.of(), recovery.recover(false), "a running node's own executions are alive");
        assertEquals(List.of(execution), recovery.recover(true), "a starting node's own executions are dead");

        // Its node died before the job registered: nothing but the batch repository's last update to go by.
        db.execute(looksRunning, "DELETE FROM app.refresh_job_runs WHERE execution_id = " + execution);
        assertEquals(List.of(), recovery.recover(false), "updated recently");
        db.execute("UPDATE app.executioninstancedata SET updatetime = now() - interval '3 days' WHERE jobexecid = "
                + execution);
        assertEquals(List.of(execution), recovery.recover(false));
        assertEquals(BatchStatus.FAILED, asAdmin.call(() -> jobs.status(execution)).batchStatus());
    }

    @Test
    void aStopAskedForOnAnotherNodeStopsAtTheNextViewAndTheRestartDoesTheRest() throws Exception {
        long execution = asAdmin.call(() -> jobs.start(
                Set.of("it_job_slow_x", "it_job_slow_y", "it_job_slow_z"), false, true, RefreshJobs.Channel.CONSOLE));
        Await.value("two slow views to run at once", DEADLINE,
                () -> asAdmin.call(() -> jobs.status(execution)).views(),
                views -> views.stream().filter(v -> v.state() == ViewState.RUNNING).count() >= 2);
        // What RefreshJobs.stop writes when the execution runs on another node.
        db.execute("UPDATE app.refresh_job_runs SET stop_requested = true WHERE execution_id = " + execution);

        assertEquals(BatchStatus.STOPPED, awaitEnd(execution));
        List<String> states = asAdmin.call(() -> jobs.status(execution)).views().stream()
                .map(v -> v.state().name()).sorted().toList();
        assertEquals(List.of("DONE", "DONE", "PENDING"), states, "the two running views finished, none started");
        long restarted = asAdmin.call(() -> jobs.restart(execution, RefreshJobs.Channel.CONSOLE));
        assertEquals(BatchStatus.COMPLETED, awaitEnd(restarted));
        assertEquals(1, logOf(restarted).size(), "the restart refreshed only the view that had not started");
    }

    /**
     * The batch runtime sets {@code search_path} on the connections of its job repository and never resets it; on a
     * shared pool the engine got such connections at random, and views over {@code public} looked redefined. The
     * repository has a pool of its own now: after jobs, every connection of the application's pool (those the jobs'
     * views used and fresh ones) still has the path the database gives the role.
     */
    @Test
    void afterJobsEveryApplicationConnectionHasTheDatabasesOwnSearchPath() throws Exception {
        for (int i = 0; i < 3; i++) {
            long execution = asAdmin.call(() -> jobs.start(Set.of("it_job_a", "it_job_slow_x"), false, true, RefreshJobs.Channel.CONSOLE));
            assertEquals(BatchStatus.COMPLETED, awaitEnd(execution));
        }
        List<Connection> borrowed = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                borrowed.add(dataSource.getConnection());
            }
            for (Connection connection : borrowed) {
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("""
                             SELECT current_setting('search_path'), reset_val
                             FROM pg_settings WHERE name = 'search_path'""")) {
                    rs.next();
                    assertEquals(rs.getString(2), rs.getString(1), "a pooled connection's search_path");
                }
            }
        } finally {
            for (Connection connection : borrowed) {
                connection.close();
            }
        }
    }

    @Test
    void errorsAndRoles() throws Exception {
        UnknownReportException unknown = assertThrows(UnknownReportException.class,
                () -> asAdmin.call(() -> jobs.start(Set.of("it_job_a", "nope"), true, false, RefreshJobs.Channel.CONSOLE)));
        assertEquals(List.of("nope"), unknown.details());
        assertThrows(UnknownExecutionException.class, () -> asAdmin.call(() -> jobs.status(987654321L)));
        assertThrows(EJBAccessException.class, () -> asViewer.call(() -> jobs.start(Set.of(), true, false, RefreshJobs.Channel.CONSOLE)));
        assertThrows(EJBAccessException.class, () -> jobs.status(1));

        long running = asAdmin.call(() -> jobs.start(Set.of("it_job_slow_x"), false, true, RefreshJobs.Channel.CONSOLE));
        assertThrows(ExecutionStateException.class, () -> asAdmin.call(() -> jobs.restart(running, RefreshJobs.Channel.CONSOLE)));
        ExecutionStateException abandonRunning = assertThrows(ExecutionStateException.class,
                () -> asAdmin.run(() -> jobs.abandon(running)));
        assertTrue(abandonRunning.getMessage().contains("stop it first"), abandonRunning.getMessage());
        assertEquals(BatchStatus.COMPLETED, awaitEnd(running));
        assertThrows(ExecutionStateException.class, () -> asAdmin.call(() -> jobs.restart(running, RefreshJobs.Channel.CONSOLE)));
        assertThrows(ExecutionStateException.class, () -> asAdmin.run(() -> jobs.stop(running)));
        assertThrows(ExecutionStateException.class, () -> asAdmin.run(() -> jobs.abandon(running)));
        assertThrows(UnknownExecutionException.class, () -> asAdmin.call(() -> jobs.restart(987654321L, RefreshJobs.Channel.CONSOLE)));
        assertThrows(UnknownExecutionException.class, () -> asAdmin.run(() -> jobs.abandon(987654321L)));
    }

    private static BatchStatus awaitEnd(long execution) throws Exception {
        return TestDatabase.awaitJobEnd(execution, DEADLINE);
    }

    private List<String> logOf(long execution) throws SQLException {
        return db.rows("""
                SELECT view_name, outcome FROM app.refresh_log
                WHERE job_execution_id = %d
                ORDER BY id""".formatted(execution)).stream()
                .map(r -> r.get("view_name") + ":" + r.get("outcome")).toList();
    }

    private static Timestamp start(Map<String, Map<String, Object>> rows, String view) {
        return (Timestamp) rows.get(view).get("started_at");
    }

    private static Timestamp end(Map<String, Map<String, Object>> rows, String view) {
        return (Timestamp) rows.get(view).get("finished_at");
    }
}
