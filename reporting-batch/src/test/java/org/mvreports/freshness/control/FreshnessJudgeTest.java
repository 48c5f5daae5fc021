package org.mvreports.freshness.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mvreports.freshness.control.FreshnessJudge.Facts;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;
import org.mvreports.history.entity.LastFailure;

class FreshnessJudgeTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:30Z");
    private static final Instant NEXT_TICK = Instant.parse("2026-11-30T12:01:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    /** The facts of one report, built up from "never refreshed, scheduled hourly, nothing running". */
    private static final class Report {
        private boolean populated;
        private Instant lastStartedAt;
        private Instant lastFinishedAt;
        private Long lastRowCount;
        private Duration interval = HOUR;
        private boolean scheduled = true;
        private boolean schedulerEnabled = true;
        private Instant lastClaim;
        private boolean refreshing;
        private Instant refreshingSince;
        private Duration typicalDuration;
        private LastFailure lastFailure;
        private boolean sourcesTracked;
        private Instant sourcesChangedAt;

        static Report neverRefreshed() {
            return new Report();
        }

        static Report refreshedAt(Instant startedAt) {
            Report report = new Report();
            report.populated = true;
            report.lastStartedAt = startedAt;
            report.lastFinishedAt = startedAt.plusSeconds(5);
            report.lastRowCount = 42L;
            return report;
        }

        Report populated() {
            populated = true;
            return this;
        }

        Report interval(Duration value) {
            interval = value;
            return this;
        }

        Report scheduleOff() {
            scheduled = false;
            return this;
        }

        Report schedulerOff() {
            schedulerEnabled = false;
            return this;
        }

        Report claimedAt(Instant at) {
            lastClaim = at;
            return this;
        }

        Report refreshing() {
            refreshing = true;
            return this;
        }

        Report refreshingSince(Instant since, Duration typically) {
            refreshing = true;
            refreshingSince = since;
            typicalDuration = typically;
            return this;
        }

        Report failed(LastFailure failure) {
            lastFailure = failure;
            return this;
        }

        Report sourcesChangedAt(Instant at, boolean tracked) {
            sourcesTracked = tracked;
            sourcesChangedAt = at;
            return this;
        }

        Freshness judged() {
            return FreshnessJudge.judge(NOW, new Facts(populated, lastStartedAt, lastFinishedAt, lastRowCount,
                    interval, scheduled, schedulerEnabled, lastClaim, refreshing, refreshingSince, typicalDuration,
                    lastFailure, sourcesTracked, sourcesChangedAt));
        }
    }

    @Test
    void neverRefreshedReportsAreNotAvailableWhetherTheirFirstRefreshRunsOrIsDue() {
        Freshness running = Report.neverRefreshed().claimedAt(NOW.minusSeconds(10)).refreshing().judged();
        assertEquals(FreshnessState.NEVER_REFRESHED, running.state());
        assertTrue(running.refreshing());
        assertNull(running.dataAsOf());

        Freshness due = Report.neverRefreshed().judged();
        assertEquals(FreshnessState.NEVER_REFRESHED, due.state());
        assertEquals(NEXT_TICK, due.nextDueAt(), "never refreshed and never claimed: due at the next tick");

        // Populated by someone else (e.g. created WITH DATA) but never refreshed here: its age is unknown.
        assertEquals(FreshnessState.NEVER_REFRESHED, Report.neverRefreshed().populated().judged().state());
    }

    @Test
    void freshWithinTheIntervalThenStaleOnceTheTickAfterItHasPassed() {
        Freshness fresh = Report.refreshedAt(NOW.minusSeconds(600)).judged();
        assertEquals(FreshnessState.FRESH, fresh.state());
        assertEquals(NOW.minusSeconds(600), fresh.dataAsOf(), "as of the refresh's start");
        assertEquals(NOW.minusSeconds(600).plus(HOUR), fresh.nextDueAt());
        assertEquals(42L, fresh.rowCount());

        assertEquals(FreshnessState.FRESH, Report.refreshedAt(NOW.minus(HOUR).minusSeconds(30)).judged().state(),
                "due, but its tick may not be over");
        Freshness stale = Report.refreshedAt(NOW.minus(HOUR).minusSeconds(61)).judged();
        assertEquals(FreshnessState.STALE, stale.state());
        assertEquals(NEXT_TICK, stale.nextDueAt(), "overdue: the next tick");
    }

    @Test
    void aRunningJobMakesARefreshedReportRefreshingEvenWhenStale() {
        assertEquals(FreshnessState.REFRESHING, Report.refreshedAt(NOW.minusSeconds(10)).refreshing().judged().state());
        assertEquals(FreshnessState.REFRESHING,
                Report.refreshedAt(NOW.minus(HOUR).minus(HOUR)).refreshing().judged().state());
    }

    @Test
    void notScheduledMeansNoNextDueTimeAndALaterClaimCounts() {
        Instant started = NOW.minusSeconds(600);
        assertNull(Report.refreshedAt(started).scheduleOff().judged().nextDueAt(), "its schedule is off");
        assertNull(Report.refreshedAt(started).schedulerOff().judged().nextDueAt(), "scheduling is off");
        assertNull(Report.refreshedAt(started).interval(null).judged().nextDueAt(), "no interval that can be read");
        Instant claimed = NOW.minusSeconds(60);
        assertEquals(claimed.plus(HOUR), Report.refreshedAt(started).claimedAt(claimed).judged().nextDueAt());
    }

    @Test
    void aFailureAfterTheLastSuccessMakesItFailedUntilTheNextSuccessAndARefreshHasAnExpectedEnd() {
        Instant started = NOW.minusSeconds(600);
        LastFailure failure = new LastFailure(NOW.minusSeconds(60), "division by zero", "22012");
        Freshness failed = Report.refreshedAt(started).failed(failure).judged();
        assertEquals(FreshnessState.FAILED, failed.state());
        assertEquals("division by zero (22012)", failed.lastError());
        assertEquals(NOW.minusSeconds(60), failed.failedAt());
        assertEquals(started, failed.dataAsOf(), "the last good data");

        LastFailure older = new LastFailure(started.minusSeconds(60), "old", null);
        assertEquals(FreshnessState.FRESH, Report.refreshedAt(started).failed(older).judged().state(),
                "a success came after it");

        Freshness running = Report.refreshedAt(started).failed(failure)
                .refreshingSince(NOW.minusSeconds(10), Duration.ofSeconds(40)).judged();
        assertEquals(FreshnessState.REFRESHING, running.state());
        assertEquals(NOW.plusSeconds(30), running.expectedEnd());
    }

    @Test
    void unseenSourceChangesAreToldOnlyWhenTracked() {
        Instant started = NOW.minusSeconds(600);
        Freshness changed = Report.refreshedAt(started).sourcesChangedAt(NOW.minusSeconds(30), true).judged();
        assertEquals(NOW.minusSeconds(30), changed.sourcesChangedAt());
        assertTrue(changed.sourcesTracked());
        Freshness untracked = Report.refreshedAt(started).sourcesChangedAt(NOW.minusSeconds(30), false).judged();
        assertNull(untracked.sourcesChangedAt());
    }
}
