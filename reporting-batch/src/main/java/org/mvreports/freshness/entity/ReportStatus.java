package org.mvreports.freshness.entity;

import java.time.Duration;

/**
 * One line of the report catalog: a report, what its SQL file says about it, and how fresh it is.
 *
 * @param name              the materialized view's name in the report schema
 * @param title             from the SQL file, else made from the name
 * @param description       from the SQL file, else empty
 * @param refreshInterval   the agreed interval in force (an administrator's, else the SQL file's); null when the
 *                          file's cannot be read and nobody set one
 * @param populated         false until the view has been refreshed once: reading it would fail
 * @param concurrentCapable whether it has a unique index that qualifies for REFRESH ... CONCURRENTLY; when not,
 *                          refreshing it blocks its readers
 * @param freshness         how fresh its data is
 */
public record ReportStatus(String name, String title, String description, Duration refreshInterval,
                           boolean populated, boolean concurrentCapable, Freshness freshness) {

    /** Whether its rows can be read: it has been populated. */
    public boolean available() {
        return populated;
    }
}
