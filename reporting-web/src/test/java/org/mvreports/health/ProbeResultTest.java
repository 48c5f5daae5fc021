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

    private static ReportStatus report(String name, FreshnessState state, String lastError) {
        return new ReportStatus(name, name, "", Duration.ofHours(1), null, true, true,
                new Freshness(state, Instant.EPOCH, Instant.EPOCH, 1L, state == FreshnessState.REFRESHING, null,
                        null, lastError, lastError == null ? null : Instant.EPOCH, true, null),
                List.of());
    }

    @Test
    void namesStaleReportsByTheirBadgeAndFailedOnesByTheirLatestRefreshWhateverTheBadgeShowsMeanwhile() {
        ProbeResult found = ProbeResult.of(Instant.EPOCH, null, null, List.of(
                report("fresh", FreshnessState.FRESH, null),
                report("old", FreshnessState.STALE, null),
                report("broken", FreshnessState.FAILED, "division by zero [22012]"),
                report("retrying", FreshnessState.REFRESHING, "canceling statement [57014]"),
                report("refreshing", FreshnessState.REFRESHING, null),
                report("new", FreshnessState.NEVER_REFRESHED, null)));

        assertEquals(List.of("old"), found.stale());
        assertEquals(List.of("broken", "retrying"), found.failed());
        assertNull(found.database());
        assertNull(found.reports());
    }

    @Test
    void aDatabaseThatCannotBeReachedLeavesEveryOtherCheckUncheckedNotUp() {
        ProbeResult found = ProbeResult.unreachable(Instant.EPOCH, "cannot reach the database");

        assertEquals("cannot reach the database", found.database());
        assertEquals("not checked: cannot reach the database", found.migrations());
        assertEquals("not checked: cannot reach the database", found.batch());
        assertEquals("not checked: cannot reach the database", found.reports());
        assertEquals(List.of(), found.stale());
    }
}
