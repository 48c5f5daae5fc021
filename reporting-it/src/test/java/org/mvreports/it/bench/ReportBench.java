package org.mvreports.it.bench;

import static org.mvreports.it.bench.BenchFigures.count;
import static org.mvreports.it.bench.BenchFigures.median;
import static org.mvreports.it.bench.BenchFigures.time;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mvreports.it.ApiClient;
import org.mvreports.it.TestStack;

/**
 * The report browser and its exports, measured over HTTP against the running stack as a client sees them (the
 * out-of-container {@link TestStack}; see BENCHMARKS.md, "Browsing and exports"): reading a page of each demo report
 * vs running its defining query live (g), page reads by 20 users at once vs one (h), the CSV export vs psql's
 * {@code \copy} of the same query (i), and the XLSX export vs the CSV one (j), with the server's live heap during both
 * exports. Every figure is a ratio against a baseline measured in the same run, the two sides alternating; nothing is
 * asserted but that every answer was complete. Appends its section to {@code target/benchmark-results.md}, after
 * RefreshBench's (the bench profile runs the classes in alphabetical order).
 *
 * <p>Needs {@code psql} ({@code postgresql-client}) for (i) and {@code jcmd} (the JDK's) for the heap figures.
 */
class ReportBench {

    private static final String VIEWER = "viewer";
    /** The report with millions of rows at benchmark scale: as many as {@code demo.users}. */
    private static final String BIG = "user_directory";
    private static final int PAGE_SIZE = 50;
    private static final int ROUNDS = 5;
    /** An XLSX export of millions of rows takes a minute here; three rounds still give a median. */
    private static final int XLSX_ROUNDS = 3;
    private static final int USERS = 20;
    /** Heap samples (each a full collection of the server's heap) during an export, at most this often. */
    private static final long HEAP_SAMPLE_PAUSE_MS = 500;
    /** A report read by another one's definition, as PostgreSQL prints it ({@code reports.results_agg}). */
    private static final Pattern READS_REPORT = Pattern.compile("\\breports\\.(\"?)(\\w+)\\1");

    /**
     * An order the users of (h) page in, and how many pages they read in a round: the unindexed orders need a scan
     * of the report per page (from the anchor on), so they get fewer.
     */
    private record Order(String label, String sort, int rounds, int readsAlone, int readsEach) {
    }

    private static final List<Order> ORDERS = List.of(
            new Order("default sort (`user_id`)", null, ROUNDS, 200, 20),
            new Order("`sort=-user_id`", "-user_id", ROUNDS, 200, 20),
            new Order("`sort=email` (no index)", "email", 3, 20, 4),
            new Order("`sort=joined_on,-user_id` (mixed directions, no index)", "joined_on,-user_id", 3, 20, 4));

    /** One client per user, each with its own connection, kept for the whole run. */
    private final List<ApiClient> users = new ArrayList<>();
    private final StringBuilder table = new StringBuilder();
    private final StringBuilder details = new StringBuilder();

    @Test
    void measure() throws Exception {
        String selected = System.getProperty("bench.measurements", "ghijmn");
        if (selected.chars().noneMatch(c -> "ghijmn".indexOf(c) >= 0)) {
            return;
        }
        for (int i = 0; i < USERS; i++) {
            users.add(new ApiClient(TestStack.applicationUrl()));
        }
        table.append("| measurement | baseline (median) | ours (median) | ratio | target |\n")
                .append("|---|---|---|---|---|\n");
        if (selected.contains("g")) {
            firstPagesVersusLiveQueries();
        }
        if (selected.contains("h")) {
            concurrentPageReads();
        }
        if (selected.contains("i")) {
            csvExportVersusPsql();
        }
        if (selected.contains("j")) {
            xlsxExportVersusCsv();
        }
        if (selected.contains("m") || selected.contains("n")) {
            resultsKeptPerDataVersion(selected);
        }
        BenchFigures.appendSection(String.format(Locale.ROOT, "%n## Browsing and exports (ReportBench, over HTTP)%n%n"
                        + "%d cores; medians of %d rounds (%d for XLSX and the unindexed orders), sides"
                        + " alternating.%n%n",
                Runtime.getRuntime().availableProcessors(), ROUNDS, XLSX_ROUNDS) + table + details);
    }

    // ---------------------------------------------------------------------------------------------------------- (g)

    /**
     * (g) The first page of each demo report through the API vs its defining query run live over JDBC (with the
     * reports it reads computed live too), ordered and cut the same way; with the same page read from the
     * materialized view over JDBC as a third figure, which separates what materializing saves from what the API
     * costs on top (HTTP, sign-in, the catalog, freshness, JSON).
     */
    private void firstPagesVersusLiveQueries() throws Exception {
        ApiClient api = users.get(0);
        List<String> names = ApiClient.json(api.get("reports", VIEWER)).asJsonArray().stream()
                .map(v -> v.asJsonObject().getString("name")).sorted().toList();
        record Report(String name, long rows, String live, String stored, String path,
                      long[] liveTimes, long[] apiTimes, long[] storedTimes) {
        }
        List<Report> reports = new ArrayList<>();
        try (Connection db = TestStack.database()) {
            for (String name : names) {
                JsonObject details = details(name);
                String order = orderBy(details);
                reports.add(new Report(name, details.getJsonObject("report").getJsonNumber("rowCount").longValue(),
                        liveQuery(db, name) + "\nORDER BY " + order + "\nLIMIT " + PAGE_SIZE,
                        "SELECT * FROM reports." + quote(name) + "\nORDER BY " + order + "\nLIMIT " + PAGE_SIZE,
                        "reports/" + name + "/rows?size=" + PAGE_SIZE,
                        new long[ROUNDS], new long[ROUNDS], new long[ROUNDS]));
            }
            for (Report report : reports) { // warm-up: plans, caches, the server's code paths
                timedQuery(db, report.live());
                timedQuery(db, report.stored());
                for (int i = 0; i < 5; i++) {
                    timedGet(api, report.path());
                }
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (Report report : reports) {
                    if (round % 2 == 0) {
                        report.liveTimes()[round] = timedQuery(db, report.live());
                        report.apiTimes()[round] = timedGet(api, report.path());
                    } else {
                        report.apiTimes()[round] = timedGet(api, report.path());
                        report.liveTimes()[round] = timedQuery(db, report.live());
                    }
                    report.storedTimes()[round] = timedQuery(db, report.stored());
                }
            }
        }
        Report heaviest = reports.stream().max((a, b) -> Double.compare(median(a.liveTimes()),
                median(b.liveTimes()))).orElseThrow();
        details.append("\n(g) where a first page's time goes (medians): the live defining query (the reports it reads"
                        + " computed live too, as CTEs), the same page read from the materialized view over JDBC,"
                        + " and through the API (HTTP, sign-in, catalog, freshness, JSON):\n\n| report | rows |"
                        + " live query | page from the view (JDBC) | API page | live ÷ view | live ÷ API |\n"
                        + "|---|---|---|---|---|---|---|\n");
        for (Report report : reports) {
            double live = median(report.liveTimes());
            double page = median(report.apiTimes());
            double stored = median(report.storedTimes());
            table.append(String.format(Locale.ROOT, "| (g) first page of `%s` (%d rows): live defining query vs"
                            + " API, speed-up | %s | %s | %s | %s |%n", report.name(), report.rows(), time(live),
                    time(page), times(live / page), report == heaviest ? "≥ 1000× (heaviest)" : "reported"));
            details.append(String.format(Locale.ROOT, "| `%s` | %d | %s | %s | %s | %s | %s |%n", report.name(),
                    report.rows(), time(live), time(stored), time(page), times(live / stored), times(live / page)));
        }
    }

    /**
     * The report's defining query as a {@code SELECT * FROM (...) live} to be ordered and cut, with every report it
     * reads computed live too, as a CTE of the same name: without materialized views, a reader of
     * {@code shipment_status} would have to aggregate the results first. Deeper reports come first, so each CTE
     * reads only earlier ones.
     */
    private static String liveQuery(Connection db, String view) throws SQLException {
        Map<String, String> reads = new LinkedHashMap<>();
        String query = expand(db, view, reads);
        String with = reads.entrySet().stream().map(r -> quote(r.getKey()) + " AS (\n" + r.getValue() + "\n)")
                .collect(Collectors.joining(",\n"));
        return (with.isEmpty() ? "" : "WITH " + with + "\n") + "SELECT * FROM (\n" + query + "\n) live";
    }

    /** The view's definition reading the CTEs of the reports it reads, which are added to {@code reads} first. */
    private static String expand(Connection db, String view, Map<String, String> reads) throws SQLException {
        String definition = definition(db, view);
        Matcher read = READS_REPORT.matcher(definition);
        while (read.find()) {
            if (!reads.containsKey(read.group(2))) {
                String expanded = expand(db, read.group(2), reads);
                reads.put(read.group(2), expanded);
            }
        }
        return READS_REPORT.matcher(definition).replaceAll("\"$2\"");
    }

    /** The view's defining query as PostgreSQL prints it, without the final semicolon. */
    private static String definition(Connection db, String view) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_get_viewdef(to_regclass('reports." + quote(view)
                     + "'), true)")) {
            rs.next();
            return rs.getString(1).strip().replaceAll(";$", "");
        }
    }

    /** The report's unique key as an ORDER BY list (every column when it has none). */
    private static String orderBy(JsonObject details) {
        List<String> key = details.getJsonArray("uniqueKey").getValuesAs(JsonString::getString);
        if (key.isEmpty()) {
            key = details.getJsonArray("columns").stream().map(c -> c.asJsonObject().getString("name")).toList();
        }
        return key.stream().map(ReportBench::quote).collect(Collectors.joining(", "));
    }

    /** Runs a query and reads every row; nanoseconds. */
    private static long timedQuery(Connection db, String sql) throws SQLException {
        long start = System.nanoTime();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int c = 1; c <= columns; c++) {
                    rs.getString(c);
                }
            }
        }
        return System.nanoTime() - start;
    }

    // ---------------------------------------------------------------------------------------------------------- (h)

    /**
     * (h) Random pages across the whole of the big report, by 20 users at once (each sends its next request when the
     * last one answered: no think time, so the server is saturated) vs by one user, in three orders. Each order is
     * warmed first: its first deep read builds the order's page anchors, timed on its own.
     */
    private void concurrentPageReads() throws Exception {
        long rows = details(BIG).getJsonObject("report").getJsonNumber("rowCount").longValue();
        long pages = Math.max(1, (rows + PAGE_SIZE - 1) / PAGE_SIZE);
        details.append(String.format(Locale.ROOT, "%n(h) `%s`, %d rows, %d pages of %d; pages drawn uniformly from"
                        + " all of them; per order: the first deep read (which builds the order's page anchors),"
                        + " then per side the median over rounds of its p95, p99 and pages served per second:%n%n"
                        + "| order | first deep read (builds anchors) | next deep read | rounds × reads (1 user / %d"
                        + " users) | 1 user: p95 / p99 / pages/s | %d users: p95 / p99 / pages/s |%n"
                        + "|---|---|---|---|---|---|%n", BIG, rows, pages, PAGE_SIZE, USERS, USERS));
        StringBuilder cpuTable = new StringBuilder(String.format(Locale.ROOT, "%n(h) CPU time per page read, from"
                + " the processes' own counters over all rounds of a side: this JVM (the HTTP clients), the server's"
                + " JVM, the stack's PostgreSQL; all share the machine's cores:%n%n| order | 1 user: clients / server /"
                + " PostgreSQL | %d users: clients / server / PostgreSQL |%n|---|---|---|%n", USERS));
        ExecutorService pool = Executors.newFixedThreadPool(USERS);
        try {
            for (int u = 0; u < USERS; u++) { // each user's connection, opened before anything is timed
                timedGet(users.get(u), pagePath(null, 0));
            }
            for (Order order : ORDERS) {
                long build = timedGet(users.get(0), pagePath(order.sort(), pages / 2));
                long next = timedGet(users.get(0), pagePath(order.sort(), pages / 3));
                Random warm = new Random(7);
                for (int i = 0; i < Math.min(order.readsAlone(), 20); i++) {
                    timedGet(users.get(0), pagePath(order.sort(), (long) (warm.nextDouble() * pages)));
                }
                long[][] alone = new long[order.rounds()][];
                long[][] together = new long[order.rounds()][];
                long[] aloneWall = new long[order.rounds()];
                long[] togetherWall = new long[order.rounds()];
                Cpu aloneCpu = Cpu.ZERO;
                Cpu togetherCpu = Cpu.ZERO;
                for (int round = 0; round < order.rounds(); round++) {
                    for (int side = 0; side < 2; side++) {
                        boolean concurrent = (side == 0) == (round % 2 == 1);
                        Cpu before = Cpu.now(); // before the clock starts: it looks through every process
                        long started = System.nanoTime();
                        if (concurrent) {
                            together[round] = readTogether(pool, order.sort(), order.readsEach(), pages, round, 0, 0);
                            togetherWall[round] = System.nanoTime() - started;
                            togetherCpu = togetherCpu.plus(Cpu.now().minus(before));
                        } else {
                            alone[round] = readAlone(order, pages, round);
                            aloneWall[round] = System.nanoTime() - started;
                            aloneCpu = aloneCpu.plus(Cpu.now().minus(before));
                        }
                    }
                }
                long readsAlone = (long) order.rounds() * order.readsAlone();
                long readsTogether = (long) order.rounds() * USERS * order.readsEach();
                cpuTable.append("| ").append(order.label()).append(" | ").append(aloneCpu.perRead(readsAlone))
                        .append(" | ").append(togetherCpu.perRead(readsTogether))
                        .append(" |\n");
                double[] p95 = {medianOf(alone, 0.95), medianOf(together, 0.95)};
                double[] p99 = {medianOf(alone, 0.99), medianOf(together, 0.99)};
                table.append(String.format(Locale.ROOT, "| (h) `%s` random pages, %s: p95, %d users vs 1 | %s | %s |"
                                + " %.2f | p95 ≤ 50 ms |%n", BIG, order.label(), USERS, time(p95[0]), time(p95[1]),
                        p95[1] / p95[0]));
                table.append(String.format(Locale.ROOT, "| (h) the same: p99, %d users vs 1 | %s | %s | %.2f |"
                        + " reported |%n", USERS, time(p99[0]), time(p99[1]), p99[1] / p99[0]));
                details.append(String.format(Locale.ROOT, "| %s | %s | %s | %d × %d / %d | %s / %s / %.1f |"
                                + " %s / %s / %.1f |%n", order.label(), time(build), time(next), order.rounds(),
                        order.readsAlone(), USERS * order.readsEach(), time(p95[0]), time(p99[0]),
                        perSecond(order.readsAlone(), aloneWall), time(p95[1]), time(p99[1]),
                        perSecond((long) USERS * order.readsEach(), togetherWall)));
            }
            usersWhoRead(pool, pages);
        } finally {
            pool.shutdownNow();
        }
        details.append(cpuTable);
    }

    /**
     * (h) once more as people page: the same 20 users in the default order, each reading a page for 0.5 to 1.5 s
     * (1 s on average, drawn at random) before asking for the next, rather than asking again the moment an answer
     * arrives. The saturated measurement above says what the machine can serve; this one what 20 readers meet.
     */
    private void usersWhoRead(ExecutorService pool, long pages) throws Exception {
        int rounds = 3;
        int readsEach = 20;
        long[][] latencies = new long[rounds][];
        long started = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            latencies[round] = readTogether(pool, null, readsEach, pages, round, 500, 1500);
        }
        long wall = System.nanoTime() - started;
        table.append(String.format(Locale.ROOT, "| (h) `%s` random pages, default sort, %d users who read each page"
                        + " for 0.5–1.5 s: p95 / p99 | — | %s / %s | — | p95 ≤ 50 ms |%n", BIG, USERS,
                time(medianOf(latencies, 0.95)), time(medianOf(latencies, 0.99))));
        details.append(String.format(Locale.ROOT, "%n(h) %d users reading each page for 0.5–1.5 s before the next"
                        + " (default sort): %d rounds × %d reads each; p95 %s, p99 %s (medians over rounds),"
                        + " %.1f pages/s%n", USERS, rounds, readsEach, time(medianOf(latencies, 0.95)),
                time(medianOf(latencies, 0.99)), (double) rounds * USERS * readsEach / (wall / 1e9)));
    }

    /**
     * CPU time used so far by this JVM (the benchmark's HTTP clients), the server's JVM and the stack's PostgreSQL.
     * PostgreSQL's is the postmaster's own, its live children's (backends, parallel workers), and what its children
     * that have ended used (the kernel adds it to the postmaster when it reaps them): parallel workers of a sort, or a
     * backend whose pooled connection was closed, would otherwise be missed or even subtracted.
     */
    private record Cpu(long clients, long server, long database) {

        static final Cpu ZERO = new Cpu(0, 0, 0);

        /** This JVM's own time last, so that looking for the other processes is not counted as the clients'. */
        static Cpu now() throws IOException {
            long server = cpu(TestStack.serverProcess());
            Path pid = Path.of(System.getProperty("mvreports.stack.home", "target/stack"), "postgres",
                    "postmaster.pid");
            ProcessHandle postmaster = ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim()))
                    .orElseThrow(() -> new IllegalStateException("PostgreSQL does not run"));
            long database = ticks(postmaster.pid(), true) + postmaster.descendants()
                    .mapToLong(child -> ticks(child.pid(), false)).sum();
            long clients = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            return new Cpu(clients, server, database);
        }

        private static long cpu(ProcessHandle process) {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        /**
         * A process's user and system time from {@code /proc/<pid>/stat}, with its ended children's when asked
         * (fields 14 to 17, in clock ticks of 10 ms), in nanoseconds; 0 for a process that has just ended.
         */
        private static long ticks(long pid, boolean withEndedChildren) {
            String stat;
            try {
                stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            } catch (IOException ended) {
                return 0;
            }
            // After the command name in parentheses (which may hold spaces): state is field 3, utime field 14.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            if (withEndedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            }
            return ticks * 10_000_000L;
        }

        Cpu minus(Cpu other) {
            return new Cpu(clients - other.clients, server - other.server, database - other.database);
        }

        Cpu plus(Cpu other) {
            return new Cpu(clients + other.clients, server + other.server, database + other.database);
        }

        String perRead(long reads) {
            return time((double) clients / reads) + " / " + time((double) server / reads) + " / "
                    + time((double) database / reads);
        }
    }

    private long[] readAlone(Order order, long pages, int round) throws Exception {
        Random random = new Random(1_000L * round);
        long[] latencies = new long[order.readsAlone()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = timedGet(users.get(0), pagePath(order.sort(), (long) (random.nextDouble() * pages)));
        }
        return latencies;
    }

    /**
     * Every user reads {@code readsEach} random pages in turn, all users at once, pausing between reads for a time
     * drawn from {@code thinkMin} to {@code thinkMax} milliseconds (none when both are 0); the latencies of all
     * their reads.
     */
    private long[] readTogether(ExecutorService pool, String sort, int readsEach, long pages, int round,
                                int thinkMin, int thinkMax) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> running = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            ApiClient user = users.get(u);
            Random random = new Random(1_000L * round + u + 1);
            running.add(pool.submit(() -> {
                start.await();
                long[] latencies = new long[readsEach];
                for (int i = 0; i < latencies.length; i++) {
                    if (i > 0 && thinkMax > 0) {
                        Thread.sleep(thinkMin + random.nextInt(thinkMax - thinkMin + 1)); // a person reading
                    }
                    latencies[i] = timedGet(user, pagePath(sort, (long) (random.nextDouble() * pages)));
                }
                return latencies;
            }));
        }
        start.countDown();
        long[] all = new long[0];
        for (Future<long[]> user : running) {
            long[] latencies = user.get();
            long[] joined = Arrays.copyOf(all, all.length + latencies.length);
            System.arraycopy(latencies, 0, joined, all.length, latencies.length);
            all = joined;
        }
        return all;
    }

    private static String pagePath(String sort, long page) {
        return "reports/" + BIG + "/rows?size=" + PAGE_SIZE + "&page=" + page
                + (sort == null ? "" : "&sort=" + URLEncoder.encode(sort, StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------------------ (m, n)

    /** A big report with totals on three columns, and the same report without them. */
    private static final String TOTALLED = "bench_orders_totalled";
    private static final String UNTOTALLED = "bench_orders";
    /** A filtered, sorted page of the totalled report, as a reader asks for it again and again. */
    private static final String FILTERED = "?size=" + PAGE_SIZE + "&sort=-amount&filter=amount%3Age%3A1000";

    /**
     * (m) The first page of a report with totals on three columns vs the same report without them, and (n) a
     * repeated filtered, sorted page vs the unfiltered first page: what is derived from a report's data is read once
     * per data version and then served from memory, so neither a report's totals nor a reader's filter should cost
     * every reader again. Each side's first request after the views were made (the one that reads the count, the
     * totals and the page) is reported on its own; then {@link #ROUNDS} rounds of 20 requests, sides alternating.
     */
    private void resultsKeptPerDataVersion(String selected) throws Exception {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            for (String view : List.of(UNTOTALLED, TOTALLED)) {
                statement.execute("DROP MATERIALIZED VIEW IF EXISTS reports." + view);
                statement.execute("CREATE MATERIALIZED VIEW reports." + view + " AS"
                        + " SELECT u.id AS order_id, u.joined_at::date AS ordered_on,"
                        + " CAST((u.id % 1000) * 1.25 AS numeric(12,2)) AS amount, u.id % 7 AS items,"
                        + " CAST((u.id % 13) * 0.5 AS numeric(8,2)) AS shipping FROM demo.users u");
                statement.execute("CREATE UNIQUE INDEX " + view + "_order ON reports." + view + " (order_id)");
                statement.execute("ANALYZE reports." + view);
            }
            statement.execute("COMMENT ON MATERIALIZED VIEW reports." + TOTALLED
                    + " IS 'totals: amount, items, shipping'");
        }
        try {
            ApiClient api = users.get(0);
            String untotalled = "reports/" + UNTOTALLED + "/rows?size=" + PAGE_SIZE;
            String totalled = "reports/" + TOTALLED + "/rows?size=" + PAGE_SIZE;
            String filtered = "reports/" + TOTALLED + "/rows" + FILTERED;
            long coldUntotalled = timedGet(api, untotalled);
            long coldTotalled = timedGet(api, totalled);
            long coldFiltered = timedGet(api, filtered);
            long rows = ApiClient.json(api.get(totalled, VIEWER)).asJsonObject().getJsonNumber("matchingRows")
                    .longValue();
            for (int i = 0; i < 20; i++) { // warm-up of the server's code paths
                timedGet(api, untotalled);
                timedGet(api, totalled);
                timedGet(api, filtered);
            }
            int reads = 20;
            long[] plain = new long[ROUNDS * reads];
            long[] withTotals = new long[ROUNDS * reads];
            long[] again = new long[ROUNDS * reads];
            int n = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < reads; i++, n++) {
                    if ((round + i) % 2 == 0) {
                        plain[n] = timedGet(api, untotalled);
                        withTotals[n] = timedGet(api, totalled);
                        again[n] = timedGet(api, filtered);
                    } else {
                        again[n] = timedGet(api, filtered);
                        withTotals[n] = timedGet(api, totalled);
                        plain[n] = timedGet(api, untotalled);
                    }
                }
            }
            if (selected.contains("m")) {
                table.append(String.format(Locale.ROOT, "| (m) first page of a %s-row report with totals on three"
                                + " columns vs the same report without them, p50 | %s | %s | %.2f | ≤ 2x |%n",
                        count(rows), time(median(plain)), time(median(withTotals)),
                        median(withTotals) / median(plain)));
            }
            if (selected.contains("n")) {
                table.append(String.format(Locale.ROOT, "| (n) a filtered, sorted page asked again vs the unfiltered"
                                + " first page of the same report, p50 | %s | %s | %.2f | ≤ 1x |%n",
                        time(median(withTotals)), time(median(again)), median(again) / median(withTotals)));
            }
            details.append(String.format(Locale.ROOT, "%n(m, n) `%s` and `%s`, %d rows each; the first request"
                            + " of each after the views were made, which reads the count, the totals and the page:"
                            + " without totals %s, with totals %s, filtered and sorted (`%s`) %s; then p50 / p95"
                            + " over %d requests each: without totals %s / %s, with totals %s / %s, the filtered"
                            + " page again %s / %s.%n", UNTOTALLED, TOTALLED, rows, time(coldUntotalled),
                    time(coldTotalled), FILTERED, time(coldFiltered), ROUNDS * reads, time(median(plain)),
                    time(percentile(plain, 0.95)), time(median(withTotals)), time(percentile(withTotals, 0.95)),
                    time(median(again)), time(percentile(again, 0.95))));
        } finally {
            try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
                statement.execute("DROP MATERIALIZED VIEW IF EXISTS reports." + UNTOTALLED);
                statement.execute("DROP MATERIALIZED VIEW IF EXISTS reports." + TOTALLED);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------- (i)

    /** What one export (or psql's copy) delivered: its wall time, bytes and lines. */
    private record Delivery(long nanos, long bytes, long lines) {
    }

    /**
     * (i) The big report's CSV export through the API vs psql copying the same query out of the same database
     * ({@code \copy (...) TO STDOUT}, into a pipe this JVM reads and counts), alternating; then the server's live
     * heap during one more export.
     */
    private void csvExportVersusPsql() throws Exception {
        JsonObject report = details(BIG);
        long rows = report.getJsonObject("report").getJsonNumber("rowCount").longValue();
        String select = "SELECT " + report.getJsonArray("columns").stream()
                .map(c -> quote(c.asJsonObject().getString("name"))).collect(Collectors.joining(", "))
                + " FROM reports." + quote(BIG) + " ORDER BY " + orderBy(report);
        Delivery warmApi = export("csv", rows);
        Delivery warmPsql = psql(select);
        if (warmApi.bytes() != warmPsql.bytes() || warmApi.lines() != rows + 1) {
            throw new IllegalStateException("the API's CSV (" + warmApi.bytes() + " bytes, " + warmApi.lines()
                    + " lines) is not psql's (" + warmPsql.bytes() + " bytes)");
        }
        long[] api = new long[ROUNDS];
        long[] copy = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            if (round % 2 == 0) {
                copy[round] = psql(select).nanos();
                api[round] = export("csv", rows).nanos();
            } else {
                api[round] = export("csv", rows).nanos();
                copy[round] = psql(select).nanos();
            }
        }
        double psqlRate = rows * 1e9 / median(copy);
        double apiRate = rows * 1e9 / median(api);
        table.append(String.format(Locale.ROOT, "| (i) CSV export of `%s` (%d rows, %.1f MB): API vs psql `\\copy`"
                        + " of the same query, rows/s | %s rows/s (%s) | %s rows/s (%s) | %.2f | ≥ 0.8 |%n", BIG,
                rows, warmApi.bytes() / 1e6, count(psqlRate), time(median(copy)), count(apiRate),
                time(median(api)), apiRate / psqlRate));
        heapDuring("(i) the server's live heap during the CSV export", () -> export("csv", rows));
    }

    /** psql copies the query's rows out as CSV with a header into its standard output, which is counted here. */
    private static Delivery psql(String select) throws Exception {
        TestStack.DatabaseLogin login = TestStack.databaseLogin();
        URI url = URI.create(login.jdbcUrl().substring("jdbc:".length()));
        ProcessBuilder command = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", url.getHost(), "-p", String.valueOf(url.getPort()), "-U", login.user(),
                "-d", url.getPath().substring(1),
                "-c", "\\copy (" + select + ") TO STDOUT WITH (FORMAT csv, HEADER true)")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        command.environment().put("PGPASSWORD", login.password());
        command.environment().put("PGTZ", "UTC"); // as the API's export writes times
        long start = System.nanoTime();
        Process psql;
        try {
            psql = command.start();
        } catch (IOException e) {
            throw new IllegalStateException("psql is needed for (i): install the postgresql-client package", e);
        }
        long[] counted = countBytes(psql.getInputStream());
        if (psql.waitFor() != 0) {
            throw new IllegalStateException("psql failed (exit " + psql.exitValue() + ")");
        }
        return new Delivery(System.nanoTime() - start, counted[0], counted[1]);
    }

    // ---------------------------------------------------------------------------------------------------------- (j)

    /** (j) The big report's XLSX export vs its CSV export through the API, rows/s, alternating; then its heap. */
    private void xlsxExportVersusCsv() throws Exception {
        long rows = details(BIG).getJsonObject("report").getJsonNumber("rowCount").longValue();
        export("xlsx", rows); // warm-up
        long[] csv = new long[XLSX_ROUNDS];
        long[] xlsx = new long[XLSX_ROUNDS];
        long bytes = 0;
        for (int round = 0; round < XLSX_ROUNDS; round++) {
            if (round % 2 == 0) {
                csv[round] = export("csv", rows).nanos();
                Delivery file = export("xlsx", rows);
                xlsx[round] = file.nanos();
                bytes = file.bytes();
            } else {
                Delivery file = export("xlsx", rows);
                xlsx[round] = file.nanos();
                bytes = file.bytes();
                csv[round] = export("csv", rows).nanos();
            }
        }
        double csvRate = rows * 1e9 / median(csv);
        double xlsxRate = rows * 1e9 / median(xlsx);
        table.append(String.format(Locale.ROOT, "| (j) XLSX export of `%s` (%d rows, %.1f MB): XLSX vs CSV through the"
                        + " API, rows/s | %s rows/s (%s) | %s rows/s (%s) | %.2f | reported |%n", BIG, rows,
                bytes / 1e6, count(csvRate), time(median(csv)), count(xlsxRate), time(median(xlsx)),
                xlsxRate / csvRate));
        heapDuring("(j) the server's live heap during the XLSX export", () -> export("xlsx", rows));
    }

    // ------------------------------------------------------------------------------------------------ the exports

    /**
     * Exports the big report through the API and reads the whole body, counting bytes and lines; checks that the
     * server recorded it as a completed export of every row.
     */
    private Delivery export(String format, long rows) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = users.get(0).open("reports/" + BIG + "/export?format=" + format, VIEWER);
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                throw new IllegalStateException(format + " export: " + response.statusCode() + " "
                        + new String(body.readNBytes(500), StandardCharsets.UTF_8));
            }
        }
        long[] counted = countBytes(response.body());
        Delivery delivery = new Delivery(System.nanoTime() - start, counted[0], counted[1]);
        try (Connection db = TestStack.database(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT format, outcome, row_count FROM app.report_exports"
                     + " ORDER BY id DESC LIMIT 1")) {
            if (!rs.next() || !rs.getString(1).equalsIgnoreCase(format) || !"COMPLETED".equals(rs.getString(2))
                    || rs.getLong(3) != rows) {
                throw new IllegalStateException("the " + format + " export did not complete with " + rows + " rows");
            }
        }
        return delivery;
    }

    /** Bytes and line feeds read from {@code in} until its end. */
    private static long[] countBytes(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long bytes = 0;
        long lines = 0;
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new long[] {bytes, lines};
    }

    /**
     * The server's live heap (what a full collection leaves) before an export and, sampled again and again, while it
     * runs: the growth is the highest sample less the one before. The samples' full collections slow the export, so
     * it is not one of the timed ones.
     */
    private void heapDuring(String what, Callable<Delivery> export) throws Exception {
        ServerHeap heap = ServerHeap.of(TestStack.serverProcess().pid());
        long before = heap.live();
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            Future<Delivery> running = single.submit(export);
            long peak = before;
            int samples = 0;
            while (!running.isDone()) {
                peak = Math.max(peak, heap.live());
                samples++;
                Thread.sleep(HEAP_SAMPLE_PAUSE_MS);
            }
            running.get();
            table.append(String.format(Locale.ROOT, "| %s (%d samples; heap limit %d MiB): before vs highest |"
                            + " %d MiB | %d MiB | %+d MiB | ≤ 64 MB growth |%n", what, samples,
                    heap.limit() >> 20, before >> 20, peak >> 20, (peak - before) >> 20));
        } finally {
            single.shutdownNow();
        }
    }

    /**
     * The server JVM's live heap, through {@code jcmd}: a full collection ({@code GC.run}), and the heap it left as
     * the collection itself logs it ({@code Pause Full (Diagnostic Command) 293M->139M(467M)}), to a GC log this
     * switches on in the server ({@code VM.log}). Not {@code GC.heap_info} after {@code GC.run}: an export allocates
     * tens of megabytes of garbage in the time between the two commands, which that would count as live; and not a
     * class histogram: a thread inside a JNI critical section (the XLSX's zip deflater) makes the JVM skip the
     * collection before it, so it counts garbage too, where a skipped {@code GC.run} merely logs nothing and is
     * asked again.
     */
    private record ServerHeap(long pid, Path log) {

        private static final Pattern AFTER_FULL_GC = Pattern.compile(
                "Pause Full \\(Diagnostic Command\\) \\d+[KMG]->(\\d+)([KMG])");
        private static final Pattern LIMIT = Pattern.compile("-XX:MaxHeapSize=(\\d+)");

        static ServerHeap of(long pid) throws Exception {
            ServerHeap heap = new ServerHeap(pid, Path.of("target", "server-gc.log").toAbsolutePath());
            heap.jcmd("VM.log", "output=" + heap.log(), "what=gc=info", "decorators=uptime");
            return heap;
        }

        /** The most heap the server may use (-Xmx), bytes. */
        long limit() throws Exception {
            Matcher limit = LIMIT.matcher(jcmd("VM.flags"));
            return limit.find() ? Long.parseLong(limit.group(1)) : -1;
        }

        /** Bytes in use right after a full collection. */
        long live() throws Exception {
            for (int attempt = 0; attempt < 10; attempt++) {
                long seen = Files.size(log);
                jcmd("GC.run");
                String logged;
                try (InputStream in = Files.newInputStream(log)) {
                    in.skipNBytes(seen);
                    logged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Matcher after = AFTER_FULL_GC.matcher(logged);
                long live = -1;
                while (after.find()) {
                    live = Long.parseLong(after.group(1)) << switch (after.group(2)) {
                        case "K" -> 10;
                        case "M" -> 20;
                        default -> 30;
                    };
                }
                if (live >= 0) {
                    return live;
                }
            }
            throw new IllegalStateException("the server logged no full collection for 10 GC.run commands: " + log);
        }

        private String jcmd(String... command) throws Exception {
            List<String> line = new ArrayList<>(List.of("jcmd", String.valueOf(pid)));
            line.addAll(List.of(command));
            Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (jcmd.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", line) + " failed: " + out);
            }
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------------- the rest

    private JsonObject details(String report) throws Exception {
        HttpResponse<String> response = users.get(0).get("reports/" + report, VIEWER);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("details of " + report + ": " + response.statusCode());
        }
        return ApiClient.json(response).asJsonObject();
    }

    /** A GET whose answer must be 200, timed to its last byte; nanoseconds. */
    private static long timedGet(ApiClient api, String path) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = api.get(path, VIEWER);
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            String body = response.body();
            throw new IllegalStateException(path + ": " + response.statusCode() + " "
                    + body.substring(0, Math.min(500, body.length())));
        }
        return elapsed;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Nearest-rank percentile. */
    private static double percentile(long[] values, double fraction) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(sorted.length * fraction) - 1];
    }

    /** The median over rounds of each round's percentile. */
    private static double medianOf(long[][] rounds, double fraction) {
        long[] each = new long[rounds.length];
        for (int i = 0; i < rounds.length; i++) {
            each[i] = (long) percentile(rounds[i], fraction);
        }
        return median(each);
    }

    private static double perSecond(long reads, long[] walls) {
        return reads * 1e9 / median(walls);
    }

    private static String times(double ratio) {
        return ratio >= 10 ? String.format(Locale.ROOT, "%,.0f×", ratio) : String.format(Locale.ROOT, "%.2f×", ratio);
    }
}
