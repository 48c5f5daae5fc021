package org.mvreports.it.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/** What the benchmarks over HTTP share: medians, figures written for people, and the results file they append to. */
final class BenchFigures {

    /** The results of a run; the tables of BENCHMARKS.md are copies of it. */
    static final Path OUTPUT = Path.of("target", "benchmark-results.md");

    private BenchFigures() {
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A duration in nanoseconds, in the unit that reads best. */
    static String time(double nanos) {
        if (nanos >= 1e9) {
            return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        return nanos >= 1e6 ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
    }

    static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /**
     * Appends a section to the results file when an earlier benchmark class wrote it in this run (this JVM's start is
     * the run's), else starts the file afresh; and prints it.
     */
    static void appendSection(String text) throws IOException {
        boolean thisRun = Files.exists(OUTPUT) && Files.getLastModifiedTime(OUTPUT).toMillis()
                >= ManagementFactory.getRuntimeMXBean().getStartTime();
        Files.createDirectories(OUTPUT.getParent());
        Files.writeString(OUTPUT, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                thisRun ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        System.out.println(text);
    }
}
