package org.mvreports.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mvreports.catalog.entity.ReportStatus;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;

class ProbeResultTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** A report refreshed every hour whose data is {@code age} old (null: never refreshed). */
    private static ReportStatus report(String name, FreshnessState state, Duration age, String lastError) {
        Instant asOf = age == null ? null : NOW.minus(age);
        return new ReportStatus(name, name, "", Duration.ofHours(1), null, true, true,
                new Freshness(state, asOf, asOf, 1L, state == FreshnessState.REFRESHING, null, null, lastError,
                        lastError == null ? null : NOW, true, null),
                List.of());
    }

    @Test
    void namesReportsOlderThanTheirIntervalAndItsTickWhateverTheBadgeShowsAndFailedOnesByTheirLatestRefresh() {
        Duration old = Duration.ofHours(1).plusMinutes(2);
        ProbeResult found = ProbeResult.of(NOW, null, null, List.of(
                report("fresh", FreshnessState.FRESH, Duration.ofMinutes(30), null),
                report("within-the-tick", FreshnessState.FRESH, Duration.ofMinutes(60).plusSeconds(30), null),
                report("old", FreshnessState.STALE, old, null),
                report("old-and-queued", FreshnessState.REFRESHING, old, null),
                report("broken", FreshnessState.FAILED, Duration.ofMinutes(5), "division by zero [22012]"),
                report("retrying", FreshnessState.REFRESHING, old, "canceling statement [57014]"),
                report("new", FreshnessState.NEVER_REFRESHED, null, null)));

        assertEquals(List.of("old", "old-and-queued", "retrying"), found.stale());
        assertEquals(List.of("broken", "retrying"), found.failed());
        assertNull(found.database());
        assertNull(found.reports());
    }

    @Test
    void aDatabaseThatCannotBeReachedLeavesEveryOtherCheckUncheckedNotUp() {
        ProbeResult found = ProbeResult.unreachable(NOW, "cannot reach the database");

        assertEquals("cannot reach the database", found.database());
        assertEquals("not checked: cannot reach the database", found.migrations());
        assertEquals("not checked: cannot reach the database", found.batch());
        assertEquals("not checked: cannot reach the database", found.reports());
        assertEquals(List.of(), found.stale());
    }
}
