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
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.mvreports.catalog.control.PostgresCatalog;

/**
 * The refresh engine's cost, measured in the server against the demo reports at benchmark scale (see
 * BENCHMARKS.md for how to run it). Every number is a ratio against a baseline measured in the same
 * run, so a noisy shared machine moves both sides. Nothing is asserted: targets are reported, not enforced.
 * Results go to {@code target/benchmark-results.md}.
 */
@ExtendWith(ArquillianExtension.class)
class RefreshBench {

    private static final int ROUNDS = 5;
    /** Jobs are short at this scale and their fixed cost varies more, so (e) and (f) take more rounds. */
    private static final int JOB_ROUNDS = 11;
    /** Jobs run before (e) and (f) are measured. */
    private static final int JOB_WARM_UP = 20;
    private static final int READS = 2_000;
    private static final int WRITES = 5_000;
    private static final Duration LIMIT = Duration.ofHours(1);

    @Deployment
    static WebArchive deployment() {
        Path output = Path.of("target", "benchmark-results.md").toAbsolutePath();
        return InContainerDeployment.withBusinessModule("refresh-bench")
                .addClass(RefreshBench.class)
                .addAsResource(new StringAsset(output.toString()), "benchmark-output-path")
                .addAsResource(new StringAsset(System.getProperty("bench.measurements", "abcde")),
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

    /** Per job timed in (e): instants from start() to the recorded end, for the breakdown of the job's own cost. */
    private final List<List<Instant>> phases = new ArrayList<>();

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
        write();
    }

    /** (a) our refresh of one large view vs REFRESH ... CONCURRENTLY of it over JDBC, alternating. */
    private void engineVersusPlainRefresh() throws SQLException {
        String view = "shipment_status";
        long[] direct = new long[ROUNDS];
        long[] ours = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long start = System.nanoTime();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY reports." + view);
            }
            direct[i] = System.nanoTime() - start;
            start = System.nanoTime();
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
        long[] idle = reads();
        AtomicBoolean stop = new AtomicBoolean();
        Future<?> refreshing = executor.submit(() -> {
            while (!stop.get()) {
                refresh(Set.of("shipment_status"), true);
            }
            return null;
        });
        long[] busy;
        try {
            Thread.sleep(200);
            busy = reads();
        } finally {
            stop.set(true);
        }
        refreshing.get();
        report.append(String.format(Locale.ROOT, "| (c) p99 of %d page reads of `shipment_status`: during refresh vs"
                        + " idle | %.2f ms | %.2f ms | %.2f | ≤ 2 |%n", READS, p99(idle) / 1e6, p99(busy) / 1e6,
                p99(busy) / p99(idle)));
    }

    /** (d) single-row insert transactions into a table with and without the change-tracking trigger. */
    private void writerCostOfChangeTracking() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS app.bench_writes");
            s.execute("CREATE TABLE app.bench_writes (id bigserial PRIMARY KEY, v int NOT NULL)");
        }
        long[] plain = new long[ROUNDS];
        long[] tracked = new long[ROUNDS];
        try {
            for (int i = 0; i < ROUNDS; i++) {
                plain[i] = writes() / WRITES;
                trigger(true);
                tracked[i] = writes() / WRITES;
                trigger(false);
            }
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE app.bench_writes");
            }
        }
        row("(d) one-row INSERT transaction, per transaction: with change tracking vs without", plain, tracked,
                "small (reported)");
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
        // Warm-up: the engine path is warm from (a)-(d), the job machinery is not; a server that has run for a
        // while has compiled it, and the first jobs were measured a third slower than the twentieth.
        for (int i = 0; i < JOB_WARM_UP; i++) {
            timeJob(Set.of("daily_uploads"), true);
        }
        phases.clear();
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
            job[i] = diamondJob.fromStartCall();
            jobExecution[i] = diamondJob.execution();

            long start = System.nanoTime();
            require(refresh(Set.of("monthly_signups"), true), RefreshOutcome.SUCCEEDED);
            engineOneView[i] = System.nanoTime() - start;
            jobOneView[i] = timeJob(Set.of("monthly_signups"), false).fromStartCall();
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
        jobPhases();
    }

    /** Where a job's time goes beyond its refreshes: medians over every job of (e) and (f). */
    private void jobPhases() {
        String[] names = {"`start()` call (validate, create instance and execution)",
                "queued until the batch runtime starts it", "batch start until the batchlet runs",
                "planning (catalog, triggers, progress rows)", "the views' refreshes",
                "after the last view until the batch end is recorded"};
        details.append("\n| job phase | median |\n|---|---|\n");
        for (int p = 0; p < names.length; p++) {
            long[] durations = new long[phases.size()];
            for (int j = 0; j < phases.size(); j++) {
                durations[j] = Duration.between(phases.get(j).get(p), phases.get(j).get(p + 1)).toNanos();
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
     */
    private record JobTiming(long fromStartCall, long execution) {
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
            Thread.sleep(50); // the end time is recorded by the runtime; polling less disturbs the job less
        }
        JobExecution done = operator.getJobExecution(execution);
        if (done.getBatchStatus() != BatchStatus.COMPLETED) {
            throw new IllegalStateException("benchmark job " + execution + " did not complete");
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT r.started_at, min(v.started_at), max(v.finished_at)
                FROM app.refresh_job_runs r JOIN app.refresh_job_views v USING (execution_id)
                WHERE execution_id = ? GROUP BY r.started_at""")) {
            q.setLong(1, execution);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                phases.add(List.of(wallStart, launched, done.getStartTime().toInstant(),
                        rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant(), done.getEndTime().toInstant()));
            }
        }
        return new JobTiming(Duration.between(wallStart, done.getEndTime().toInstant()).toNanos(),
                Duration.between(done.getStartTime().toInstant(), done.getEndTime().toInstant()).toNanos());
    }

    private long[] reads() throws SQLException {
        long max = count("reports.shipment_status");
        long[] latencies = new long[READS];
        try (Connection c = dataSource.getConnection(); PreparedStatement page = c.prepareStatement(
                "SELECT * FROM reports.shipment_status ORDER BY shipment_id LIMIT 50 OFFSET ?")) {
            for (int i = 0; i < READS; i++) {
                page.setLong(1, ThreadLocalRandom.current().nextLong(Math.max(1, max - 50)));
                long start = System.nanoTime();
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(1);
                    }
                }
                latencies[i] = System.nanoTime() - start;
            }
        }
        return latencies;
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

    private void trigger(boolean on) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(on
                    ? "CREATE TRIGGER bench_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON app.bench_writes"
                      + " FOR EACH STATEMENT EXECUTE FUNCTION app.record_source_change()"
                    : "DROP TRIGGER bench_change ON app.bench_writes");
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

    private long count(String relation) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + relation)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void row(String what, long[] baseline, long[] ours, String target) {
        double b = median(baseline);
        double o = median(ours);
        report.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %s |%n", what, format(b), format(o),
                o / b, target));
    }

    private static String format(double nanos) {
        return nanos >= 1e6 ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double p99(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    }

    private void write() throws IOException, SQLException {
        List<String> context = new ArrayList<>();
        for (String table : List.of("demo.users", "demo.shipments", "demo.uploads", "demo.results")) {
            context.add("`" + table + "` " + count(table));
        }
        String text = "Data: " + String.join(", ", context) + " rows; " + Runtime.getRuntime().availableProcessors()
                + " cores; medians of " + ROUNDS + " rounds, " + JOB_ROUNDS + " for (e) and (f).\n\n" + report + details;
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
