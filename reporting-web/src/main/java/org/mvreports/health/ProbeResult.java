package org.mvreports.health;

import java.time.Instant;
import java.util.List;
import org.mvreports.catalog.entity.ReportStatus;

/**
 * What one readiness probe found. A problem is a short sentence fit for an anonymous caller (no database message,
 * no host name); null means none.
 *
 * @param at         when the probe ended (or gave up waiting)
 * @param database   why the database is not usable, or null
 * @param migrations why the schema is not the one the application started on, or null (also null when the
 *                   database could not be asked: {@code database} says so)
 * @param batch      why the batch runtime cannot read its repository, or null
 * @param reports    why the reports' freshness could not be read, or null
 * @param stale      reports older than their agreed interval, by name
 * @param failed     reports whose latest refresh failed (they show their last good data), by name
 */
record ProbeResult(Instant at, String database, String migrations, String batch, String reports,
                 List<String> stale, List<String> failed) {

    ProbeResult {
        stale = List.copyOf(stale);
        failed = List.copyOf(failed);
    }

    /**
     * What a probe that reached the database found: stale reports are those older than their agreed interval (the
     * badge's STALE, and also while a job has them queued or refreshing, or after a failed refresh), failed ones those
     * whose latest refresh failed (whatever the badge shows meanwhile, e.g. a new attempt refreshing).
     */
    static ProbeResult of(Instant at, String migrations, String batch, List<ReportStatus> reports) {
        List<String> stale = reports.stream().filter(r -> r.olderThanAgreed(at)).map(ReportStatus::name).toList();
        List<String> failed = reports.stream().filter(r -> r.freshness().lastError() != null)
                .map(ReportStatus::name).toList();
        return new ProbeResult(at, null, migrations, batch, null, stale, failed);
    }

    /** A probe that could not reach the database: nothing else could be checked either. */
    static ProbeResult unreachable(Instant at, String why) {
        String unchecked = "not checked: " + why;
        return new ProbeResult(at, why, unchecked, unchecked, unchecked, List.of(), List.of());
    }

    boolean databaseUp() {
        return database == null;
    }
}
