package org.mvreports.freshness.control;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;
import org.mvreports.history.entity.LastFailure;
import org.mvreports.refresh.job.control.TimeLeft;
import org.mvreports.refresh.job.entity.ViewState;

/**
 * Decides a report's freshness from what is known of it. Pure, so every rule is unit-tested:
 * <ul>
 *   <li>never refreshed successfully (or not populated): NEVER_REFRESHED, whatever else holds; "refreshing" then
 *       means its first refresh is running;</li>
 *   <li>else a running job has it: REFRESHING (readers see the previous data meanwhile), ending about its recent
 *       refreshes' typical duration after it started;</li>
 *   <li>else its latest attempt failed after its last success: FAILED (the data is the last good one);</li>
 *   <li>else older than its agreed interval: STALE. The scheduler starts a due report at its next minute tick, so a
 *       report is only called stale once that tick has passed without it being started;</li>
 *   <li>else FRESH.</li>
 * </ul>
 * The next due time is the schedule's: the agreed interval after the later of the last successful refresh's start and
 * the last time a job was started for it, at the earliest the next tick; none when it is not scheduled.
 */
public final class FreshnessJudge {

    /** How often the scheduler looks for due reports. */
    public static final Duration SCHEDULER_TICK = Duration.ofMinutes(1);

    /**
     * What is known of one report.
     *
     * @param populated        whether the view holds data
     * @param lastStartedAt    start of its last successful refresh, null if never
     * @param lastFinishedAt   end of that refresh, null if never
     * @param lastRowCount     rows after it, null if never
     * @param interval         the agreed interval in force, null when none can be read
     * @param scheduled        whether its own schedule is on
     * @param schedulerEnabled whether scheduling is on at all
     * @param lastClaim        when a job was last started for it by the schedule, null if never
     * @param refreshing       whether a running job has it
     * @param refreshingSince  when the refresh now running started (null when it is only queued, or none runs)
     * @param typicalDuration  how long its recent successful refreshes took (null: none yet)
     * @param lastFailure      its latest failed attempt, whenever that was (null: none)
     * @param sourcesTracked   whether it is known if its sources changed since its last success
     * @param sourcesChangedAt the latest such change, null when there was none
     */
    public record Facts(boolean populated, Instant lastStartedAt, Instant lastFinishedAt, Long lastRowCount,
                        Duration interval, boolean scheduled, boolean schedulerEnabled, Instant lastClaim,
                        boolean refreshing, Instant refreshingSince, Duration typicalDuration,
                        LastFailure lastFailure, boolean sourcesTracked, Instant sourcesChangedAt) {

        /** The latest attempt failed: no success ended after it. */
        boolean failedSinceLastSuccess() {
            return lastFailure != null && (lastFinishedAt == null || lastFailure.finishedAt().isAfter(lastFinishedAt));
        }
    }

    private FreshnessJudge() {
    }

    public static Freshness judge(Instant now, Facts facts) {
        boolean failed = facts.failedSinceLastSuccess();
        // The console's estimate for one running view (one estimate, not two): past its typical duration, it is
        // expected to end now, never in the past.
        Duration left = facts.refreshing() && facts.refreshingSince() != null ? TimeLeft.of(List.of(new TimeLeft.Step(
                "", ViewState.RUNNING, facts.refreshingSince(), facts.typicalDuration(), List.of())), 1, now)
                .remaining() : null;
        Instant expectedEnd = left == null ? null : now.plus(left);
        return new Freshness(state(now, facts), facts.lastStartedAt(), facts.lastFinishedAt(), facts.lastRowCount(),
                facts.refreshing(), nextDueAt(now, facts), expectedEnd,
                failed ? facts.lastFailure().errorMessage() + (facts.lastFailure().sqlState() == null ? ""
                        : " (" + facts.lastFailure().sqlState() + ")") : null,
                failed ? facts.lastFailure().finishedAt() : null, facts.sourcesTracked(),
                facts.sourcesTracked() ? facts.sourcesChangedAt() : null);
    }

    private static FreshnessState state(Instant now, Facts facts) {
        if (!facts.populated() || facts.lastStartedAt() == null) {
            return FreshnessState.NEVER_REFRESHED;
        }
        if (facts.refreshing()) {
            return FreshnessState.REFRESHING;
        }
        if (facts.failedSinceLastSuccess()) {
            return FreshnessState.FAILED;
        }
        if (facts.interval() != null
                && facts.lastStartedAt().plus(facts.interval()).plus(SCHEDULER_TICK).isBefore(now)) {
            return FreshnessState.STALE;
        }
        return FreshnessState.FRESH;
    }

    static Instant nextDueAt(Instant now, Facts facts) {
        if (!facts.scheduled() || !facts.schedulerEnabled() || facts.interval() == null) {
            return null;
        }
        Instant nextTick = now.truncatedTo(ChronoUnit.MINUTES).plus(SCHEDULER_TICK);
        Instant last = latest(facts.lastStartedAt(), facts.lastClaim());
        if (last == null) {
            return nextTick;
        }
        Instant due = last.plus(facts.interval());
        return due.isAfter(nextTick) ? due : nextTick;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
