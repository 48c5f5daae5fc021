package org.mvreports.it.bench;

import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mvreports.it.incontainer.InContainerDeployment;
import org.mvreports.refresh.control.ViewRefresher;
import org.mvreports.refresh.job.entity.RefreshJobParameters;
import org.mvreports.refresh.job.control.RefreshJobLauncher;
import org.mvreports.settings.ReportingSettings;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.refresh.entity.RefreshRequest;
import org.mvreports.history.entity.RefreshResult;
import org.mvreports.history.entity.RefreshTrigger;
import org.mvreports.definition.control.PostgresCatalog;

/**
 * The refresh engine's cost, measured in the server against the demo reports at benchmark scale (see
 * BENCHMARKS.md for how to run it). Every number is a ratio against a baseline measured in the same
 * run, so a noisy shared machine moves both sides. Nothing is asserted: targets are reported, not enforced.
 * Results go to {@code target/benchmark-results.md}.
 */
@ExtendWith(ArquillianExtension.class)
class RefreshBench {

    private static final int ROUNDS = 5;
    /**
     * Jobs are short at this scale and their fixed cost varies more, so (e) and (f) take more rounds.
     */
    private static final int JOB_ROUNDS = 11;
    /** Jobs run before the first job is measured. */
    private static final int JOB_WARM_UP = 20;
    /**
     * Rounds of (d), an even number: its two sides take turns at going first. A round is short, and the per-round
     * ratios of 5 rounds spread from 0.6 to 1.1 on a loaded machine.
     */
    private static final int WRITE_ROUNDS = 10;
    private static final int READS = 2_000;
    private static final int WRITES = 5_000;
    private static final Duration LIMIT = Duration.ofHours(1);

    /**
     * The small report of (k): a few dozen rows, a sub-millisecond read. Its reads are paced, one every
     * {@link #READ_PACE}, as a site's users' page views arrive, rather than back to back as in (c): a reader that
     * never pauses would itself keep a core busy.
     */
    private static final String SMALL_VIEW = "monthly_signups";
    private static final int PACED_READS = 2_500;
    private static final Duration READ_PACE = Duration.ofMillis(2);

    /**
     * The benchmark's own heavy report for (k) and (l), created for them and dropped afterwards: few rows (destination
     * × month, about 300) from a join over every demo table (600k results, 600k uploads, 400k shipments, 2M users at
     * the default scale). The demo data has no link from shipments to users, so each shipment gets a made-up sender,
     * user {@code 5 × shipment id} (five users per shipment: every shipment has one, spread over the whole table).
     * No DISTINCT aggregate, so PostgreSQL can aggregate in parallel workers; the unique index lets it refresh
     * CONCURRENTLY.
     */
    private static final String HEAVY_VIEW = "bench_destination_months";
    private static final String HEAVY_QUERY = """
            SELECT s.destination,
                   date_trunc('month', s.shipped_at AT TIME ZONE 'UTC')::date             AS month,
                   count(*)                                                                AS results,
                   count(r.approved_at)                                                    AS approved_results,
                   sum(u.size_bytes)                                                       AS uploaded_bytes,
                   avg(r.end_date - r.start_date)                                          AS avg_result_days,
                   avg(r.start_date - (u.uploaded_at AT TIME ZONE 'UTC')::date)            AS avg_days_to_result,
                   avg(extract(epoch FROM s.shipped_at - sender.joined_at) / 86400)        AS avg_sender_age_days
            FROM demo.results r
            JOIN demo.uploads u ON u.id = r.upload_id
            JOIN demo.shipments s ON s.id = u.shipment_id
            JOIN demo.users sender ON sender.id = s.id * 5
            GROUP BY 1, 2""";

    /**
     * Rounds of (l). A heavy refresh varies far more from one minute to the next on a shared machine than the
     * engine adds to it, so (l) takes many rounds and uses each round's own ratio.
     */
    private static final int HEAVY_ROUNDS = 16;
    /**
     * The order of (l)'s sides in successive rounds (P plain, E engine, J job): the plain refresh in the middle, so
     * that both the engine and the job run right next to it, each of them before it in half of the rounds.
     */
    private static final String[] ORDERS = {"EPJ", "JPE"};

    /** Settings of max_parallel_workers_per_gather in the heavy refresh's transaction that (k) compares. */
    private static final int[] PARALLEL_WORKERS = {2, 1, 0};

    private static final Pattern WORKERS_PLANNED = Pattern.compile("\"Workers Planned\": (\\d+)");

    @Deployment
    static WebArchive deployment() {
        Path output = Path.of("target", "benchmark-results.md").toAbsolutePath();
        return InContainerDeployment.withBusinessModule("refresh-bench")
                .addClass(RefreshBench.class)
                .addAsResource(new StringAsset(output.toString()), "benchmark-output-path")
                .addAsResource(new StringAsset(System.getProperty("bench.measurements", "abcdekl")),
                        "benchmark-measurements");
    }

    @Inject
    ViewRefresher refresher;

    @Inject
    RefreshJobLauncher launcher;

    @Inject
    ReportingSettings settings;

    @Resource(lookup = "jdbc/reporting")
    DataSource dataSource;

    @Resource
    ManagedExecutorService executor;

    private final StringBuilder report = new StringBuilder();
    private final StringBuilder details = new StringBuilder();

    private boolean jobsWarm;

    @Test
    void measure() throws Exception {
        String selected = resource("benchmark-measurements");
        refresh(Set.of(), true); // warm-up: every view once, caches and plans warm
        report.append("| measurement | baseline (median) | ours (median) | ratio | target |\n")
                .append("|---|---|---|---|---|\n");
        if (selected.contains("a")) {
            engineVersusPlainRefresh();
        }
        if (selected.contains("b")) {
            nothingChangedVersusEverythingChanged();
        }
        if (selected.contains("c")) {
            readLatencyDuringRefresh();
        }
        if (selected.contains("d")) {
            writerCostOfChangeTracking();
        }
        if (selected.contains("e")) {
            jobVersusCriticalPath();
        }
        if (selected.contains("k") || selected.contains("l")) {
            // Created after (b), which refreshes every report, and dropped before anything else could see it.
            execute("CREATE MATERIALIZED VIEW reports." + HEAVY_VIEW + " AS " + HEAVY_QUERY,
                    "CREATE UNIQUE INDEX " + HEAVY_VIEW + "_key ON reports." + HEAVY_VIEW + " (destination, month)");
            try {
                if (selected.contains("k")) {
                    readersDuringHeavyRefresh();
                }
                if (selected.contains("l")) {
                    overheadOnHeavyView();
                }
            } finally {
                execute("DROP MATERIALIZED VIEW reports." + HEAVY_VIEW);
            }
        }
        write();
    }

    /**
     * (a) our refresh of one large view vs REFRESH ... CONCURRENTLY of it over JDBC, alternating. Both sides run
     * with the same max_parallel_workers_per_gather: the engine's setting (the test stack sets one).
     */
    private void engineVersusPlainRefresh() throws SQLException {
        String view = "shipment_status";
        long[] direct = new long[ROUNDS];
        long[] ours = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            direct[i] = plainRefresh(view, settings.refreshParallelWorkers());
            long start = System.nanoTime();
            List<RefreshResult> results = refresh(Set.of(view), true);
            ours[i] = System.nanoTime() - start;
            require(results, RefreshOutcome.SUCCEEDED);
        }
        row("(a) refresh `" + view + "` (" + count("reports." + view) + " rows): ours vs plain `REFRESH CONCURRENTLY`",
                direct, ours, "≤ 1.05");
    }

    /** (b) all demo reports when nothing changed (all skipped) vs when everything changed (forced). */
    private void nothingChangedVersusEverythingChanged() {
        long[] changed = new long[ROUNDS];
        long[] unchanged = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            require(refresh(Set.of(), true), RefreshOutcome.SUCCEEDED);
            changed[i] = System.nanoTime() - start;
            start = System.nanoTime();
            require(refresh(Set.of(), false), RefreshOutcome.SKIPPED_UNCHANGED);
            unchanged[i] = System.nanoTime() - start;
        }
        row("(b) all demo reports: nothing changed (skipped) vs everything changed", changed, unchanged, "≤ 0.02");
    }

    /** (c) p99 of page reads of a report while it is refreshed concurrently, vs idle. */
    private void readLatencyDuringRefresh() throws Exception {
        Callable<long[]> reads = () -> reads("shipment_status", "shipment_id", READS, Duration.ZERO);
        long[] idle = reads.call();
        long[] busy = whileRefreshing(() -> {
            long start = System.nanoTime();
            refresh(Set.of("shipment_status"), true);
            return System.nanoTime() - start;
        }, reads).reads();
        report.append(String.format(Locale.ROOT, "| (c) p99 of %d page reads of `shipment_status`: during refresh vs"
                        + " idle | %.2f ms | %.2f ms | %.2f | ≤ 2 |%n", READS, p99(idle) / 1e6, p99(busy) / 1e6,
                p99(busy) / p99(idle)));
    }

    /** (d) single-row insert transactions into a table with and without the change-tracking trigger. */
    private void writerCostOfChangeTracking() throws SQLException {
        execute("DROP TABLE IF EXISTS app.bench_writes",
                "CREATE TABLE app.bench_writes (id bigserial PRIMARY KEY, v int NOT NULL)");
        long[] plain = new long[WRITE_ROUNDS];
        long[] tracked = new long[WRITE_ROUNDS];
        try {
            for (int i = 0; i < WRITE_ROUNDS; i++) {
                // The table grows by every round, so each side goes first in half of the rounds.
                if (i % 2 == 0) {
                    plain[i] = writes() / WRITES;
                }
                execute("CREATE TRIGGER bench_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON app.bench_writes"
                        + " FOR EACH STATEMENT EXECUTE FUNCTION app.record_source_change()");
                tracked[i] = writes() / WRITES;
                execute("DROP TRIGGER bench_change ON app.bench_writes");
                if (i % 2 == 1) {
                    plain[i] = writes() / WRITES;
                }
            }
        } finally {
            execute("DROP TABLE app.bench_writes");
        }
        row("(d) one-row INSERT transaction, per transaction: with change tracking vs without", plain, tracked,
                "small (reported)");
        // Each round measures both sides one right after the other; their ratios show how far noise spreads them.
        details.append(String.format(Locale.ROOT, "%n(d) the rounds' ratios, sorted: %s (median %.3f)%n",
                ratios(tracked, plain), medianRatio(tracked, plain)));
    }

    /**
     * (e) a job refreshing the demo diamond with parallelism 2 vs its critical path (longest chain of individual
     * refreshes) and vs the sum of them; (e+) the same from the {@code start()} call, which the caller waits for
     * before it has an execution id; (f) the job machinery's cost per view: a one-view job vs the engine alone.
     */
    private void jobVersusCriticalPath() throws Exception {
        List<String> diamond = List.of("daily_uploads", "weekly_uploads", "monthly_uploads", "monthly_upload_peaks");
        long[] criticalPath = new long[JOB_ROUNDS];
        long[] sum = new long[JOB_ROUNDS];
        long[] job = new long[JOB_ROUNDS];
        long[] jobExecution = new long[JOB_ROUNDS];
        long[] engineOneView = new long[JOB_ROUNDS];
        long[] jobOneView = new long[JOB_ROUNDS];
        List<JobTiming> jobs = new ArrayList<>();
        warmUpJobs();
        for (int i = 0; i < JOB_ROUNDS; i++) {
            long[] single = new long[diamond.size()];
            for (int v = 0; v < diamond.size(); v++) {
                long start = System.nanoTime();
                require(refresh(Set.of(diamond.get(v)), true), RefreshOutcome.SUCCEEDED);
                single[v] = System.nanoTime() - start;
            }
            criticalPath[i] = single[0] + Math.max(single[1], single[2]) + single[3];
            sum[i] = single[0] + single[1] + single[2] + single[3];
            JobTiming diamondJob = timeJob(Set.of("daily_uploads"), true);
            jobs.add(diamondJob);
            job[i] = diamondJob.fromStartCall();
            jobExecution[i] = diamondJob.execution();

            long start = System.nanoTime();
            require(refresh(Set.of("monthly_signups"), true), RefreshOutcome.SUCCEEDED);
            engineOneView[i] = System.nanoTime() - start;
            JobTiming oneViewJob = timeJob(Set.of("monthly_signups"), false);
            jobs.add(oneViewJob);
            jobOneView[i] = oneViewJob.fromStartCall();
        }
        row("(e) job refreshing the demo diamond, parallelism " + settings.refreshParallelism()
                + ": the job's wall time (its execution's start to end) vs critical path", criticalPath,
                jobExecution, "≤ 1.15");
        row("(e') the same job vs the sum of the four refreshes", sum, jobExecution, "< 1 (parallel)");
        row("(e+) the same job from the `start()` call (which creates its instance and execution) vs critical path",
                criticalPath, job, "reported");
        report.append(String.format(Locale.ROOT, "| (f) job machinery per view: one-view job minus engine alone"
                        + " (`monthly_signups`) | %s | %s | +%s | reported |%n", format(median(engineOneView)),
                format(median(jobOneView)), format(median(jobOneView) - median(engineOneView))));
        jobPhases("every job of (e) and (f)", jobs);
    }

    /**
     * (k) readers of a small report while a big report refreshes, on a small machine: p50 and p99 of paced page reads
     * of {@link #SMALL_VIEW} ({@code ORDER BY month LIMIT 50}) while {@link #HEAVY_VIEW} is refreshed CONCURRENTLY
     * in a loop, vs the same reads with nothing else running, for each max_parallel_workers_per_gather of
     * {@link #PARALLEL_WORKERS} set inside the refresh's transaction (what REPORTING_REFRESH_PARALLEL_WORKERS makes
     * the engine do; the refreshes here are plain JDBC because the test stack fixes that setting for the engine).
     * Readers are never blocked by a concurrent refresh; what slows them is sharing the cores with the refresh and
     * its parallel workers. The refreshes' own durations are the other side of the trade-off. The sides alternate
     * within each round (their order rotates from round to round); each figure is the median over rounds, each ratio
     * the median of the rounds' own ratios.
     */
    private void readersDuringHeavyRefresh() throws Exception {
        details.append("\n(k) `").append(HEAVY_VIEW).append("` (").append(count("reports." + HEAVY_VIEW))
                .append(" rows); the database's max_parallel_workers_per_gather: ")
                .append(query("SHOW max_parallel_workers_per_gather")).append("\n\n")
                .append("| max_parallel_workers_per_gather in the refresh | workers planned (EXPLAIN of its query)"
                        + " | parallel workers seen running the REFRESH (pg_stat_activity) |\n|---|---|---|\n");
        for (int workers : PARALLEL_WORKERS) {
            Callable<Long> refresh = () -> plainRefresh(HEAVY_VIEW, OptionalInt.of(workers));
            details.append("| ").append(workers).append(" | ").append(workersPlanned(workers)).append(" | ")
                    .append(mostWorkersWhile(executor.submit(refresh))).append(" |\n");
        }
        int sides = PARALLEL_WORKERS.length + 1; // each setting, then idle
        long[][] p50 = new long[sides][ROUNDS];
        long[][] p99 = new long[sides][ROUNDS];
        List<List<Long>> refreshes = new ArrayList<>();
        for (int s = 0; s < PARALLEL_WORKERS.length; s++) {
            refreshes.add(new ArrayList<>());
        }
        Callable<long[]> reads = () -> reads(SMALL_VIEW, "month", PACED_READS, READ_PACE);
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < sides; k++) {
                int side = (k + round) % sides;
                long[] latencies;
                if (side == PARALLEL_WORKERS.length) {
                    latencies = reads.call();
                } else {
                    OptionalInt workers = OptionalInt.of(PARALLEL_WORKERS[side]);
                    Busy busy = whileRefreshing(() -> plainRefresh(HEAVY_VIEW, workers), reads);
                    latencies = busy.reads();
                    busy.refreshes().forEach(refreshes.get(side)::add);
                }
                p50[side][round] = percentile(latencies, 0.50);
                p99[side][round] = percentile(latencies, 0.99);
            }
        }
        int idle = PARALLEL_WORKERS.length;
        details.append("\n| max_parallel_workers_per_gather in the refresh | refresh (median of ")
                .append("the loop's refreshes) | refresh / with ").append(PARALLEL_WORKERS[0])
                .append(" | readers' p50: idle → during | readers' p99: idle → during | p99 during / idle")
                .append(" (median of the rounds' ratios) | the rounds' p99 ratios |\n|---|---|---|---|---|---|---|\n");
        for (int s = 0; s < PARALLEL_WORKERS.length; s++) {
            pairedRow("(k) p99 of " + PACED_READS + " paced reads of `" + SMALL_VIEW + "` during a CONCURRENTLY"
                    + " refresh of `" + HEAVY_VIEW + "` with max_parallel_workers_per_gather " + PARALLEL_WORKERS[s]
                    + " vs idle", p99[idle], p99[s], "reported");
            details.append(String.format(Locale.ROOT,
                    "| %d | %s (%d refreshes) | %.2f | %s → %s | %s → %s | %.2f | %s |%n",
                    PARALLEL_WORKERS[s], format(median(refreshes.get(s))), refreshes.get(s).size(),
                    median(refreshes.get(s)) / median(refreshes.get(0)), format(median(p50[idle])),
                    format(median(p50[s])), format(median(p99[idle])), format(median(p99[s])),
                    medianRatio(p99[s], p99[idle]), ratios(p99[s], p99[idle])));
        }
    }

    /**
     * (l1) the engine's refresh (forced) of a view with few rows and a heavy query ({@link #HEAVY_VIEW}) vs
     * REFRESH ... CONCURRENTLY of it over JDBC, both with the engine's max_parallel_workers_per_gather: on such a view
     * nearly all the time is the query, so what the engine adds (plan, limits, lock, definition hash, snapshot, count,
     * two inserts, commit, prune) is the gap. (l2) a {@code refresh-reports} job of that one view, its execution's
     * start to end as the batch runtime records them, and (l2+) from the {@code start()} call, vs the same plain
     * refresh: the job's planning, progress rows and batch repository writes on top.
     *
     * <p>A heavy refresh on a shared two-core machine varies by half from one minute to the next, far more than the
     * engine adds, so the ratios are taken within rounds: each round runs the three sides one right after the other,
     * the plain refresh between the other two, which each go first in half of the rounds ({@link #ORDERS}). A ratio
     * is the median of the rounds' own ratios, which load that comes and goes moves much less than a ratio of
     * medians. To explain a gap: each round's figures, the rounds' median differences, the engine's time split at its
     * attempt's own start and end (the result's timestamps), its statements besides the REFRESH timed one by one, the
     * job's view's refresh on its own and the job's phases.
     */
    private void overheadOnHeavyView() throws Exception {
        warmUpJobs();
        OptionalInt workers = settings.refreshParallelWorkers();
        details.append("\n(l) max_parallel_workers_per_gather on every side: ")
                .append(workers.isPresent() ? String.valueOf(workers.getAsInt()) : "the database's")
                .append(" (the engine's setting); parallel workers seen running the REFRESH: plain ")
                .append(mostWorkersWhile(executor.submit(() -> plainRefresh(HEAVY_VIEW, workers))))
                .append(", engine ").append(mostWorkersWhile(executor.submit(() -> refresh(Set.of(HEAVY_VIEW), true))))
                .append(", job ").append(mostWorkersWhile(executor.submit(() -> timeJob(Set.of(HEAVY_VIEW), false))))
                .append("\n\n| round | order | plain | engine: whole call | its attempt | job: execution"
                        + " | its view's refresh | engine / plain | job / plain |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        long[] plain = new long[HEAVY_ROUNDS];
        long[] engine = new long[HEAVY_ROUNDS];
        long[] attempt = new long[HEAVY_ROUNDS];
        long[] outsideAttempt = new long[HEAVY_ROUNDS];
        long[] jobExecution = new long[HEAVY_ROUNDS];
        long[] jobFromStartCall = new long[HEAVY_ROUNDS];
        long[] jobViewRefresh = new long[HEAVY_ROUNDS];
        List<JobTiming> jobs = new ArrayList<>();
        for (int i = 0; i < HEAVY_ROUNDS; i++) {
            String order = ORDERS[i % ORDERS.length];
            for (char side : order.toCharArray()) {
                switch (side) {
                    case 'P' -> plain[i] = plainRefresh(HEAVY_VIEW, workers);
                    case 'E' -> {
                        long start = System.nanoTime();
                        List<RefreshResult> results = refresh(Set.of(HEAVY_VIEW), true);
                        engine[i] = System.nanoTime() - start;
                        require(results, RefreshOutcome.SUCCEEDED);
                        attempt[i] = Duration.between(results.get(0).startedAt(), results.get(0).finishedAt())
                                .toNanos();
                        outsideAttempt[i] = engine[i] - attempt[i];
                    }
                    default -> {
                        JobTiming job = timeJob(Set.of(HEAVY_VIEW), false);
                        jobs.add(job);
                        jobExecution[i] = job.execution();
                        jobFromStartCall[i] = job.fromStartCall();
                    }
                }
            }
            List<Instant> phases = jobs.get(i).phases();
            jobViewRefresh[i] = Duration.between(phases.get(4), phases.get(5)).toNanos();
            details.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %.3f | %.3f |%n", i + 1,
                    order, format(plain[i]), format(engine[i]), format(attempt[i]), format(jobExecution[i]),
                    format(jobViewRefresh[i]), (double) engine[i] / plain[i], (double) jobExecution[i] / plain[i]));
        }
        details.append(String.format(Locale.ROOT, "| median | | %s | %s | %s | %s | %s | %.3f | %.3f |%n",
                format(median(plain)), format(median(engine)), format(median(attempt)), format(median(jobExecution)),
                format(median(jobViewRefresh)), medianRatio(engine, plain), medianRatio(jobExecution, plain)));
        String what = "`" + HEAVY_VIEW + "` (" + count("reports." + HEAVY_VIEW) + " rows from all four demo tables)";
        pairedRow("(l1) refresh " + what + ": ours vs plain `REFRESH CONCURRENTLY`", plain, engine, "≤ 1.05");
        pairedRow("(l2) job refreshing " + what + ": its execution's start to end vs plain `REFRESH CONCURRENTLY`",
                plain, jobExecution, "≤ 1.05");
        pairedRow("(l2+) the same job from the `start()` call vs plain `REFRESH CONCURRENTLY`", plain,
                jobFromStartCall, "reported");
        details.append("\n(l) the rounds' ratios, sorted: engine / plain ").append(ratios(engine, plain))
                .append("; job / plain ").append(ratios(jobExecution, plain))
                .append("; the job's view's refresh / plain ").append(ratios(jobViewRefresh, plain))
                .append(String.format(Locale.ROOT, " (median %.3f)%n", medianRatio(jobViewRefresh, plain)))
                .append(String.format(Locale.ROOT, "%n(l2) the job minus plain refresh, same round (median of the"
                        + " rounds' differences): execution %s, of which its view's refresh %s%n",
                        signed(medianDifference(jobExecution, plain)), signed(medianDifference(jobViewRefresh, plain))))
                .append("\n| (l1) the engine's refresh | median |\n|---|---|\n")
                .append("| whole call | ").append(format(median(engine))).append(" |\n")
                .append("| its attempt: connection, limits, lock, hash, snapshot, REFRESH, count, change row | ")
                .append(format(median(attempt))).append(" |\n")
                .append("| outside the attempt: plan (catalog, triggers), log row, commit, prune | ")
                .append(format(median(outsideAttempt))).append(" |\n")
                .append("| whole call minus plain refresh, same round (median of the rounds' differences) | ")
                .append(signed(medianDifference(engine, plain))).append(" |\n")
                .append("| its attempt minus plain refresh, same round (median of the rounds' differences) | ")
                .append(signed(medianDifference(attempt, plain))).append(" |\n");
        engineStatements();
        jobPhases("the jobs of (l2)", jobs);
    }

    /**
     * The statements the engine runs in a refresh's transaction besides the REFRESH, on {@link #HEAVY_VIEW}, each
     * timed from JDBC (median of {@link #JOB_ROUNDS} runs) in a transaction that is rolled back: what they add to
     * the refresh, without the noise of the refresh itself.
     */
    private void engineStatements() throws SQLException {
        long oid = Long.parseLong(query("SELECT 'reports." + HEAVY_VIEW + "'::regclass::oid"));
        List<String> statements = List.of(
                "SELECT set_config('statement_timeout', '3600000ms', true)",
                "SELECT pg_try_advisory_xact_lock(" + (0x4D56L << 32 | oid) + ")",
                "SELECT app.view_definition_hash(" + oid + "::oid)",
                "SELECT pg_current_snapshot()::text",
                "SELECT count(*) FROM reports." + HEAVY_VIEW,
                "INSERT INTO app.source_changes (relation_oid) VALUES (" + oid + ")");
        details.append("\n| (l1) statement in the refresh's transaction besides the REFRESH | median |\n|---|---|\n");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String statement : statements) {
                    long[] durations = new long[JOB_ROUNDS];
                    for (int i = 0; i < JOB_ROUNDS; i++) {
                        long start = System.nanoTime();
                        s.execute(statement);
                        durations[i] = System.nanoTime() - start;
                    }
                    details.append("| `").append(statement).append("` | ").append(format(median(durations)))
                            .append(" |\n");
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** Runs {@link #JOB_WARM_UP} jobs once per benchmark, so the job path is compiled before any job is timed. */
    private void warmUpJobs() throws InterruptedException, SQLException {
        // A server that has run for a while has compiled the job machinery; the first jobs were measured a third
        // slower than the twentieth.
        if (!jobsWarm) {
            for (int i = 0; i < JOB_WARM_UP; i++) {
                timeJob(Set.of("daily_uploads"), true);
            }
            jobsWarm = true;
        }
    }

    /** Where a job's time goes beyond its refreshes: medians over the given jobs. */
    private void jobPhases(String which, List<JobTiming> jobs) {
        String[] names = {"`start()` call (validate, create instance and execution)",
                "queued until the batch runtime starts it", "batch start until the batchlet runs",
                "planning (catalog, triggers, progress rows)", "the views' refreshes",
                "after the last view until the batch end is recorded"};
        details.append("\n| job phase (").append(which).append(") | median |\n|---|---|\n");
        for (int p = 0; p < names.length; p++) {
            long[] durations = new long[jobs.size()];
            for (int j = 0; j < jobs.size(); j++) {
                List<Instant> phases = jobs.get(j).phases();
                durations[j] = Duration.between(phases.get(p), phases.get(p + 1)).toNanos();
            }
            details.append("| ").append(names[p]).append(" | ").append(format(median(durations))).append(" |\n");
        }
    }

    /**
     * A job's wall time in nanoseconds, both ending at the end the batch runtime recorded (clock milliseconds), so
     * that how often the benchmark polls is not part of it.
     *
     * @param fromStartCall from the {@code start()} call, which creates the job instance and execution
     * @param execution     from the execution's start as the batch runtime records it
     * @param phases        the instants between the phases {@link #jobPhases} names: the start() call, its return,
     *                      the execution's start, the job's own start, its first view's start, its last view's end,
     *                      the execution's end
     */
    private record JobTiming(long fromStartCall, long execution, List<Instant> phases) {
    }

    /** Starts a forced job and waits until it ends. */
    private JobTiming timeJob(Set<String> views, boolean includeDependents) throws InterruptedException, SQLException {
        Instant wallStart = Instant.now();
        long execution = launcher.start(RefreshJobParameters.request(views, includeDependents, true,
                new RefreshTrigger(RefreshTrigger.Kind.USER, "benchmark")));
        Instant launched = Instant.now();
        JobOperator operator = BatchRuntime.getJobOperator();
        while (!Set.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.STOPPED, BatchStatus.ABANDONED)
                .contains(operator.getJobExecution(execution).getBatchStatus())) {
            // The end time is recorded by the runtime, so polling less often only makes the benchmark wait longer,
            // and it disturbs the job less: every 50 ms, or a tenth of the time the job has run if longer.
            Thread.sleep(Math.max(50, Duration.between(wallStart, Instant.now()).toMillis() / 10));
        }
        JobExecution done = operator.getJobExecution(execution);
        if (done.getBatchStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("benchmark job " + execution + " did not complete");
        }
        Instant started = done.getStartTime().toInstant();
        Instant ended = done.getEndTime().toInstant();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT r.started_at, min(v.started_at), max(v.finished_at)
                FROM app.refresh_job_runs r JOIN app.refresh_job_views v USING (execution_id)
                WHERE execution_id = ? GROUP BY r.started_at""")) {
            q.setLong(1, execution);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new JobTiming(Duration.between(wallStart, ended).toNanos(),
                        Duration.between(started, ended).toNanos(),
                        List.of(wallStart, launched, started, rs.getTimestamp(1).toInstant(),
                                rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(), ended));
            }
        }
    }

    /** The latencies of reads taken while a refresh runs again and again, and the durations of those refreshes. */
    private record Busy(long[] reads, List<Long> refreshes) {
    }

    /**
     * Runs {@code refresh} in a loop on another thread and takes {@code reads} meanwhile, starting once the first
     * refresh is under way; returns when the refresh running at the end of the reads has finished.
     *
     * @param refresh one refresh, returning its duration in nanoseconds
     */
    private Busy whileRefreshing(Callable<Long> refresh, Callable<long[]> reads) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Future<List<Long>> refreshing = executor.submit(() -> {
            List<Long> durations = new ArrayList<>();
            while (!stop.get()) {
                durations.add(refresh.call());
            }
            return durations;
        });
        long[] latencies;
        try {
            Thread.sleep(200);
            latencies = reads.call();
        } finally {
            stop.set(true);
        }
        return new Busy(latencies, refreshing.get());
    }

    /**
     * Latencies of {@code count} page reads ({@code ORDER BY key LIMIT 50} at a random offset) of a report.
     *
     * @param pace one read starts every this often (zero: back to back); a read that ends late starts the next at once
     */
    private long[] reads(String view, String key, int count, Duration pace) throws SQLException {
        long max = count("reports." + view);
        long[] latencies = new long[count];
        try (Connection c = dataSource.getConnection(); PreparedStatement page = c.prepareStatement(
                "SELECT * FROM reports." + view + " ORDER BY " + key + " LIMIT 50 OFFSET ?")) {
            long next = System.nanoTime();
            for (int i = 0; i < count; i++) {
                next += pace.toNanos();
                page.setLong(1, ThreadLocalRandom.current().nextLong(Math.max(1, max - 50)));
                long start = System.nanoTime();
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
                latencies[i] = System.nanoTime() - start;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }
        return latencies;
    }

    /**
     * {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} over plain JDBC, in a transaction of its own in which
     * max_parallel_workers_per_gather is set first when {@code parallelWorkers} is present: exactly what the engine
     * does with REPORTING_REFRESH_PARALLEL_WORKERS (empty: the database's own setting).
     *
     * @return its duration in nanoseconds, from asking the pool for a connection to the commit
     */
    private long plainRefresh(String view, OptionalInt parallelWorkers) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                setParallelWorkers(s, parallelWorkers);
                s.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY reports." + view);
                c.commit();
            } finally {
                c.setAutoCommit(true); // rolls back what did not commit; the pool gets it back as it gave it
            }
        }
        return System.nanoTime() - start;
    }

    /** The most parallel workers any Gather of the heavy view's query plans for, with the given setting. */
    private int workersPlanned(int parallelWorkers) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                setParallelWorkers(s, OptionalInt.of(parallelWorkers));
                try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) " + HEAVY_QUERY)) {
                    rs.next();
                    Matcher planned = WORKERS_PLANNED.matcher(rs.getString(1));
                    int most = 0;
                    while (planned.find()) {
                        most = Math.max(most, Integer.parseInt(planned.group(1)));
                    }
                    return most;
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * Watches {@code pg_stat_activity} until {@code refreshing} is done: the most parallel workers seen at once
     * working for a REFRESH ... CONCURRENTLY, which shows that the refresh itself (not only its query under EXPLAIN)
     * runs in parallel, and with how many workers.
     */
    private int mostWorkersWhile(Future<?> refreshing) throws Exception {
        int most = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement workers = c.prepareStatement("""
                SELECT count(*)
                FROM pg_stat_activity worker
                JOIN pg_stat_activity leader ON leader.pid = worker.leader_pid
                WHERE worker.backend_type = 'parallel worker'
                  AND leader.query LIKE 'REFRESH MATERIALIZED VIEW CONCURRENTLY %'""")) {
            while (!refreshing.isDone()) {
                try (ResultSet rs = workers.executeQuery()) {
                    rs.next();
                    most = Math.max(most, rs.getInt(1));
                }
                Thread.sleep(10);
            }
        }
        refreshing.get();
        return most;
    }

    private static void setParallelWorkers(Statement statement, OptionalInt parallelWorkers) throws SQLException {
        if (parallelWorkers.isPresent()) {
            statement.execute("SELECT set_config('max_parallel_workers_per_gather', '"
                    + parallelWorkers.getAsInt() + "', true)");
        }
    }

    private long writes() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO app.bench_writes (v) VALUES (?)")) {
            long start = System.nanoTime();
            for (int i = 0; i < WRITES; i++) {
                insert.setInt(1, i);
                insert.executeUpdate();
            }
            return System.nanoTime() - start;
        }
    }

    private List<RefreshResult> refresh(Set<String> views, boolean force) {
        return refresher.refresh(new RefreshRequest(PostgresCatalog.REPORT_SCHEMA, views, false, force,
                new RefreshTrigger(RefreshTrigger.Kind.USER, "benchmark"), null, LIMIT, LIMIT));
    }

    private static void require(List<RefreshResult> results, RefreshOutcome outcome) {
        for (RefreshResult result : results) {
            if (result.outcome() != outcome) {
                throw new IllegalStateException("expected " + outcome + ": " + result);
            }
        }
    }

    /** Runs statements, each committed on its own. */
    private void execute(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** The first column of the first row of a query, as text. */
    private String query(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long count(String relation) throws SQLException {
        return Long.parseLong(query("SELECT count(*) FROM " + relation));
    }

    private void row(String what, long[] baseline, long[] ours, String target) {
        double b = median(baseline);
        double o = median(ours);
        report.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %s |%n", what, format(b), format(o),
                o / b, target));
    }

    /**
     * A row whose ratio is the median of the rounds' own ratios ({@link #medianRatio}), for sides measured one right
     * after the other in each round; the medians beside it are each side's own.
     */
    private void pairedRow(String what, long[] baseline, long[] ours, String target) {
        report.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %s |%n", what, format(median(baseline)),
                format(median(ours)), medianRatio(ours, baseline), target));
    }

    private static String format(double nanos) {
        return nanos >= 1e6 ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    private static double median(long[] values) {
        return percentile(values, 0.5);
    }

    private static double median(List<Long> values) {
        return median(values.stream().mapToLong(Long::longValue).toArray());
    }

    /** The median of the ratios {@code ours[i] / baseline[i]} of sides measured one right after the other. */
    private static double medianRatio(long[] ours, long[] baseline) {
        double[] ratios = new double[ours.length];
        for (int i = 0; i < ours.length; i++) {
            ratios[i] = (double) ours[i] / baseline[i];
        }
        return middle(ratios);
    }

    /** The median proper: with an even count, the mean of the two middle values (rounds come in pairs in (l)). */
    private static double middle(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int half = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    /** Each round's ratio {@code ours[i] / baseline[i]}, sorted, as text: how far noise spreads them. */
    private static String ratios(long[] ours, long[] baseline) {
        double[] ratios = new double[ours.length];
        for (int i = 0; i < ours.length; i++) {
            ratios[i] = (double) ours[i] / baseline[i];
        }
        Arrays.sort(ratios);
        List<String> text = new ArrayList<>();
        for (double ratio : ratios) {
            text.add(String.format(Locale.ROOT, "%.2f", ratio));
        }
        return String.join(" ", text);
    }

    /** The median of the differences {@code ours[i] - baseline[i]} of sides measured one right after the other. */
    private static double medianDifference(long[] ours, long[] baseline) {
        double[] differences = new double[ours.length];
        for (int i = 0; i < ours.length; i++) {
            differences[i] = ours[i] - baseline[i];
        }
        return middle(differences);
    }

    private static String signed(double nanos) {
        return (nanos < 0 ? "−" : "+") + format(Math.abs(nanos));
    }

    private static double p99(long[] values) {
        return percentile(values, 0.99);
    }

    /** The nearest-rank percentile: the smallest value at least {@code fraction} of the values are not above. */
    private static long percentile(long[] values, double fraction) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * fraction) - 1)];
    }

    private void write() throws IOException, SQLException {
        List<String> context = new ArrayList<>();
        for (String table : List.of("demo.users", "demo.shipments", "demo.uploads", "demo.results")) {
            context.add("`" + table + "` " + count(table));
        }
        String text = "Data: " + String.join(", ", context) + " rows; " + Runtime.getRuntime().availableProcessors()
                + " cores; medians of " + ROUNDS + " rounds, " + JOB_ROUNDS
                + " for (e) and (f), " + WRITE_ROUNDS + " for (d), " + HEAVY_ROUNDS
                + " for (l); the ratios of (k) and (l) are medians of each round's own ratio.\n\n" + report + details;
        Files.writeString(Path.of(resource("benchmark-output-path")), text);
        System.out.println(text);
    }

    /** A setting the client side put into the deployment (the benchmark runs in the server, not in Maven's JVM). */
    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
