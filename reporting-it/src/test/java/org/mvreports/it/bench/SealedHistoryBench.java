package org.mvreports.it.bench;

import static org.mvreports.it.bench.BenchFigures.count;
import static org.mvreports.it.bench.BenchFigures.median;
import static org.mvreports.it.bench.BenchFigures.time;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mvreports.it.ApiClient;
import org.mvreports.it.Await;
import org.mvreports.it.TestStack;

/**
 * The auditors' history at size (BENCHMARKS.md, "The history and its chains"): (o) its first page, a filtered page
 * and the page itself with 1,000,000 refresh-log rows vs the same with 1,000; (p) what sealing adds to the commit of a
 * refresh's log row, 6 writers at once, with the chain's trigger vs without; (q) verifying a chain of about 1,000,000
 * links, in rows per second. Ratios against baselines measured in the same run, sides alternating; nothing is asserted
 * but that every answer was complete and every chain intact. Appends its section to
 * {@code target/benchmark-results.md}, after ReportBench's (the bench profile runs the classes in alphabetical
 * order).
 */
class SealedHistoryBench {

    private static final String AUDITOR = "auditor";
    private static final int ROUNDS = 7;
    private static final long SMALL = 1_000;
    private static final long LARGE = 1_000_000;
    private static final int WRITERS = 6;
    private static final int COMMITS_EACH = 50;

    /** The pages measured, each at both sizes. */
    private static final List<String[]> PAGES = List.of(
            new String[] {"API, first page (newest 50)", "api/refresh-log?size=50"},
            new String[] {"API, filtered (one report, FAILED)", "api/refresh-log?view=bench_report_7&outcome=FAILED"},
            new String[] {"API, filtered (the first week, one trigger)",
                    "api/refresh-log?trigger=SCHEDULE&from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z"},
            new String[] {"page `history/`, first page", "history/"},
            new String[] {"page, filtered (one report, with its chart)",
                    "history/?filter=report:eq:bench_report_7"});

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());
    private final HttpClient pages = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final StringBuilder table = new StringBuilder();

    @Test
    void measure() throws Exception {
        String selected = System.getProperty("bench.measurements", "opq");
        if (selected.chars().noneMatch(c -> "opq".indexOf(c) >= 0)) {
            return;
        }
        table.append("| measurement | baseline (median) | ours (median) | ratio | target |\n")
                .append("|---|---|---|---|---|\n");
        if (selected.contains("p")) {
            sealingAtCommit();
        }
        if (selected.contains("o") || selected.contains("q")) {
            growTo(SMALL);
            long[][] small = pageTimes();
            growTo(LARGE);
            long[][] large = pageTimes();
            if (selected.contains("o")) {
                for (int i = 0; i < PAGES.size(); i++) {
                    row("(o) " + PAGES.get(i)[0] + ": " + count(LARGE) + " rows vs " + count(SMALL),
                            median(small[i]), median(large[i]), "≤ 2×");
                }
            }
            if (selected.contains("q")) {
                verifyRate();
            }
        }
        BenchFigures.appendSection(String.format(Locale.ROOT, "%n## The history and its chains (SealedHistoryBench,"
                + " over HTTP)%n%n%d cores; medians of %d rounds, sides alternating.%n%n",
                Runtime.getRuntime().availableProcessors(), ROUNDS) + table);
    }

    /** Adds generated refresh-log rows until the log has {@code rows}, then waits until every one is sealed. */
    private void growTo(long rows) throws Exception {
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            long now = number(sql, "SELECT count(*) FROM app.refresh_log");
            if (now < rows) {
                // A year of refreshes of 50 reports: 2% failed, 30% skipped unchanged, the rest succeeded.
                sql.execute("""
                        INSERT INTO app.refresh_log (view_schema, view_name, outcome, mode, trigger_kind,
                                                     triggered_by, job_execution_id, started_at, finished_at,
                                                     row_count, error_message, sql_state, node_name,
                                                     definition_hash, definition_changed)
                        SELECT 'reports', 'bench_report_' || (g %% 50),
                               CASE WHEN g %% 50 = 7 THEN 'FAILED' WHEN g %% 10 < 3 THEN 'SKIPPED_UNCHANGED'
                                    ELSE 'SUCCEEDED' END,
                               CASE WHEN g %% 10 >= 3 AND g %% 50 <> 7 THEN 'CONCURRENT' END,
                               CASE WHEN g %% 20 = 0 THEN 'API' ELSE 'SCHEDULE' END,
                               CASE WHEN g %% 20 = 0 THEN 'admin' END,
                               g / 10,
                               timestamptz '2026-01-01 00:00:00+00' + g * interval '31 seconds',
                               timestamptz '2026-01-01 00:00:00+00' + g * interval '31 seconds'
                                   + (g %% 5000) * interval '1 millisecond',
                               CASE WHEN g %% 10 >= 3 AND g %% 50 <> 7 THEN g %% 100000 END,
                               CASE WHEN g %% 50 = 7 THEN 'division by zero' END,
                               CASE WHEN g %% 50 = 7 THEN '22012' END,
                               'bench-node',
                               md5((g %% 50)::text) || md5((g %% 50)::text),
                               CASE WHEN g %% 1000 = 3 THEN true ELSE false END
                        FROM generate_series(%d, %d) g""".formatted(now + 1, rows));
            }
        }
        Await.until("every refresh-log row sealed", Duration.ofMinutes(30), () ->
                ApiClient.json(api.get("refresh-log/head", AUDITOR)).asJsonArray().getJsonObject(0)
                        .getJsonNumber("pending").longValue() == 0);
        // What autovacuum does to a history soon after a bulk insert, here at once: statistics and the visibility
        // map (which lets counts read the indexes alone).
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            sql.execute("VACUUM (ANALYZE) app.refresh_log");
        }
    }

    /** Each page's times over {@link #ROUNDS} rounds, the pages in turn. */
    private long[][] pageTimes() throws Exception {
        long[][] times = new long[PAGES.size()][ROUNDS];
        for (String[] page : PAGES) {
            timedGet(page[1]); // warm
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < PAGES.size(); i++) {
                times[i][round] = timedGet(PAGES.get(i)[1]);
            }
        }
        return times;
    }

    /**
     * (p) 6 writers, each committing {@link #COMMITS_EACH} log rows one transaction at a time, as refreshes commit
     * theirs; with the chain's trigger (each row also waits to be sealed) vs with it switched off for the round, the
     * two alternating. Rows written without it are given their wait afterwards, so the chain stays whole.
     */
    private void sealingAtCommit() throws Exception {
        long[] with = new long[ROUNDS];
        long[] without = new long[ROUNDS];
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            writeConcurrently(); // warm
            for (int round = 0; round < ROUNDS; round++) {
                boolean chainFirst = round % 2 == 0;
                for (boolean chain : chainFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    sql.execute("ALTER TABLE app.refresh_log " + (chain ? "ENABLE" : "DISABLE")
                            + " TRIGGER refresh_log_awaits_sealing");
                    long perCommit = writeConcurrently();
                    (chain ? with : without)[round] = perCommit;
                }
            }
            sql.execute("ALTER TABLE app.refresh_log ENABLE TRIGGER refresh_log_awaits_sealing");
            sql.execute("INSERT INTO app.record_unsealed (record, row_id) SELECT 'refresh_log', row_id"
                    + " FROM app.chain_strays('refresh_log') WHERE kind = 'SLIPPED_IN'");
        }
        row("(p) commit of a refresh's log row, " + WRITERS + " writers at once × " + COMMITS_EACH
                + " commits: with the chain vs without", median(without), median(with), "≤ 1.1×");
    }

    /** The median time of one commit while {@link #WRITERS} writers commit at once. */
    private static long writeConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<long[]>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    long[] times = new long[COMMITS_EACH];
                    try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
                        db.setAutoCommit(false);
                        for (int i = 0; i < COMMITS_EACH; i++) {
                            long start = System.nanoTime();
                            sql.executeUpdate("""
                                    INSERT INTO app.refresh_log (view_schema, view_name, outcome, mode,
                                                                 trigger_kind, started_at, finished_at, row_count,
                                                                 node_name)
                                    VALUES ('bench_commits', 'writer', 'SUCCEEDED', 'CONCURRENT', 'API', now(),
                                            now(), 1, 'bench-node')""");
                            db.commit();
                            times[i] = System.nanoTime() - start;
                        }
                    }
                    return times;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> writer : writers) {
                Arrays.stream(writer.get()).forEach(all::add);
            }
            long[] times = all.stream().mapToLong(Long::longValue).toArray();
            return (long) median(times);
        } finally {
            pool.shutdownNow();
        }
    }

    /** (q) Verifying every chain, about a million links in all; rows per second (three runs, the median). */
    private void verifyRate() throws Exception {
        long[] times = new long[3];
        long links = 0;
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = api.get("refresh-log/verify", AUDITOR);
            times[i] = System.nanoTime() - start;
            JsonObject verdict = ApiClient.json(answer).asJsonObject();
            if (!verdict.getBoolean("intact")) {
                throw new IllegalStateException("a chain is not intact: " + verdict);
            }
            links = verdict.getJsonArray("chains").stream()
                    .mapToLong(c -> c.asJsonObject().getJsonNumber("checkedThrough").longValue()).sum();
        }
        double seconds = median(times) / 1e9;
        table.append(String.format(Locale.ROOT, "| (q) `GET /api/refresh-log/verify`, %s links in all | | %s |"
                + " %s rows/s | (figure) |%n", count(links), time(median(times)), count((long) (links / seconds))));
    }

    private long timedGet(String path) throws Exception {
        boolean api = path.startsWith("api/");
        long start = System.nanoTime();
        HttpResponse<String> response = api ? this.api.get(path.substring(4), AUDITOR) : pages.send(
                HttpRequest.newBuilder(URI.create(TestStack.applicationUrl() + path)).header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString((AUDITOR + ":" + AUDITOR)
                                .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200 || (!api && !response.body().contains("table-form"))) {
            throw new IllegalStateException(path + ": " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
        return elapsed;
    }

    private void row(String what, double baseline, double ours, String target) {
        table.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f× | %s |%n", what, time(baseline), time(ours),
                ours / baseline, target));
    }

    private static long number(Statement sql, String query) throws SQLException {
        try (ResultSet rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
