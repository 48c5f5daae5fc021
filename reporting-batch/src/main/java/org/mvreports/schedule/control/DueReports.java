package org.mvreports.schedule.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which reports are due for a scheduled refresh: a report is due when it is scheduled (enabled) and its agreed
 * interval has passed since the later of its last successful refresh and the last time a scheduler claimed it
 * (started a job for it), and no job is working on it. Counting the claim is what keeps a report that is being
 * refreshed, or whose scheduled refresh failed, from being started again on every tick: it is retried once per
 * interval.
 */
public final class DueReports {

    /**
     * What the scheduler knows about one report.
     *
     * @param name            view name
     * @param interval        agreed refresh interval (the admin's, else the SQL file's)
     * @param enabled         whether the report is scheduled
     * @param lastSuccess     end of its last successful refresh, null if never
     * @param lastClaim       when a scheduler last started a job for it, null if never
     * @param inRunningJob    whether a job execution that has not ended is working on it
     */
    public record Report(String name, Duration interval, boolean enabled, Instant lastSuccess, Instant lastClaim,
                         boolean inRunningJob) {
    }

    private DueReports() {
    }

    public static Set<String> at(Instant now, Collection<Report> reports) {
        Set<String> due = new TreeSet<>();
        for (Report report : reports) {
            if (!report.enabled() || report.inRunningJob()) {
                continue;
            }
            Instant last = latest(report.lastSuccess(), report.lastClaim());
            if (last == null || !last.plus(report.interval()).isAfter(now)) {
                due.add(report.name());
            }
        }
        return due;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
