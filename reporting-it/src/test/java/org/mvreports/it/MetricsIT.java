package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application's metrics at the server's {@code /metrics}, scraped as Prometheus scrapes: anonymously, in its
 * text format. A refresh moves its view's counters and duration histogram and the job's; the shared gauges follow
 * (rows, data age, failed); an export moves the export counters by its rows and bytes; a page read moves the read
 * histogram. And with two hundred reports a scrape (and a readiness probe) runs a handful of queries, not a few per
 * report: counted with {@code pg_stat_statements}, which the test loads into the stack's PostgreSQL (a restart).
 */
class MetricsIT {

    private static final int REPORTS = 200;

    /** The application's database on the stack's server. */
    private static final String DATABASE = URI.create(TestStack.databaseLogin().jdbcUrl().substring("jdbc:".length()))
            .getPath().substring(1);

    /**
     * Far below one query per report (a scrape that read per report would run at least {@link #REPORTS}), with room
     * for what else runs meanwhile: connection set-up, the pool's checks, a sealing pass.
     */
    private static final int FEW_QUERIES = 60;

    private static final ApiClient API = new ApiClient(TestStack.applicationUrl());
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static FailingReport failing;

    @BeforeAll
    static void aReportThatCanFail() throws Exception {
        dropTestObjects();
        failing = FailingReport.create("it_metrics_failing");
    }

    @AfterAll
    static void dropTestObjects() throws SQLException {
        if (failing != null) {
            failing.drop();
        }
        sql("""
                DO $$
                DECLARE v record;
                BEGIN
                    FOR v IN SELECT matviewname FROM pg_matviews
                             WHERE schemaname = 'reports' AND matviewname LIKE 'it_metrics_many_%' LOOP
                        EXECUTE format('DROP MATERIALIZED VIEW reports.%I', v.matviewname);
                    END LOOP;
                END $$""");
    }

    @Test
    void aRefreshMovesItsViewsCountersAndHistogramAndTheSharedGaugesFollow() throws Exception {
        Map<String, Double> before = scrape();
        Instant started = Instant.now();
        JsonObject job = API.awaitEnd(API.startJob("admin",
                "{\"views\": [\"monthly_signups\"], \"includeDependents\": false, \"force\": true}"));
        assertEquals("COMPLETED", job.getString("batchStatus"));

        Map<String, Double> after = scrape();
        assertEquals(value(before, "mvreports_refreshes_total", "view", "monthly_signups", "outcome", "SUCCEEDED") + 1,
                value(after, "mvreports_refreshes_total", "view", "monthly_signups", "outcome", "SUCCEEDED"));
        assertEquals(value(before, "mvreports_refresh_duration_milliseconds_count", "view", "monthly_signups") + 1,
                value(after, "mvreports_refresh_duration_milliseconds_count", "view", "monthly_signups"));
        assertTrue(value(after, "mvreports_refresh_duration_milliseconds_max", "view", "monthly_signups") > 0);
        assertEquals(value(before, "mvreports_job_duration_milliseconds_count", "status", "COMPLETED") + 1,
                value(after, "mvreports_job_duration_milliseconds_count", "status", "COMPLETED"));

        long rows = rowCount("monthly_signups");
        // The shared gauges are read at most every few seconds: until then a scrape shows the previous reading.
        Map<String, Double> followed = Await.value("the data age gauge to follow the refresh", Duration.ofSeconds(30),
                MetricsIT::scrape, scraped -> value(scraped, "mvreports_report_data_age_seconds", "view",
                        "monthly_signups") <= Duration.between(started, Instant.now()).toMillis() / 1000.0 + 1);
        assertEquals(rows, value(followed, "mvreports_report_rows", "view", "monthly_signups"));
        assertEquals(0, value(followed, "mvreports_report_failed", "view", "monthly_signups"));
        assertEquals(0, value(followed, "mvreports_jobs_running"));
    }

    @Test
    void aFailedRefreshIsCountedAndItsReportGaugedFailedOnEveryScrape() throws Exception {
        assertEquals("COMPLETED", API.awaitEnd(API.startJob("admin", "{\"views\": [\"it_metrics_failing\"]}"))
                .getString("batchStatus"));
        failing.breakIt();
        Map<String, Double> before = scrape();
        assertEquals("FAILED", API.awaitEnd(API.startJob("admin", "{\"views\": [\"it_metrics_failing\"]}"))
                .getString("batchStatus"));

        Map<String, Double> after = Await.value("the failed gauge to follow the failure", Duration.ofSeconds(30),
                MetricsIT::scrape, scraped -> value(scraped, "mvreports_report_failed", "view",
                        "it_metrics_failing") == 1);
        assertEquals(value(before, "mvreports_refreshes_total", "view", "it_metrics_failing", "outcome", "FAILED") + 1,
                value(after, "mvreports_refreshes_total", "view", "it_metrics_failing", "outcome", "FAILED"));
        assertEquals(value(before, "mvreports_job_duration_milliseconds_count", "status", "FAILED") + 1,
                value(after, "mvreports_job_duration_milliseconds_count", "status", "FAILED"));
        assertEquals(1, value(after, "mvreports_report_rows", "view", "it_metrics_failing"),
                "the rows of its last good data");
    }

    @Test
    void anExportCountsItsRowsAndBytesAndAPageReadIsTimed() throws Exception {
        Map<String, Double> before = scrape();
        HttpResponse<byte[]> csv = API.getBytes("reports/monthly_signups/export?format=csv", "viewer");
        assertEquals(200, csv.statusCode());
        long rows = rowCount("monthly_signups");
        assertEquals(200, API.get("reports/monthly_signups/rows?size=5", "viewer").statusCode());

        Map<String, Double> after = scrape();
        assertEquals(value(before, "mvreports_exports_total", "format", "CSV", "outcome", "COMPLETED") + 1,
                value(after, "mvreports_exports_total", "format", "CSV", "outcome", "COMPLETED"));
        assertEquals(value(before, "mvreports_export_rows_total", "format", "CSV") + rows,
                value(after, "mvreports_export_rows_total", "format", "CSV"));
        assertEquals(value(before, "mvreports_export_written_bytes_total", "format", "CSV") + csv.body().length,
                value(after, "mvreports_export_written_bytes_total", "format", "CSV"));
        assertEquals(value(before, "mvreports_report_read_duration_milliseconds_count") + 1,
                value(after, "mvreports_report_read_duration_milliseconds_count"));
    }

    @Test
    void withTwoHundredReportsAScrapeAndAReadinessProbeRunAFewQueriesNotSomePerReport() throws Exception {
        sql("""
                DO $$
                BEGIN
                    FOR i IN 1..%d LOOP
                        EXECUTE format('CREATE MATERIALIZED VIEW reports.it_metrics_many_%%s AS SELECT %%s AS id'
                                       ' WITH NO DATA', i, i);
                    END LOOP;
                END $$""".formatted(REPORTS));
        // Refreshed, so that each has a snapshot whose unseen changes the catalog asks about.
        assertEquals("COMPLETED", API.awaitEnd(API.startJob("admin", "{\"views\": ["
                + java.util.stream.IntStream.rangeClosed(1, REPORTS).mapToObj(i -> "\"it_metrics_many_" + i + "\"")
                .collect(java.util.stream.Collectors.joining(",")) + "], \"includeDependents\": false}"))
                .getString("batchStatus"));
        loadStatementStatistics();
        // The gauges' and the probe's reads are reused for a few seconds: scrape until one of them ran afresh (the
        // catalog's read of the reports' definitions is among its statements), then count everything that ran.
        Await.until("a scrape and a probe that read afresh, with every new report", Duration.ofSeconds(30), () -> {
            resetStatementStatistics();
            Map<String, Double> scraped = scrape();
            health();
            return value(scraped, "mvreports_report_rows", "view", "it_metrics_many_" + REPORTS) == 1
                    && statementsRun("AS unique_key") > 0;
        });
        long statements = statementsRun("");
        assertTrue(statements <= FEW_QUERIES, statements + " statements for a scrape and a probe with " + REPORTS
                + " reports:\n" + statementTexts());
    }

    /** A report's rows after its latest successful refresh, as the catalog says. */
    private static long rowCount(String report) throws Exception {
        return ApiClient.json(API.get("reports", "viewer")).asJsonArray().stream().map(JsonValue::asJsonObject)
                .filter(r -> r.getString("name").equals(report)).findFirst().orElseThrow()
                .getJsonNumber("rowCount").longValue();
    }

    /** The server's metrics, by sample name and labels (see {@link #value}). */
    private static Map<String, Double> scrape() throws Exception {
        URI metrics = URI.create(TestStack.applicationUrl()).resolve("/metrics?scope=application");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "anonymous scrape: " + response.body());
        Map<String, Double> samples = new HashMap<>();
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");
        for (String line : response.body().split("\n")) {
            Matcher m = sample.matcher(line);
            if (m.matches()) {
                samples.put(m.group(1) + labels(m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }

    private static void health() throws Exception {
        HTTP.send(HttpRequest.newBuilder(URI.create(TestStack.applicationUrl()).resolve("/health/ready"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /** Labels in a canonical form: sorted, without the server's scope label. */
    private static String labels(String braces) {
        Map<String, String> labels = new java.util.TreeMap<>();
        if (braces != null) {
            Matcher label = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(braces);
            while (label.find()) {
                if (!label.group(1).equals("mp_scope")) {
                    labels.put(label.group(1), label.group(2));
                }
            }
        }
        return labels.toString();
    }

    /** A sample's value; 0 when it is not there yet (a counter not moved since the server started). */
    private static double value(Map<String, Double> samples, String name, String... labelPairs) {
        Map<String, String> labels = new java.util.TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return samples.getOrDefault(name + labels, 0.0);
    }

    /** Loads pg_stat_statements into the stack's PostgreSQL (once: it needs a restart) and creates it. */
    private static void loadStatementStatistics() throws Exception {
        boolean loaded;
        try (Connection db = TestStack.superuser(DATABASE); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%'")) {
            rs.next();
            loaded = rs.getBoolean(1);
            if (!loaded) {
                statement.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
            }
        }
        if (!loaded) {
            TestStack.restartDatabase(Duration.ZERO);
        }
        try (Connection db = TestStack.superuser(DATABASE); Statement statement = db.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
    }

    private static void resetStatementStatistics() throws SQLException {
        try (Connection db = TestStack.superuser(DATABASE); Statement statement = db.createStatement()) {
            statement.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** Statements the application's role ran since the reset whose text contains {@code text}, by calls. */
    private static long statementsRun(String text) throws SQLException {
        try (Connection db = TestStack.superuser(DATABASE);
             var query = db.prepareStatement("""
                     SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                     WHERE r.rolname = ? AND position(? IN s.query) > 0""")) {
            query.setString(1, TestStack.databaseLogin().user());
            query.setString(2, text);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String statementTexts() throws SQLException {
        StringBuilder texts = new StringBuilder();
        try (Connection db = TestStack.superuser(DATABASE);
             var query = db.prepareStatement("""
                     SELECT s.calls, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 160)
                     FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
                     WHERE r.rolname = ? ORDER BY s.calls DESC""")) {
            query.setString(1, TestStack.databaseLogin().user());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    texts.append(rs.getLong(1)).append(" × ").append(rs.getString(2)).append('\n');
                }
            }
        }
        return texts.toString();
    }

    private static void sql(String statements) throws SQLException {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute(statements);
        }
    }
}
