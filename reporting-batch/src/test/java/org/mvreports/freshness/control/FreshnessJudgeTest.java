package org.mvreports.freshness.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mvreports.freshness.control.FreshnessJudge.Facts;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;

class FreshnessJudgeTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:30Z");
    private static final Instant NEXT_TICK = Instant.parse("2026-11-30T12:01:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static Facts refreshedAt(Instant startedAt, boolean refreshing) {
        return new Facts(true, startedAt, startedAt.plusSeconds(5), 42L, HOUR, true, true, null, refreshing);
    }

    @Test
    void neverRefreshedReportsAreNotAvailableWhetherTheirFirstRefreshRunsOrIsDue() {
        Freshness running = FreshnessJudge.judge(NOW, new Facts(false, null, null, null, HOUR, true, true,
                NOW.minusSeconds(10), true));
        assertEquals(FreshnessState.NEVER_REFRESHED, running.state());
        assertEquals(true, running.refreshing());
        assertNull(running.dataAsOf());

        Freshness due = FreshnessJudge.judge(NOW, new Facts(false, null, null, null, HOUR, true, true, null, false));
        assertEquals(FreshnessState.NEVER_REFRESHED, due.state());
        assertEquals(NEXT_TICK, due.nextDueAt(), "never refreshed and never claimed: due at the next tick");

        // Populated by someone else (e.g. created WITH DATA) but never refreshed here: its age is unknown.
        assertEquals(FreshnessState.NEVER_REFRESHED, FreshnessJudge.judge(NOW,
                new Facts(true, null, null, null, HOUR, true, true, null, false)).state());
    }

    @Test
    void freshWithinTheIntervalThenStaleOnceTheTickAfterItHasPassed() {
        Freshness fresh = FreshnessJudge.judge(NOW, refreshedAt(NOW.minusSeconds(600), false));
        assertEquals(FreshnessState.FRESH, fresh.state());
        assertEquals(NOW.minusSeconds(600), fresh.dataAsOf(), "as of the refresh's start");
        assertEquals(NOW.minusSeconds(600).plus(HOUR), fresh.nextDueAt());
        assertEquals(42L, fresh.rowCount());

        assertEquals(FreshnessState.FRESH, FreshnessJudge.judge(NOW,
                refreshedAt(NOW.minus(HOUR).minusSeconds(30), false)).state(), "due, but its tick may not be over");
        Freshness stale = FreshnessJudge.judge(NOW, refreshedAt(NOW.minus(HOUR).minusSeconds(61), false));
        assertEquals(FreshnessState.STALE, stale.state());
        assertEquals(NEXT_TICK, stale.nextDueAt(), "overdue: the next tick");
    }

    @Test
    void aRunningJobMakesARefreshedReportRefreshingEvenWhenStale() {
        assertEquals(FreshnessState.REFRESHING,
                FreshnessJudge.judge(NOW, refreshedAt(NOW.minusSeconds(10), true)).state());
        assertEquals(FreshnessState.REFRESHING,
                FreshnessJudge.judge(NOW, refreshedAt(NOW.minus(HOUR).minus(HOUR), true)).state());
    }

    @Test
    void notScheduledMeansNoNextDueTimeAndALaterClaimCounts() {
        Instant started = NOW.minusSeconds(600);
        assertNull(FreshnessJudge.judge(NOW, new Facts(true, started, started, 1L, HOUR, false, true, null, false))
                .nextDueAt(), "its schedule is off");
        assertNull(FreshnessJudge.judge(NOW, new Facts(true, started, started, 1L, HOUR, true, false, null, false))
                .nextDueAt(), "scheduling is off");
        assertNull(FreshnessJudge.judge(NOW, new Facts(true, started, started, 1L, null, true, true, null, false))
                .nextDueAt(), "no interval that can be read");
        Instant claimed = NOW.minusSeconds(60);
        assertEquals(claimed.plus(HOUR), FreshnessJudge.judge(NOW,
                new Facts(true, started, started, 1L, HOUR, true, true, claimed, false)).nextDueAt());
    }
}
