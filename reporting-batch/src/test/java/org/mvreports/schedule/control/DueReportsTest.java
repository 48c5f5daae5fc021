package org.mvreports.schedule.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mvreports.schedule.control.DueReports.Report;

class DueReportsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void neverRefreshedIsDue() {
        assertEquals(Set.of("a"), DueReports.at(NOW, List.of(new Report("a", HOUR, true, null, null, false))));
    }

    @Test
    void dueOnceTheIntervalHasPassedSinceTheLastSuccess() {
        assertEquals(Set.of("stale", "exactly"), DueReports.at(NOW, List.of(
                new Report("fresh", HOUR, true, NOW.minusSeconds(3599), null, false),
                new Report("exactly", HOUR, true, NOW.minus(HOUR), null, false),
                new Report("stale", HOUR, true, NOW.minusSeconds(7200), null, false))));
    }

    @Test
    void aRecentClaimCountsLikeARefreshSoNoSecondJobStarts() {
        assertEquals(Set.of(), DueReports.at(NOW, List.of(
                new Report("claimed", HOUR, true, NOW.minusSeconds(7200), NOW.minusSeconds(60), false),
                new Report("never-refreshed-but-claimed", HOUR, true, null, NOW.minusSeconds(60), false))));
        assertEquals(Set.of("claim-long-ago"), DueReports.at(NOW, List.of(
                new Report("claim-long-ago", HOUR, true, null, NOW.minusSeconds(3600), false))));
    }

    @Test
    void disabledReportsAndReportsInARunningJobAreNotDue() {
        assertEquals(Set.of(), DueReports.at(NOW, List.of(
                new Report("off", HOUR, false, null, null, false),
                new Report("busy", HOUR, true, null, NOW.minusSeconds(7200), true))));
    }

    @Test
    void atStartUpEveryScheduledReportNeverRefreshedIsDueUnlessAJobHasIt() {
        assertEquals(Set.of("never", "never-claim-long-ago"), DueReports.neverRefreshedAt(NOW,
                List.of(new Report("never", HOUR, true, null, null, false),
                        new Report("never-unscheduled", HOUR, false, null, null, false),
                        new Report("never-claim-long-ago", HOUR, true, null, NOW.minusSeconds(3600), false),
                        new Report("never-claimed-just-now", HOUR, true, null, NOW.minusSeconds(60), false),
                        new Report("never-in-a-job", HOUR, true, null, null, true),
                        new Report("refreshed-long-ago", HOUR, true, NOW.minusSeconds(7200), null, false))));
    }
}
