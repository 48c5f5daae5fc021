package org.mvreports.it.incontainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mvreports.definition.control.PostgresCatalog;
import org.mvreports.definition.entity.MaterializedView;
import org.mvreports.definition.entity.UnknownReportException;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.history.entity.RefreshTrigger;
import org.mvreports.it.Await;
import org.mvreports.refresh.control.ViewRefresher;
import org.mvreports.refresh.entity.RefreshRequest;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The refresh engine against the real PostgreSQL, in the server, on views of a schema of its own
 * ({@value #SCHEMA}, rebuilt before each test) so the demo reports are untouched. Each test asserts the exact
 * outcomes and the refresh log rows.
 */
@ExtendWith(ArquillianExtension.class)
class RefreshEngineIT {

    static final String SCHEMA = "it_engine";
    private static final Duration GENEROUS = Duration.ofMinutes(2);

    @Deployment
    static WebArchive deployment() {
        return InContainerDeployment.withBusinessModule("refresh-engine-it").addClass(RefreshEngineIT.class);
    }

    @Inject
    ViewRefresher refresher;

    @Inject
    PostgresCatalog catalog;

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    private TestDatabase db;

    /** The refresh log is append-only: each test reads only the rows after this id. */
    private long logBefore;

    @BeforeEach
    void freshSchema() throws SQLException {
        db = new TestDatabase(dataSource);
        logBefore = db.longValue("SELECT coalesce(max(id), 0) FROM app.refresh_log");
        db.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE",
                "CREATE SCHEMA " + SCHEMA,
                "CREATE TABLE it_engine.orders (id int PRIMARY KEY, amount int NOT NULL)",
                "INSERT INTO it_engine.orders VALUES (1, 10), (2, 20)",
                // one row: how many orders, their sum; unique index on a constant key
                """
                CREATE MATERIALIZED VIEW it_engine.totals AS
                SELECT 1 AS k, count(*) AS orders, coalesce(sum(amount), 0) AS amount
                FROM it_engine.orders
                WITH NO DATA""",
                "CREATE UNIQUE INDEX totals_k ON it_engine.totals (k)",
                // two levels above the table
                """
                CREATE MATERIALIZED VIEW it_engine.totals_report AS
                SELECT k, orders, amount, amount * 2 AS doubled FROM it_engine.totals
                WITH NO DATA""",
                "CREATE UNIQUE INDEX totals_report_k ON it_engine.totals_report (k)",
                // unrelated to orders
                """
                CREATE MATERIALIZED VIEW it_engine.numbers AS
                SELECT g AS n FROM generate_series(1, 3) g
                WITH NO DATA""",
                "CREATE UNIQUE INDEX numbers_n ON it_engine.numbers (n)");
    }

    @Test
    void firstPopulationIsPlainThenConcurrent() throws Exception {
        Map<String, RefreshResult> first = refresh(Set.of(), false);
        assertOutcome(first, "totals", RefreshOutcome.SUCCEEDED, "PLAIN");
        assertOutcome(first, "totals_report", RefreshOutcome.SUCCEEDED, "PLAIN");
        assertEquals(1L, first.get("totals").rowCount());
        assertEquals(2L, db.longValue("SELECT orders FROM it_engine.totals"));

        Map<String, RefreshResult> forced = refresh(Set.of(), true);
        assertOutcome(forced, "totals", RefreshOutcome.SUCCEEDED, "CONCURRENT");
        assertOutcome(forced, "totals_report", RefreshOutcome.SUCCEEDED, "CONCURRENT");

        List<Map<String, Object>> log = log();
        assertEquals(List.of("totals:SUCCEEDED:PLAIN:false", "totals_report:SUCCEEDED:PLAIN:false",
                        "totals:SUCCEEDED:CONCURRENT:true", "totals_report:SUCCEEDED:CONCURRENT:true"),
                log.stream().filter(r -> !r.get("view_name").equals("numbers"))
                        .map(r -> r.get("view_name") + ":" + r.get("outcome") + ":" + r.get("mode") + ":"
                                + r.get("forced"))
                        .toList());
        for (Map<String, Object> row : log) {
            assertEquals("USER", row.get("trigger_kind"));
            assertEquals("it-tester", row.get("triggered_by"));
            assertEquals(row.get("view_name").equals("numbers") ? 3L : 1L, row.get("row_count"), row.toString());
            assertTrue(row.get("source_snapshot") != null, "a success records its snapshot: " + row);
        }
    }

    @Test
    void viewWithoutAQualifyingIndexIsRefreshedPlainAndFlagged() throws Exception {
        db.execute("CREATE MATERIALIZED VIEW it_engine.partial AS SELECT id, amount FROM it_engine.orders",
                "CREATE UNIQUE INDEX partial_big ON it_engine.partial (id) WHERE amount > 15",
                "CREATE MATERIALIZED VIEW it_engine.expression AS SELECT id, amount FROM it_engine.orders",
                "CREATE UNIQUE INDEX expression_neg ON it_engine.expression ((-id))",
                "CREATE MATERIALIZED VIEW it_engine.no_index AS SELECT id FROM it_engine.orders");
        Map<String, MaterializedView> views = catalog();
        assertFalse(views.get("partial").concurrentCapable(), "a partial index does not qualify");
        assertFalse(views.get("expression").concurrentCapable(), "an expression index does not qualify");
        assertFalse(views.get("no_index").concurrentCapable());
        assertTrue(views.get("totals").concurrentCapable());
        assertTrue(views.get("partial").populated(), "created WITH DATA");

        Map<String, RefreshResult> results = refresh(Set.of("partial", "expression", "no_index"), true);
        for (String view : List.of("partial", "expression", "no_index")) {
            assertOutcome(results, view, RefreshOutcome.SUCCEEDED, "PLAIN");
        }
    }

    @Test
    void catalogSeesColumnsAndSourcesThroughPlainViews() throws Exception {
        db.execute("CREATE VIEW it_engine.big_orders AS SELECT * FROM it_engine.orders WHERE amount > 15",
                "CREATE MATERIALIZED VIEW it_engine.big AS SELECT count(*) AS n FROM it_engine.big_orders");
        Map<String, MaterializedView> views = catalog();
        assertEquals(List.of("it_engine.orders:TABLE"), sources(views.get("big")));
        assertEquals(List.of("it_engine.totals:MATERIALIZED_VIEW"), sources(views.get("totals_report")));
        assertEquals(List.of("k:integer", "orders:bigint", "amount:bigint", "doubled:bigint"),
                views.get("totals_report").columns().stream().map(c -> c.name() + ":" + c.type()).toList());
        assertFalse(views.get("totals").populated());
    }

    @Test
    void failingViewKeepsItsRowsLogsTheSqlStateSkipsDependentsAndOthersGoOn() throws Exception {
        db.execute("CREATE TABLE it_engine.divisors (d int NOT NULL)",
                "INSERT INTO it_engine.divisors VALUES (5)",
                "CREATE MATERIALIZED VIEW it_engine.ratios AS SELECT 1 AS k, 100 / min(d) AS q FROM it_engine.divisors",
                "CREATE UNIQUE INDEX ratios_k ON it_engine.ratios (k)",
                "CREATE MATERIALIZED VIEW it_engine.ratio_report AS SELECT k, q * 2 AS q2 FROM it_engine.ratios",
                "CREATE UNIQUE INDEX ratio_report_k ON it_engine.ratio_report (k)",
                "INSERT INTO it_engine.divisors VALUES (0)");
        Map<String, RefreshResult> results = refresh(Set.of(), true);

        RefreshResult failed = results.get("ratios");
        assertEquals(RefreshOutcome.FAILED, failed.outcome());
        assertEquals("22012", failed.sqlState(), "division_by_zero");
        assertTrue(failed.errorMessage().contains("division by zero"), failed.errorMessage());
        assertEquals(20L, db.longValue("SELECT q FROM it_engine.ratios"), "the old rows stay");
        assertEquals(RefreshOutcome.SKIPPED_UPSTREAM_FAILED, results.get("ratio_report").outcome());
        assertEquals(RefreshOutcome.SUCCEEDED, results.get("numbers").outcome());
        assertEquals(RefreshOutcome.SUCCEEDED, results.get("totals").outcome());

        Map<String, Map<String, Object>> log = log().stream()
                .collect(Collectors.toMap(r -> (String) r.get("view_name"), r -> r));
        assertEquals("22012", log.get("ratios").get("sql_state"));
        assertEquals("FAILED", log.get("ratios").get("outcome"));
        assertNull(log.get("ratios").get("row_count"));
        assertEquals("SKIPPED_UPSTREAM_FAILED", log.get("ratio_report").get("outcome"));
        assertEquals("it_engine.ratios", log.get("ratio_report").get("upstream_view"));
    }

    @Test
    void readersAreNeverBlockedByAConcurrentRefresh() throws Exception {
        slowView();
        Future<Map<String, RefreshResult>> refresh = executor.submit(() -> refresh(Set.of("slow"), true));
        awaitRefreshRunning("REFRESH MATERIALIZED VIEW CONCURRENTLY");
        for (int i = 0; i < 5; i++) {
            assertEquals(6L, db.longValue("SELECT count(*) FROM it_engine.slow"));
            assertFalse(refresh.isDone(), "read " + i + " returned while the refresh was still running");
        }
        assertOutcome(refresh.get(), "slow", RefreshOutcome.SUCCEEDED, "CONCURRENT");
    }

    @Test
    void twoSimultaneousRefreshesOfOneViewGiveOneRefreshAndOneSkippedBusy() throws Exception {
        slowView();
        Future<Map<String, RefreshResult>> first = executor.submit(() -> refresh(Set.of("slow"), true));
        awaitRefreshRunning("REFRESH MATERIALIZED VIEW CONCURRENTLY");
        Map<String, RefreshResult> second = refresh(Set.of("slow"), true);
        assertEquals(RefreshOutcome.SKIPPED_BUSY, second.get("slow").outcome());
        assertOutcome(first.get(), "slow", RefreshOutcome.SUCCEEDED, "CONCURRENT");
        // The busy attempt gave up at once, so its row was committed first.
        assertEquals(List.of("SKIPPED_BUSY", "SUCCEEDED"), log().stream()
                .filter(r -> r.get("view_name").equals("slow")).map(r -> r.get("outcome")).toList());
    }

    @Test
    void statementTimeoutAndLockTimeoutAreLoggedFailuresAndKeepTheOldRows() throws Exception {
        slowView();
        RefreshResult timedOut = refresher.refresh(new RefreshRequest(SCHEMA, Set.of("slow"), false, true,
                RefreshTrigger.user("it-tester"), null, Duration.ofMillis(300), GENEROUS)).get(0);
        assertEquals(RefreshOutcome.FAILED, timedOut.outcome());
        assertEquals("57014", timedOut.sqlState(), timedOut.errorMessage());
        assertEquals(6L, db.longValue("SELECT count(*) FROM it_engine.slow"));

        db.execute("CREATE MATERIALIZED VIEW it_engine.plain_only AS SELECT id FROM it_engine.orders");
        try (Connection reader = dataSource.getConnection()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.execute("SELECT count(*) FROM it_engine.plain_only"); // holds ACCESS SHARE until commit
                RefreshResult lockTimedOut = refresher.refresh(new RefreshRequest(SCHEMA, Set.of("plain_only"),
                        false, true, RefreshTrigger.user("it-tester"), null, GENEROUS, Duration.ofMillis(300)))
                        .get(0);
                assertEquals(RefreshOutcome.FAILED, lockTimedOut.outcome());
                assertEquals("55P03", lockTimedOut.sqlState(), lockTimedOut.errorMessage());
            } finally {
                reader.rollback();
                reader.setAutoCommit(true);
            }
        }
        assertEquals(List.of("57014", "55P03"), log().stream()
                .filter(r -> "FAILED".equals(r.get("outcome"))).map(r -> r.get("sql_state")).toList());
    }

    @Test
    void cancelledRefreshIsALoggedFailureAndKeepsTheOldRows() throws Exception {
        slowView();
        Future<Map<String, RefreshResult>> refresh = executor.submit(() -> refresh(Set.of("slow"), true));
        awaitRefreshRunning("REFRESH MATERIALIZED VIEW CONCURRENTLY");
        assertEquals(1L, db.longValue("""
                SELECT count(*) FILTER (WHERE pg_cancel_backend(pid))
                FROM pg_stat_activity
                WHERE state = 'active' AND query LIKE 'REFRESH MATERIALIZED VIEW CONCURRENTLY%'"""));
        RefreshResult cancelled = refresh.get().get("slow");
        assertEquals(RefreshOutcome.FAILED, cancelled.outcome());
        assertEquals("57014", cancelled.sqlState(), cancelled.errorMessage());
        assertEquals(6L, db.longValue("SELECT count(*) FROM it_engine.slow"));
        assertEquals(List.of("FAILED:57014"), log().stream()
                .map(r -> r.get("outcome") + ":" + r.get("sql_state")).toList());
    }

    @Test
    void everyKindOfSourceChangeCausesARefreshAndNoChangeCausesASkip() throws Exception {
        refresh(Set.of(), false);
        assertUnchanged();

        db.execute("INSERT INTO it_engine.orders VALUES (3, 30)");
        assertRefreshedTo(3, 60);
        assertUnchanged();

        db.execute("UPDATE it_engine.orders SET amount = amount + 1 WHERE id = 1");
        assertRefreshedTo(3, 61);

        db.execute("DELETE FROM it_engine.orders WHERE id = 2");
        assertRefreshedTo(2, 41);

        db.execute("TRUNCATE it_engine.orders");
        assertRefreshedTo(0, 0);

        try (Connection direct = db.directConnection()) {
            new CopyManager(direct.unwrap(BaseConnection.class))
                    .copyIn("COPY it_engine.orders FROM STDIN (FORMAT csv)", new StringReader("7,70\n8,80\n"));
        }
        assertRefreshedTo(2, 150);
        assertUnchanged();

        // Statement-level triggers fire even when no row matched: one refresh too many, never one too few.
        db.execute("UPDATE it_engine.orders SET amount = amount WHERE id = -1");
        assertRefreshedTo(2, 150);

        Map<String, RefreshResult> forced = refresh(Set.of(), true);
        assertOutcome(forced, "totals", RefreshOutcome.SUCCEEDED, "CONCURRENT");
        assertOutcome(forced, "totals_report", RefreshOutcome.SUCCEEDED, "CONCURRENT");
    }

    @Test
    void aWriterCommittingAfterTheRefreshSnapshotCausesTheNextRefresh() throws Exception {
        refresh(Set.of(), false);
        try (Connection writer = dataSource.getConnection()) {
            writer.setAutoCommit(false);
            try (Statement statement = writer.createStatement()) {
                statement.execute("INSERT INTO it_engine.orders VALUES (9, 90)"); // in flight during the refresh
                Map<String, RefreshResult> during = refresh(Set.of("totals"), false);
                // The uncommitted change is invisible: whether it refreshes or not, it cannot contain order 9.
                assertTrue(during.get("totals").outcome() != RefreshOutcome.FAILED);
                writer.commit();
            } finally {
                writer.setAutoCommit(true);
            }
        }
        assertRefreshedTo(3, 120);
    }

    @Test
    void aChangedDefinitionIsRefreshedEvenWithUnchangedSourcesAndEveryAttemptLogsTheDefinitionItRead()
            throws Exception {
        refresh(Set.of("totals"), false);
        assertOutcome(refresh(Set.of("totals"), false), "totals", RefreshOutcome.SKIPPED_UNCHANGED, null);
        // A migration replaces the view (same name, populated, new SQL); the table it reads does not change.
        db.execute("DROP MATERIALIZED VIEW it_engine.totals CASCADE",
                "CREATE MATERIALIZED VIEW it_engine.totals AS SELECT 1 AS k, count(*) AS orders,"
                        + " coalesce(sum(amount), 0) + 0 AS amount FROM it_engine.orders",
                "CREATE UNIQUE INDEX totals_k ON it_engine.totals (k)");
        assertOutcome(refresh(Set.of("totals"), false), "totals", RefreshOutcome.SUCCEEDED, "CONCURRENT");
        db.execute("UPDATE it_engine.orders SET amount = 0 WHERE id = 1",
                "DROP MATERIALIZED VIEW it_engine.totals",
                "CREATE MATERIALIZED VIEW it_engine.totals AS SELECT 1 AS k, count(*) AS orders,"
                        + " sum(100 / amount) AS amount FROM it_engine.orders WITH NO DATA");
        assertOutcome(refresh(Set.of("totals"), false), "totals", RefreshOutcome.FAILED, "PLAIN");

        List<String> hashes = db.rows("""
                SELECT outcome, definition_hash FROM app.refresh_log
                WHERE view_schema = 'it_engine' AND view_name = 'totals' AND id > %d
                ORDER BY id""".formatted(logBefore)).stream()
                .map(r -> r.get("outcome") + ":" + r.get("definition_hash")).toList();
        assertEquals(4, hashes.size(), hashes.toString());
        String first = hashes.get(0).substring("SUCCEEDED:".length());
        assertTrue(first.matches("[0-9a-f]{64}"), hashes.toString());
        assertEquals("SKIPPED_UNCHANGED:" + first, hashes.get(1), "the same definition");
        assertTrue(hashes.get(2).startsWith("SUCCEEDED:") && !hashes.get(2).endsWith(first), "a new definition");
        assertTrue(hashes.get(3).matches("FAILED:[0-9a-f]{64}") && !hashes.get(3).equals(hashes.get(2)),
                "a failed attempt records the definition that failed: " + hashes);
    }

    /**
     * The hash that tells a redefined view from an unchanged one must not depend on who asks: pg_get_viewdef prints
     * {@code FROM customers} or {@code FROM public.customers} depending on the session's search_path, and constants
     * depending on TimeZone, IntervalStyle and extra_float_digits (found on a site whose reports read {@code public}:
     * unchanged views were refreshed because their hash alternated). DateStyle is pinned too, but the JDBC driver
     * closes a connection whose DateStyle is not ISO, so it cannot be varied here.
     */
    @Test
    void theDefinitionHashDoesNotDependOnTheSessionsSettings() throws Exception {
        db.execute("DROP TABLE IF EXISTS public.it_engine_customers CASCADE",
                "CREATE TABLE public.it_engine_customers (id int PRIMARY KEY, joined timestamptz NOT NULL)",
                """
                CREATE MATERIALIZED VIEW it_engine.public_reader AS
                SELECT c.id, c.joined > timestamptz '2024-05-01 12:00:00+02' AS recent,
                       interval '1 day 2 hours' AS span, 1.1::float8 AS ratio
                FROM public.it_engine_customers c
                WITH NO DATA""");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            long oid = db.longValue("SELECT 'it_engine.public_reader'::regclass::oid");
            Set<String> printed = new HashSet<>();
            Set<String> hashes = new HashSet<>();
            for (String settings : List.of(
                    "SET search_path = \"$user\", public",
                    "SET search_path = app",
                    "SET search_path = public; SET TimeZone = 'Asia/Tokyo'; SET DateStyle = 'ISO, DMY'",
                    "SET search_path = app, public; SET IntervalStyle = 'iso_8601'; SET extra_float_digits = 3")) {
                statement.execute("BEGIN; " + settings);
                try (ResultSet rs = statement.executeQuery("SELECT pg_get_viewdef(" + oid + "),"
                        + " app.view_definition_hash(" + oid + "), current_setting('search_path')")) {
                    rs.next();
                    printed.add(rs.getString(1));
                    hashes.add(rs.getString(2));
                    assertEquals(settings.split(";")[0].replace("SET search_path = ", "").replace("\"", ""),
                            rs.getString(3).replace("\"", ""), "the function's settings end with it");
                }
                statement.execute("ROLLBACK");
            }
            assertTrue(printed.size() > 1, "the printed definition does depend on the settings: " + printed);
            assertEquals(1, hashes.size(), "one definition, one hash: " + hashes);
        } finally {
            db.execute("DROP TABLE public.it_engine_customers CASCADE");
        }
    }

    /** REPORTING_REFRESH_PARALLEL_WORKERS (1 on the test stack) holds inside the refresh, and only there. */
    @Test
    void aRefreshRunsWithTheConfiguredParallelWorkersAndOnlyItDoes() throws Exception {
        db.execute("""
                CREATE MATERIALIZED VIEW it_engine.settings_seen AS
                SELECT current_setting('max_parallel_workers_per_gather')::int AS workers
                WITH NO DATA""");
        assertOutcome(refresh(Set.of("settings_seen"), false), "settings_seen", RefreshOutcome.SUCCEEDED, "PLAIN");
        assertEquals(1L, db.longValue("SELECT workers FROM it_engine.settings_seen"));
        assertEquals(2L, db.longValue("SELECT current_setting('max_parallel_workers_per_gather')::int"),
                "the pool's sessions keep the database's own setting");
    }

    @Test
    void unknownViewNamesRefreshNothing() throws Exception {
        long before = db.longValue("SELECT count(*) FROM app.refresh_log");
        UnknownReportException e = assertThrows(UnknownReportException.class,
                () -> refresh(Set.of("totals", "nope"), false));
        assertEquals(List.of("nope"), e.details());
        assertEquals(before, db.longValue("SELECT count(*) FROM app.refresh_log"));
    }

    // --- helpers ---

    private void assertUnchanged() {
        Map<String, RefreshResult> results = refresh(Set.of(), false);
        assertEquals(RefreshOutcome.SKIPPED_UNCHANGED, results.get("totals").outcome());
        assertEquals(RefreshOutcome.SKIPPED_UNCHANGED, results.get("totals_report").outcome());
        assertEquals(RefreshOutcome.SKIPPED_UNCHANGED, results.get("numbers").outcome());
    }

    private void assertRefreshedTo(long orders, long amount) throws SQLException {
        Map<String, RefreshResult> results = refresh(Set.of(), false);
        assertOutcome(results, "totals", RefreshOutcome.SUCCEEDED, "CONCURRENT");
        assertOutcome(results, "totals_report", RefreshOutcome.SUCCEEDED, "CONCURRENT");
        assertEquals(RefreshOutcome.SKIPPED_UNCHANGED, results.get("numbers").outcome());
        assertEquals(List.of(Map.of("orders", orders, "amount", amount, "doubled", amount * 2)),
                db.rows("SELECT orders, amount, doubled FROM it_engine.totals_report"));
    }

    private Map<String, RefreshResult> refresh(Set<String> views, boolean force) {
        return refresher.refresh(new RefreshRequest(SCHEMA, views, false, force, RefreshTrigger.user("it-tester"),
                null, GENEROUS, GENEROUS)).stream()
                .collect(Collectors.toMap(r -> r.view().substring(SCHEMA.length() + 1), r -> r));
    }

    private static void assertOutcome(Map<String, RefreshResult> results, String view, RefreshOutcome outcome,
                                      String mode) {
        RefreshResult result = results.get(view);
        assertEquals(outcome, result.outcome(), view + ": " + result);
        assertEquals(mode, result.mode() == null ? null : result.mode().name(), view + ": " + result);
    }

    /** This test's refresh log rows, oldest first. */
    private List<Map<String, Object>> log() throws SQLException {
        return db.rows("""
                SELECT view_name, outcome, mode, trigger_kind, triggered_by, row_count, sql_state, upstream_view,
                       forced, source_snapshot::text AS source_snapshot
                FROM app.refresh_log
                WHERE view_schema = 'it_engine'
                  AND id > %d
                ORDER BY id""".formatted(logBefore));
    }

    private Map<String, MaterializedView> catalog() {
        return catalog.materializedViews(SCHEMA).stream().collect(Collectors.toMap(MaterializedView::name, v -> v));
    }

    private static List<String> sources(MaterializedView view) {
        return view.sources().stream().map(s -> s.key() + ":" + s.kind()).toList();
    }

    /** Six rows, half a second each: a refresh that takes about three seconds. */
    private void slowView() throws SQLException {
        db.execute("""
                CREATE MATERIALIZED VIEW it_engine.slow AS
                SELECT g AS id
                FROM generate_series(1, 6) g, LATERAL (SELECT pg_sleep(0.5)) pause""",
                "CREATE UNIQUE INDEX slow_id ON it_engine.slow (id)");
    }

    private void awaitRefreshRunning(String statementStart) throws Exception {
        Await.until("a running " + statementStart, GENEROUS, () -> db.longValue("SELECT count(*) FROM pg_stat_activity"
                + " WHERE state = 'active' AND query LIKE '" + statementStart + "%'") > 0);
    }
}
