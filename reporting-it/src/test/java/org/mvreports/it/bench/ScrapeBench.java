package org.mvreports.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mvreports.it.ApiClient;
import org.mvreports.it.TestStack;

/**
 * (r) What Prometheus and a load balancer's probe cost with 200 reports: a scrape of {@code /metrics} that reads the
 * reports' gauges afresh, and a readiness probe that does, each against the baseline of one report page read through
 * the API by a signed-in user (BENCHMARKS.md, "Operating"). The gauges are read at most every 5 seconds and a probe's
 * answer reused for 1 second, so the rounds are 6 seconds apart: every scrape and probe measured reads the database,
 * as one every 15 seconds would. The sides alternate; nothing is asserted but that every answer was complete.
 */
class ScrapeBench {

    private static final int REPORTS = 200;
    private static final int ROUNDS = 7;
    /** Longer than the gauges' reuse (5 s): each measured scrape reads afresh. */
    private static final Duration APART = Duration.ofSeconds(6);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @Test
    void measure() throws Exception {
        if (!System.getProperty("bench.measurements", "r").contains("r")) {
            return;
        }
        int added = Math.max(0, REPORTS - catalogSize()); // the demo reports and as many small ones as make 200
        if (added > 0) {
            try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
                sql.execute("""
                        DO $$
                        BEGIN
                            FOR i IN 1..%d LOOP
                                EXECUTE format('CREATE MATERIALIZED VIEW IF NOT EXISTS reports.bench_scrape_%%s AS'
                                               ' SELECT %%s AS id WITH NO DATA', i, i);
                            END LOOP;
                        END $$""".formatted(added));
            }
            String views = IntStream.rangeClosed(1, added).mapToObj(i -> "\"bench_scrape_" + i + "\"")
                    .collect(Collectors.joining(","));
            assertEquals("COMPLETED", api.awaitEnd(api.startJob("admin", "{\"views\": [" + views
                    + "], \"includeDependents\": false}")).getString("batchStatus"));
        }
        int reports = catalogSize();

        long[] page = new long[ROUNDS];
        long[] scrape = new long[ROUNDS];
        long[] probe = new long[ROUNDS];
        URI metrics = URI.create(TestStack.applicationUrl()).resolve("/metrics?scope=application");
        URI ready = URI.create(TestStack.applicationUrl()).resolve("/health/ready");
        timed(() -> api.get("reports/monthly_signups/rows?size=50", "viewer")); // warm-up, not counted
        for (int round = 0; round < ROUNDS; round++) {
            Thread.sleep(APART.toMillis()); // the gauges' and the probe's reuse runs out: each side reads afresh
            page[round] = timed(() -> require(api.get("reports/monthly_signups/rows?size=50", "viewer")));
            scrape[round] = timed(() -> require(http.send(HttpRequest.newBuilder(metrics).build(),
                    HttpResponse.BodyHandlers.ofString())));
            probe[round] = timed(() -> require(http.send(HttpRequest.newBuilder(ready).build(),
                    HttpResponse.BodyHandlers.ofString())));
        }
        double base = BenchFigures.median(page);
        StringBuilder table = new StringBuilder("| measurement | baseline (median) | ours (median) | ratio | target |\n"
                + "|---|---|---|---|---|\n");
        table.append(row("(r) a scrape of `/metrics` reading " + reports + " reports' gauges afresh vs one report"
                + " page read", base, BenchFigures.median(scrape)));
        table.append(row("(r) a readiness probe (`/health/ready`) reading afresh, " + reports + " reports, vs one"
                + " report page read", base, BenchFigures.median(probe)));
        BenchFigures.appendSection(String.format(Locale.ROOT, "%n## Operating (ScrapeBench, over HTTP)%n%n"
                + "%d cores; medians of %d rounds %d s apart, sides alternating.%n%n",
                Runtime.getRuntime().availableProcessors(), ROUNDS, APART.toSeconds()) + table);
    }

    private static String row(String what, double baseline, double ours) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %.2f× | a reader does not notice it (a few page reads) |%n",
                what, BenchFigures.time(baseline), BenchFigures.time(ours), ours / baseline);
    }

    private int catalogSize() throws Exception {
        return ApiClient.json(api.get("reports", "viewer")).asJsonArray().size();
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private static long timed(Call call) throws Exception {
        long started = System.nanoTime();
        call.run();
        return System.nanoTime() - started;
    }

    private static void require(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
    }
}
