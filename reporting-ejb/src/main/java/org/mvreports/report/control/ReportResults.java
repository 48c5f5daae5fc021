package org.mvreports.report.control;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What has been derived from reports' data, kept per data version ({@link DataVersion}): pages, counts, totals,
 * column scales and the anchors deep pages start from. One bounded cache (Caffeine) for all of them, weighed by an
 * estimate of the memory each result takes, least recently and least frequently used results going first when it is
 * full. A result is kept under the version it was read with, in the same snapshot, so a kept result is never older
 * than its key says; results of versions no longer current are never asked for again and age out.
 */
@ApplicationScoped
public class ReportResults {

    /** The most memory, estimated, that results may take together. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    /** A result: it says how much memory it takes, about. */
    public interface Result {
        long bytes();
    }

    /** Reads a result in the caller's snapshot. */
    @FunctionalInterface
    public interface Reading<R extends Result> {
        R read() throws SQLException;
    }

    /** A question about one version of a view's data. */
    private record Key(DataVersion version, Object question) {
    }

    private final Cache<Key, Result> results = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((Key key, Result result) -> (int) Math.min(Integer.MAX_VALUE, 200 + result.bytes()))
            .recordStats()
            .build();

    /** How often a question was answered from memory, and how often it had to be read, since the start. */
    public record Counts(long answeredFromMemory, long read) {
    }

    public Counts counts() {
        var stats = results.stats();
        return new Counts(stats.hitCount(), stats.missCount());
    }

    /**
     * The answer to {@code question} about {@code version}: the one kept, or else read by {@code reading} (in the
     * caller's transaction, the one {@code version} was read in) and kept. Read outside the cache's own locks: a read
     * may take seconds, and nothing else of the cache may wait for it; two callers asking the same at once may both
     * read it. Without a version (a record's rows: they change with every insert) it is read and not kept.
     */
    public <R extends Result> R get(DataVersion version, Object question, Reading<R> reading) throws SQLException {
        if (version == null) {
            return reading.read();
        }
        Optional<R> known = known(version, question);
        if (known.isPresent()) {
            return known.get();
        }
        R read = reading.read();
        keep(version, question, read);
        return read;
    }

    /** The answer kept for {@code question} about {@code version}, if one is (counted as a hit or a miss). */
    @SuppressWarnings("unchecked")
    public <R extends Result> Optional<R> known(DataVersion version, Object question) {
        if (version == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((R) results.getIfPresent(new Key(version, question)));
    }

    /** Keeps {@code result} as the answer to {@code question} about {@code version} (read in its snapshot). */
    public void keep(DataVersion version, Object question, Result result) {
        if (version == null) {
            return;
        }
        results.put(new Key(version, question), result);
    }
}
