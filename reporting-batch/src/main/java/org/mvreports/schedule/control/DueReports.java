package org.mvreports.schedule.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which reports are due for a scheduled refresh: a report is due when it is scheduled (enabled) and its agreed
 * interval has passed since the later of its last successful refresh's start (so the interval bounds how old its
 * data gets, not how long it rests between refreshes) and the last time a scheduler claimed it
 * (started a job for it), and no job is working on it. Counting the claim is what keeps a report that is being
 * refreshed, or whose scheduled refresh failed, from being started again on every tick: it is retried once per
 * interval.
 */
public final class DueReports {

    /**
     * What the scheduler knows about one report.
     *
     * @param name            view name
     * @param interval        agreed refresh interval (the admin's, else the SQL file's); null when neither can be
     *                        read: never due
     * @param enabled         whether the report is scheduled
     * @param lastSuccess     start of its last successful refresh (its data is as of then), null if never
     * @param lastClaim       when a scheduler last started a job for it, null if never
     * @param inRunningJob    whether a job execution that has not ended is working on it
     */
    public record Report(String name, Duration interval, boolean enabled, Instant lastSuccess, Instant lastClaim,
                         boolean inRunningJob) {
    }

    private DueReports() {
    }

    /** The reports a scheduler tick at {@code now} starts. */
    public static Set<String> at(Instant now, Collection<Report> reports) {
        Set<String> due = new TreeSet<>();
        for (Report report : reports) {
            if (report.enabled() && due(now, report)) {
                due.add(report.name());
            }
        }
        return due;
    }

    /**
     * The reports the application populates when it starts: the scheduled ones never refreshed successfully, unless a
     * job works on them or one was started for them less than an interval ago (by another node starting at the same
     * time, or a first refresh that failed: retried once per interval, as a scheduled one is). A report whose
     * schedule an administrator switched off is left alone, as the scheduler leaves it.
     */
    public static Set<String> neverRefreshedAt(Instant now, Collection<Report> reports) {
        Set<String> due = new TreeSet<>();
        for (Report report : reports) {
            if (report.enabled() && report.lastSuccess() == null && due(now, report)) {
                due.add(report.name());
            }
        }
        return due;
    }

    private static boolean due(Instant now, Report report) {
        if (report.inRunningJob() || report.interval() == null) {
            return false;
        }
        Instant last = latest(report.lastSuccess(), report.lastClaim());
        return last == null || !last.plus(report.interval()).isAfter(now);
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
