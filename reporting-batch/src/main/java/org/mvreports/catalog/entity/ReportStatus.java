package org.mvreports.catalog.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.mvreports.definition.entity.DefinitionProblem;
import org.mvreports.freshness.control.FreshnessJudge;
import org.mvreports.freshness.entity.Freshness;

/**
 * One entry of the report catalog: a report, what its SQL file says about it, and how fresh it is.
 *
 * @param name              the materialized view's name in the report schema
 * @param title             from the SQL file, else made from the name
 * @param description       from the SQL file, else empty
 * @param refreshInterval   the agreed interval in force: an administrator's, else the SQL file's (its default when the
 *                          file states none, or one that cannot be read)
 * @param section           the catalog section its SQL file names, or null
 * @param populated         false until the view has been refreshed once: reading it would fail
 * @param concurrentCapable whether it has a unique index that qualifies for REFRESH ... CONCURRENTLY; when not,
 *                          refreshing it blocks its readers
 * @param freshness         how fresh its data is
 * @param problems          lines of its SQL file's comment that could not be used (their defaults apply)
 */
public record ReportStatus(String name, String title, String description, Duration refreshInterval,
                           String section, boolean populated, boolean concurrentCapable, Freshness freshness,
                           List<DefinitionProblem> problems) {

    public ReportStatus {
        problems = List.copyOf(problems);
    }

    /**
     * Whether its data is older than its agreed interval (and the scheduler's tick that would have started it), at
     * {@code now}: what its badge calls STALE, but also while a job has it queued or refreshing and after its latest
     * refresh failed, when the badge shows that instead. Health, metrics and alerts go by this, so that a report
     * picked up by a job that does not finish stays stale for them. A report never refreshed is not stale: it has no
     * data to be old.
     */
    public boolean olderThanAgreed(Instant now) {
        return freshness.dataAsOf() != null && refreshInterval != null
                && freshness.dataAsOf().plus(refreshInterval).plus(FreshnessJudge.SCHEDULER_TICK).isBefore(now);
    }

    /** Whether its rows can be read: it has been populated. */
    public boolean available() {
        return populated;
    }
}
