package org.mvreports.report.entity;

import java.time.Duration;
import java.time.Instant;

/**
 * One line of the report catalog: a report, what its file says about it, and how fresh it is.
 *
 * @param name              the materialized view's name in the report schema
 * @param metadata          title, description and agreed refresh interval
 * @param populated         false until the view has been refreshed once (reading it would fail)
 * @param concurrentCapable whether it has a unique index that qualifies for REFRESH ... CONCURRENTLY; when not,
 *                          refreshing it blocks its readers
 * @param lastRefreshedAt   when it was last refreshed successfully, or null if never
 * @param rowCount          its rows after that refresh, or null if never
 */
public record ReportSummary(String name, ReportMetadata metadata, boolean populated, boolean concurrentCapable,
                            Instant lastRefreshedAt, Long rowCount) {

    public String title() {
        return metadata.title();
    }

    public String description() {
        return metadata.description();
    }

    public Duration refreshInterval() {
        return metadata.refreshInterval();
    }

    /** Whether the last successful refresh is older than the agreed interval (or there never was one). */
    public boolean isStale(Instant now) {
        return lastRefreshedAt == null || lastRefreshedAt.plus(metadata.refreshInterval()).isBefore(now);
    }
}
