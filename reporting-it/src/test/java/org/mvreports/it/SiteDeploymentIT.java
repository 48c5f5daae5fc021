package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mvreports.launcher.LocalStack;
import org.mvreports.launcher.StackOptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A site's deployment: two application nodes (two more Payara servers with the real EAR, schedulers on) against one
 * existing PostgreSQL database (REPORTING_DB_URL/USER/PASSWORD, a fresh database with its own non-superuser role),
 * without demo data (REPORTING_DEMO_DATA=false), with a first administrator from REPORTING_ADMIN_USER/PASSWORD, and
 * with reports of its own (REPORTING_VIEW_MIGRATIONS), some over tables in {@code public} named without their schema,
 * one of which takes long to populate. The first node answers before that slow first population is over, populates
 * every report in a start-up job, and creates no demo rows or accounts; views over {@code public} are skipped as
 * unchanged on every job of either node; with both running, a due report is started once, not once per node; each
 * node shows and restarts the other's executions; and a node killed in the middle of a job fails that job when it
 * starts again, after which a restart does the rest.
 */
class SiteDeploymentIT {

    private static final String DATABASE = "site_reports";
    private static final String USER = "site_app";
    private static final String PASSWORD = "site-app-test-only";

    /** A site report whose first population takes this long: the application must answer meanwhile. */
    private static final int SLOW_FIRST_POPULATION_SECONDS = 20;

    private static String siteUrl;
    /** The catalog as the first node answered it right after its deployment, and when. */
    private static JsonArray firstAnswer;
    private static Instant firstAnsweredAt;
    private static Path siteViews;
    private static Path firstHome;
    private static LocalStack first;
    private static LocalStack second;

    @BeforeAll
    static void twoNodes() throws Exception {
        try (Connection admin = TestStack.superuser("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
            statement.execute("DROP ROLE IF EXISTS " + USER);
            statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
        }
        siteUrl = TestStack.jdbcUrlOf(DATABASE);
        // The site's own tables, in public, as most OLTP schemas are: one shares its name with an application table.
        try (Connection site = site(); Statement statement = site.createStatement()) {
            statement.execute("""
                    CREATE TABLE public.customer (id int PRIMARY KEY, region text NOT NULL);
                    CREATE TABLE public.orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customer,
                                                amount numeric(10, 2) NOT NULL);
                    CREATE TABLE public.accounts (id int PRIMARY KEY, holder text NOT NULL);
                    INSERT INTO customer VALUES (1, 'North'), (2, 'North'), (3, 'South');
                    INSERT INTO orders VALUES (1, 1, 10.50), (2, 1, 4.50), (3, 2, 7.00), (4, 3, 100.00);
                    INSERT INTO accounts SELECT g, 'holder ' || g FROM generate_series(1, 5) g""");
        }

        siteViews = Files.createTempDirectory("site-views");
        Files.writeString(siteViews.resolve("V1__shipments_per_destination.sql"), """
                CREATE MATERIALIZED VIEW reports.shipments_per_destination AS
                SELECT destination, count(*) AS shipments
                FROM demo.shipments
                GROUP BY destination
                WITH NO DATA;
                CREATE UNIQUE INDEX shipments_per_destination_key
                    ON reports.shipments_per_destination (destination);
                COMMENT ON MATERIALIZED VIEW reports.shipments_per_destination IS
                'title: Shipments per destination
                refresh-interval: 2 hours';
                """);
        // Written as a site's author tries them in psql: names without their schema.
        Files.writeString(siteViews.resolve("V2__sales_over_public_tables.sql"), """
                CREATE TABLE migration_search_path AS SELECT current_setting('search_path') AS search_path;

                CREATE MATERIALIZED VIEW reports.sales_by_customer AS
                SELECT c.id AS customer_id, c.region, count(o.id) AS orders, coalesce(sum(o.amount), 0) AS revenue
                FROM customer c
                LEFT JOIN orders o ON o.customer_id = c.id
                GROUP BY c.id, c.region
                WITH NO DATA;
                CREATE UNIQUE INDEX sales_by_customer_key ON reports.sales_by_customer (customer_id);

                CREATE MATERIALIZED VIEW reports.sales_by_region AS
                SELECT region, sum(orders)::bigint AS orders, sum(revenue) AS revenue
                FROM reports.sales_by_customer
                GROUP BY region
                WITH NO DATA;
                CREATE UNIQUE INDEX sales_by_region_key ON reports.sales_by_region (region);

                CREATE MATERIALIZED VIEW reports.site_accounts AS
                SELECT count(*) AS accounts FROM accounts
                WITH NO DATA;
                CREATE UNIQUE INDEX site_accounts_key ON reports.site_accounts (accounts);

                CREATE MATERIALIZED VIEW reports.sales_overview AS
                SELECT r.region, r.revenue, a.accounts
                FROM reports.sales_by_region r
                CROSS JOIN reports.site_accounts a
                WITH NO DATA;
                CREATE UNIQUE INDEX sales_overview_key ON reports.sales_overview (region);
                """);
        Files.writeString(siteViews.resolve("V3__slow_first_population.sql"), """
                CREATE MATERIALIZED VIEW reports.slow_first_population AS
                SELECT 1 AS id FROM (SELECT pg_sleep(%d)) pause
                WITH NO DATA;
                CREATE UNIQUE INDEX slow_first_population_key ON reports.slow_first_population (id);
                """.formatted(SLOW_FIRST_POPULATION_SECONDS));
        firstHome = Path.of(System.getProperty("mvreports.stack.home", "target/stack") + "-site");
        // One after the other: the second finds the database migrated.
        first = node(firstHome, 1);
        HttpResponse<String> catalog = new ApiClient(first.applicationUrl()).get("reports", "admin");
        firstAnsweredAt = Instant.now();
        assertEquals(200, catalog.statusCode(), catalog.body());
        firstAnswer = ApiClient.json(catalog).asJsonArray();
        second = node(Path.of(firstHome + "-2"), 2);
        awaitNoRunningJob(Duration.ofMinutes(2));
    }

    private static LocalStack node(Path home, int number) throws Exception {
        return LocalStack.start(new StackOptions(home, TestStack.distribution(),
                TestStack.PORT_OFFSET + number * 1_000, 0,
                Map.ofEntries(Map.entry("REPORTING_DB_URL", siteUrl),
                        Map.entry("REPORTING_DB_USER", USER),
                        Map.entry("REPORTING_DB_PASSWORD", PASSWORD),
                        Map.entry("REPORTING_DEMO_DATA", "false"),
                        Map.entry("REPORTING_VIEW_MIGRATIONS", "filesystem:" + siteViews),
                        Map.entry("REPORTING_NODE_NAME", "site-" + number),
                        // The site's first administrator, created on the first start (a test-only password).
                        Map.entry("REPORTING_ADMIN_USER", "admin"),
                        Map.entry("REPORTING_ADMIN_PASSWORD", "admin"),
                        Map.entry("REPORTING_SCHEDULER", "true"),
                        // Both nodes send alerts: the test's receiver counts what arrives.
                        Map.entry("REPORTING_ALERT_HOSTS", "localhost"))));
    }

    @AfterAll
    static void stopNodes() throws Exception {
        try (LocalStack one = first; LocalStack two = second) {
            // closed in reverse order by try-with-resources
        }
    }

    @Test
    void siteDatabaseWithoutDemoDataAndWithItsOwnReport() throws Exception {
        try (Connection db = site(); Statement statement = db.createStatement()) {
            assertEquals(0, count(statement, "SELECT count(*) FROM demo.users"));
            assertEquals(0, count(statement, "SELECT count(*) FROM app.accounts WHERE demo"));
            assertEquals(3, count(statement, """
                    SELECT count(*) FROM app.accounts a JOIN app.account_roles r USING (username)
                    WHERE a.username = 'admin' AND a.enabled AND NOT a.demo"""),
                    "REPORTING_ADMIN_USER: the first administrator, with all three roles");
            assertEquals(1, count(statement, """
                    SELECT count(*) FROM app.flyway_site_history
                    WHERE success AND script = 'V1__shipments_per_destination.sql'"""));
            List<String> refreshed = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("""
                    SELECT view_name FROM app.refresh_log
                    WHERE outcome = 'SUCCEEDED' AND trigger_kind = 'STARTUP'
                    ORDER BY view_name""")) {
                while (rs.next()) {
                    refreshed.add(rs.getString(1));
                }
            }
            assertEquals(List.of("daily_uploads", "monthly_signups", "monthly_upload_peaks", "monthly_uploads",
                    "results_agg", "sales_by_customer", "sales_by_region", "sales_overview", "shipment_status",
                    "shipments_per_destination", "site_accounts", "slow_first_population", "user_directory",
                    "weekly_uploads"),
                    refreshed, "every report, the site's too, populated once, by the first node's start-up job");
            assertEquals(0, count(statement, "SELECT count(*) FROM reports.monthly_signups"), "no demo rows");
        }
        try (Browser browser = new Browser()) {
            browser.openUrl(first.applicationUrl());
            browser.signIn("viewer", "viewer");
            browser.waitFor(By.id("login:messages"));
            assertTrue(browser.text(By.id("login:messages")).contains("Wrong user name or password."),
                    "no demo account may exist without demo data");
        }
    }

    /**
     * Without the owner role's settings the site runs with one role, as before: the application migrated its own
     * database, and the records are not protected from its role, which the history pages, the verification and the
     * server log say.
     */
    @Test
    void withoutAnOwnerRoleTheRecordsAreSaidToBeUnprotected() throws Exception {
        JsonObject verification = ApiClient.json(new ApiClient(first.applicationUrl())
                .get("refresh-log/verify", "admin")).asJsonObject();
        assertFalse(verification.getBoolean("recordsProtected"), verification.toString());
        try (Browser browser = new Browser()) {
            browser.openUrl(first.applicationUrl() + "history/");
            browser.signIn("admin", "admin");
            browser.waitFor(By.id("integrity:unprotected"));
            assertTrue(browser.text(By.id("integrity:unprotected"))
                    .contains("These records are not protected from MV Reports itself."));
        }
        Await.until("the server log to warn that the records are unprotected", Duration.ofMinutes(1), () ->
                Files.readString(first.serverLog()).contains("are not protected from MV Reports' own database role"));
    }

    @Test
    void theFirstNodeAnsweredWhileASlowFirstPopulationRanAsAStartUpJob() throws Exception {
        JsonObject slow = firstAnswer.stream().map(JsonValue::asJsonObject)
                .filter(r -> r.getString("name").equals("slow_first_population")).findFirst().orElseThrow();
        assertEquals("NEVER_REFRESHED", slow.getString("state"), slow.toString());
        assertFalse(slow.getBoolean("available"));
        assertTrue(slow.getBoolean("refreshing"), "not available yet; first refresh running: " + slow);
        try (Connection db = site(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT finished_at, duration_ms, job_execution_id FROM app.refresh_log
                     WHERE view_name = 'slow_first_population' AND trigger_kind = 'STARTUP'
                       AND outcome = 'SUCCEEDED'""")) {
            assertTrue(rs.next());
            assertTrue(rs.getLong(2) >= SLOW_FIRST_POPULATION_SECONDS * 1000L, "it really was slow");
            assertTrue(firstAnsweredAt.isBefore(rs.getTimestamp(1).toInstant()),
                    "the application answered before the slow first population ended");
            JsonObject job = ApiClient.json(new ApiClient(second.applicationUrl())
                    .get("refresh-jobs/" + rs.getLong(3), "admin")).asJsonObject();
            assertEquals("COMPLETED", job.getString("batchStatus"), job.toString());
            assertEquals("STARTUP", job.getJsonObject("request").getJsonObject("trigger").getString("kind"));
        }
    }

    @Test
    void siteReportsOverPublicReadWhatTheirAuthorMeantAndUnchangedOnesAreSkippedOnEveryJob() throws Exception {
        try (Connection db = site(); Statement statement = db.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT search_path FROM public.migration_search_path")) {
                assertTrue(rs.next());
                assertEquals("\"$user\", public", rs.getString(1), "migrations run with the database's own path");
            }
            assertEquals(5, count(statement, "SELECT accounts FROM reports.site_accounts"),
                    "FROM accounts means the site's public.accounts, never the application's app.accounts");
            assertEquals(2, count(statement, """
                    SELECT count(*) FROM reports.sales_by_region r
                    JOIN (SELECT c.region, sum(o.amount) AS revenue FROM public.customer c
                          JOIN public.orders o ON o.customer_id = c.id GROUP BY c.region) expected
                      ON expected.region = r.region AND expected.revenue = r.revenue"""));

            List<ApiClient> nodes = List.of(new ApiClient(first.applicationUrl()),
                    new ApiClient(second.applicationUrl()));
            String request = "{\"views\": [\"sales_by_customer\", \"site_accounts\"]}";
            assertEquals("COMPLETED", nodes.get(0).awaitEnd(nodes.get(0).startJob("admin", request))
                    .getString("batchStatus"));
            for (int i = 0; i < 12; i++) {
                ApiClient node = nodes.get(i % 2);
                long execution = node.startJob("admin", request);
                assertEquals("COMPLETED", node.awaitEnd(execution).getString("batchStatus"));
                assertEquals(List.of("sales_by_customer:SKIPPED_UNCHANGED", "sales_by_region:SKIPPED_UNCHANGED",
                        "sales_overview:SKIPPED_UNCHANGED", "site_accounts:SKIPPED_UNCHANGED"),
                        logOf(statement, execution).stream().sorted().toList(), "job " + (i + 1) + " of 12");
            }
            assertEquals(0, count(statement, """
                    SELECT count(*) FROM (SELECT view_name FROM app.refresh_log
                                          WHERE view_name IN ('sales_by_customer', 'sales_by_region',
                                                              'sales_overview', 'site_accounts')
                                            AND definition_hash IS NOT NULL
                                          GROUP BY view_name HAVING count(DISTINCT definition_hash) > 1) twice"""),
                    "one definition, one hash, whichever node and connection read it");

            statement.execute("UPDATE public.orders SET amount = amount + 1 WHERE id = 4");
            long changed = nodes.get(1).startJob("admin", request);
            assertEquals("COMPLETED", nodes.get(1).awaitEnd(changed).getString("batchStatus"));
            assertEquals(List.of("sales_by_customer:SUCCEEDED", "sales_by_region:SUCCEEDED",
                    "sales_overview:SUCCEEDED", "site_accounts:SKIPPED_UNCHANGED"),
                    logOf(statement, changed).stream().sorted().toList(), "a change is still seen");
        }
    }

    @Test
    void withBothNodesTickingADueReportIsStartedOnce() throws Exception {
        try (Connection db = site(); Statement statement = db.createStatement()) {
            // Never refreshed, so due at the next tick, which both nodes' minute timers fire at the same second.
            statement.execute("""
                    CREATE MATERIALIZED VIEW reports.site_every_minute AS
                    SELECT g AS id FROM generate_series(1, 3) g WITH NO DATA""");
            statement.execute("CREATE UNIQUE INDEX site_every_minute_id ON reports.site_every_minute (id)");
            statement.execute("COMMENT ON MATERIALIZED VIEW reports.site_every_minute IS 'refresh-interval: 1 minute'");
            try {
                Instant claimed = Await.value("a node's scheduler to start the due report site_every_minute",
                        Duration.ofSeconds(150), () -> firstClaim(statement), Objects::nonNull);
                // Both nodes' ticks of that minute are over well before half a minute has passed. A pause until
                // then, not a wait for something to happen: that no second claim was made can only be seen once
                // the time to make one is over.
                Instant settled = claimed.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(30);
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), settled).toMillis()));
                assertEquals(1, count(statement, """
                        SELECT count(*) FROM app.schedule_claims
                        WHERE view_name = 'site_every_minute'
                          AND date_trunc('minute', claimed_at) = date_trunc('minute', timestamptz '%s')"""
                        .formatted(claimed)), "one claim for the tick, not one per node");
                assertEquals(1, count(statement, """
                        SELECT count(*) FROM app.refresh_log
                        WHERE view_name = 'site_every_minute' AND trigger_kind = 'SCHEDULE'
                          AND started_at < date_trunc('minute', timestamptz '%s') + interval '1 minute'"""
                        .formatted(claimed)), "refreshed once by the scheduler");

                // A scheduled execution is an execution like any other, for the API of either node.
                try (ResultSet claim = statement.executeQuery("""
                        SELECT node_name, execution_id FROM app.schedule_claims
                        WHERE view_name = 'site_every_minute'""")) {
                    claim.next();
                    LocalStack node = claim.getString(1).equals("site-1") ? second : first;
                    HttpResponse<String> status = new ApiClient(node.applicationUrl())
                            .get("refresh-jobs/" + claim.getLong(2), "admin");
                    assertEquals(200, status.statusCode(), status.body());
                    assertEquals("SCHEDULE", ApiClient.json(status).asJsonObject().getJsonObject("request")
                            .getJsonObject("trigger").getString("kind"));
                }
            } finally {
                statement.execute("DROP MATERIALIZED VIEW reports.site_every_minute");
            }
        }
    }

    /**
     * The console of one node shows a job started through the API of the other, as it fails, with the error inline;
     * restarted from that console once the cause is mended, the restart completes.
     */
    @Test
    void anAlertIsDeliveredOnceThoughBothNodesSendAlerts() throws Exception {
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/site-alerts", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.computeIfAbsent(exchange.getRequestHeaders().getFirst("X-MVReports-Event"),
                    id -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        ApiClient one = new ApiClient(first.applicationUrl());
        ApiClient two = new ApiClient(second.applicationUrl());
        try (Connection db = site(); Statement statement = db.createStatement()) {
            statement.execute("""
                    CREATE SCHEMA site_alerts;
                    CREATE TABLE site_alerts.divisor (d int NOT NULL);
                    INSERT INTO site_alerts.divisor VALUES (0);
                    CREATE MATERIALIZED VIEW reports.site_alerts_q AS
                        SELECT 100 / (SELECT min(d) FROM site_alerts.divisor) AS q WITH NO DATA;
                    INSERT INTO app.report_schedules (view_name, enabled, updated_by)
                    VALUES ('site_alerts_q', false, 'test')
                    """);
            HttpResponse<String> added = one.post("alerts/webhooks", "admin", "{\"url\": \"http://localhost:"
                    + receiver.getAddress().getPort() + "/site-alerts\","
                    + " \"events\": [\"VIEW_FAILED\", \"JOB_FAILED\"]}");
            assertEquals(201, added.statusCode(), added.body());
            long failed = one.startJob("admin", "{\"views\": [\"site_alerts_q\"]}");
            assertEquals("FAILED", one.awaitEnd(failed).getString("batchStatus"));

            // Both events delivered, as the other node shows them: each sent once, though both nodes send.
            Await.until("both alerts delivered", Duration.ofSeconds(60), () -> {
                List<JsonObject> ours = ApiClient.json(two.get("alerts/deliveries", "admin")).asJsonArray().stream()
                        .map(JsonValue::asJsonObject)
                        .filter(d -> d.getString("url").endsWith("/site-alerts")).toList();
                return ours.size() == 2 && ours.stream().allMatch(d -> "DELIVERED".equals(d.getString("outcome")));
            });
            assertEquals(2, received.size(), "two events: " + received);
            received.forEach((event, times) -> assertEquals(1, times.get(), "event " + event + " sent once"));
        } finally {
            receiver.stop(0);
            try (Connection db = site(); Statement statement = db.createStatement()) {
                statement.execute("DELETE FROM app.alert_webhooks; DROP MATERIALIZED VIEW reports.site_alerts_q;"
                        + " DROP SCHEMA site_alerts CASCADE");
            }
        }
    }

    @Test
    void theConsoleOfOneNodeShowsAndRestartsAFailedJobOfTheOther() throws Exception {
        try (Connection db = site(); Statement statement = db.createStatement()) {
            statement.execute("""
                    CREATE SCHEMA site_console;
                    CREATE TABLE site_console.divisor (d int NOT NULL);
                    INSERT INTO site_console.divisor VALUES (0);
                    CREATE MATERIALIZED VIEW reports.site_console_q AS
                        SELECT 100 / (SELECT min(d) FROM site_console.divisor) AS q WITH NO DATA;
                    INSERT INTO app.report_schedules (view_name, enabled, updated_by)
                    VALUES ('site_console_q', false, 'test')
                    """);
            try (Browser browser = new Browser()) {
                browser.openUrl(second.applicationUrl() + "admin/");
                browser.signIn("admin", "admin");
                browser.waitFor(By.id("console:executions"));
                long failed = new ApiClient(first.applicationUrl()).startJob("admin",
                        "{\"views\": [\"site_console_q\"]}");
                String row = "//tbody[@id='console:executions_data']/tr[.//span[@data-job='" + failed + "']]";
                browser.waitFor(By.xpath(row + "//span[normalize-space()='FAILED']"));
                String shown = browser.text(By.xpath(row));
                assertTrue(shown.contains("site_console_q failed") && shown.contains("division by zero"), shown);
                assertTrue(browser.text(By.xpath(row)).contains("site-1"), "the node that ran it");

                statement.execute("UPDATE site_console.divisor SET d = 4");
                browser.driver.findElement(By.xpath(row + "//button[contains(@id,':restart')]")).click();
                browser.waitFor(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes"));
                Await.value("the confirmation to show", Duration.ofSeconds(10), () -> browser.driver.findElement(
                        By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes")), WebElement::isDisplayed).click();
                browser.waitFor(By.xpath("//*[@id='console:messages']//li[contains(.,'restarted as')]"));
                String message = browser.text(By.xpath("//*[@id='console:messages']//li[contains(.,'restarted as')]"));
                long restarted = Long.parseLong(message.replaceAll(".*restarted as (\\d+).*", "$1"));
                assertEquals("COMPLETED", new ApiClient(second.applicationUrl()).awaitEnd(restarted)
                        .getString("batchStatus"));
                browser.waitFor(By.xpath("//tbody[@id='console:executions_data']/tr[.//span[@data-job='"
                        + restarted + "']]//span[normalize-space()='COMPLETED']"));
            } finally {
                statement.execute("DROP MATERIALIZED VIEW reports.site_console_q; DROP SCHEMA site_console CASCADE");
            }
        }
    }

    @Test
    void anExecutionOfOneNodeIsFollowedAndRestartedOnTheOther() throws Exception {
        try (Connection db = site(); Statement statement = db.createStatement()) {
            statement.execute("""
                    CREATE SCHEMA site_jobs;
                    CREATE TABLE site_jobs.divisor (d int NOT NULL);
                    INSERT INTO site_jobs.divisor VALUES (0);
                    CREATE MATERIALIZED VIEW reports.site_job_a AS SELECT g AS id FROM generate_series(1, 3) g
                        WITH NO DATA;
                    CREATE MATERIALIZED VIEW reports.site_job_b AS
                        SELECT a.id, 100 / (SELECT min(d) FROM site_jobs.divisor) AS q FROM reports.site_job_a a
                        WITH NO DATA;
                    CREATE MATERIALIZED VIEW reports.site_job_c AS SELECT id, q FROM reports.site_job_b
                        WITH NO DATA;
                    -- Never refreshed means due: in the same transaction, keep both nodes' schedulers off them.
                    INSERT INTO app.report_schedules (view_name, enabled, updated_by)
                    VALUES ('site_job_a', false, 'test'), ('site_job_b', false, 'test'), ('site_job_c', false, 'test')
                    """);
            try {
                ApiClient one = new ApiClient(first.applicationUrl());
                ApiClient two = new ApiClient(second.applicationUrl());
                long failed = one.startJob("admin", "{\"views\": [\"site_job_a\"]}");

                // Started by the first node, followed on the second (Payara's job API would refuse it there).
                JsonObject seen = two.awaitEnd(failed);
                assertEquals("FAILED", seen.getString("batchStatus"), seen.toString());
                assertEquals("site-1", seen.getString("node"));
                assertEquals(Map.of("site_job_a", "DONE", "site_job_b", "FAILED", "site_job_c", "SKIPPED"),
                        states(seen));
                assertTrue(ApiClient.json(two.get("refresh-jobs?size=100", "admin")).asJsonArray().stream()
                        .anyMatch(e -> e.asJsonObject().getJsonNumber("executionId").longValue() == failed),
                        "the second node lists the first node's execution");

                statement.execute("UPDATE site_jobs.divisor SET d = 4");
                HttpResponse<String> restart = two.post("refresh-jobs/" + failed + "/restart", "admin", "");
                assertEquals(202, restart.statusCode(), restart.body());
                long restarted = ApiClient.json(restart).asJsonObject().getJsonNumber("executionId").longValue();
                assertTrue(restart.headers().firstValue("Location").orElseThrow()
                        .endsWith("/api/refresh-jobs/" + restarted));

                JsonObject done = one.awaitEnd(restarted);
                assertEquals("COMPLETED", done.getString("batchStatus"), done.toString());
                assertEquals("site-2", done.getString("node"));
                assertEquals(failed, done.getJsonNumber("resumes").longValue());
                assertEquals(List.of("site_job_b:SUCCEEDED", "site_job_c:SUCCEEDED"), logOf(statement, restarted),
                        "the restart on the other node did exactly the failed view and the one skipped after it");
                HttpResponse<String> again = one.post("refresh-jobs/" + failed + "/restart", "admin", "");
                assertEquals(409, again.statusCode(), again.body());
                assertTrue(again.body().contains("as execution " + restarted), again.body());
            } finally {
                statement.execute("DROP SCHEMA site_jobs CASCADE; DELETE FROM app.report_schedules"
                        + " WHERE view_name IN ('site_job_a', 'site_job_b', 'site_job_c')");
            }
        }
    }

    @Test
    void aNodeKilledInTheMiddleOfAJobFailsItWhenItIsBackAndTheRestartDoesTheRest() throws Exception {
        try (Connection db = site(); Statement statement = db.createStatement()) {
            statement.execute("""
                    CREATE SCHEMA site_crash;
                    CREATE TABLE site_crash.pause (seconds float NOT NULL);
                    INSERT INTO site_crash.pause VALUES (3);
                    CREATE MATERIALIZED VIEW reports.crash_a AS SELECT g AS id FROM generate_series(1, 3) g
                        WITH NO DATA;
                    CREATE MATERIALIZED VIEW reports.crash_slow AS
                        SELECT a.id FROM reports.crash_a a,
                             LATERAL (SELECT pg_sleep((SELECT seconds FROM site_crash.pause))) pause
                        WITH NO DATA;
                    CREATE MATERIALIZED VIEW reports.crash_c AS SELECT id FROM reports.crash_slow WITH NO DATA;
                    INSERT INTO app.report_schedules (view_name, enabled, updated_by)
                    VALUES ('crash_a', false, 'test'), ('crash_slow', false, 'test'), ('crash_c', false, 'test')
                    """);
            try {
                ApiClient one = new ApiClient(first.applicationUrl());
                ApiClient two = new ApiClient(second.applicationUrl());
                long crashed = one.startJob("admin", "{\"views\": [\"crash_a\"]}");
                two.awaitViews(crashed, "crash_slow running", views -> "RUNNING".equals(views.get("crash_slow")));

                killServerOf(firstHome);
                JsonObject orphan = ApiClient.json(two.get("refresh-jobs/" + crashed, "admin")).asJsonObject();
                assertEquals("STARTED", orphan.getString("batchStatus"), "nobody can know yet that its node died");
                assertEquals(409, two.post("refresh-jobs/" + crashed + "/restart", "admin", "").statusCode());

                first.close(); // its server is gone; this releases its home
                first = node(firstHome, 1);
                JsonObject failed = ApiClient.json(two.get("refresh-jobs/" + crashed, "admin")).asJsonObject();
                assertEquals("FAILED", failed.getString("batchStatus"), "failed by its node when it started again");
                assertEquals(Map.of("crash_a", "DONE", "crash_slow", "FAILED", "crash_c", "FAILED"), states(failed));
                assertEquals(List.of("crash_a:SUCCEEDED", "crash_slow:FAILED"), logOf(statement, crashed),
                        "the refresh the crash interrupted is in the log, as failed without an outcome recorded");

                statement.execute("UPDATE site_crash.pause SET seconds = 0");
                long restarted = ApiClient.json(two.post("refresh-jobs/" + crashed + "/restart", "admin", ""))
                        .asJsonObject().getJsonNumber("executionId").longValue();
                assertEquals("COMPLETED", two.awaitEnd(restarted).getString("batchStatus"));
                assertEquals(List.of("crash_slow:SUCCEEDED", "crash_c:SUCCEEDED"), logOf(statement, restarted),
                        "the restart did what the killed node had not finished, not crash_a again");
            } finally {
                statement.execute("DROP SCHEMA site_crash CASCADE; DROP MATERIALIZED VIEW IF EXISTS"
                        + " reports.crash_c, reports.crash_slow, reports.crash_a; DELETE FROM app.report_schedules"
                        + " WHERE view_name IN ('crash_a', 'crash_slow', 'crash_c')");
            }
        }
    }

    /** Kills a node's Payara server as a crash would: no shutdown, no chance to record anything. */
    private static void killServerOf(Path home) throws Exception {
        Path pidFile = home.resolve("server/payara6/glassfish/domains/domain1/config/pid");
        ProcessHandle server = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
        server.destroyForcibly();
        server.onExit().get(1, TimeUnit.MINUTES);
    }

    private static Map<String, String> states(JsonObject execution) {
        return execution.getJsonArray("views").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(v -> v.getString("view"), v -> v.getString("state")));
    }

    private static List<String> logOf(Statement statement, long execution) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery("""
                SELECT view_name, outcome FROM app.refresh_log WHERE job_execution_id = %d ORDER BY id"""
                .formatted(execution))) {
            while (rs.next()) {
                rows.add(rs.getString(1) + ":" + rs.getString(2));
            }
        }
        return rows;
    }

    /** The first claim of site_every_minute, or null while no node's scheduler has claimed it. */
    private static Instant firstClaim(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery(
                "SELECT min(claimed_at) FROM app.schedule_claims WHERE view_name = 'site_every_minute'")) {
            rs.next();
            Timestamp claimed = rs.getTimestamp(1);
            return claimed == null ? null : claimed.toInstant();
        }
    }

    /** Waits until no refresh job of the site runs (the first node's start-up job, say). */
    private static void awaitNoRunningJob(Duration deadline) throws Exception {
        try (Connection db = site(); Statement statement = db.createStatement()) {
            Await.value("the site's running refresh jobs to be 0", deadline, () -> count(statement, """
                    SELECT count(*) FROM app.executioninstancedata
                    WHERE batchstatus IN ('STARTING', 'STARTED', 'STOPPING')"""), running -> running == 0);
        }
    }

    private static Connection site() throws SQLException {
        return DriverManager.getConnection(siteUrl, USER, PASSWORD);
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
