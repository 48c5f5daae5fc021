package org.mvreports.refresh.job.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mvreports.refresh.job.control.TimeLeft.Step;
import org.mvreports.refresh.job.entity.ViewState;

class TimeLeftTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static Step pending(String view, long seconds, String... upstream) {
        return new Step(view, ViewState.PENDING, null, Duration.ofSeconds(seconds), List.of(upstream));
    }

    private static Step running(String view, long expectedSeconds, long runningForSeconds) {
        return new Step(view, ViewState.RUNNING, NOW.minusSeconds(runningForSeconds),
                Duration.ofSeconds(expectedSeconds), List.of());
    }

    @Test
    void theCriticalPathDecidesWhenThereAreWorkersEnough() {
        // a (60 s) -> c (30 s); b (20 s) beside them: a then c is the longest path.
        TimeLeft.Estimate estimate = TimeLeft.of(List.of(pending("a", 60), pending("b", 20), pending("c", 30, "a")),
                2, NOW);
        assertEquals(Duration.ofSeconds(90), estimate.remaining());
    }

    @Test
    void oneWorkerDoesEverythingInTurn() {
        TimeLeft.Estimate estimate = TimeLeft.of(List.of(pending("a", 60), pending("b", 20), pending("c", 30, "a")),
                1, NOW);
        assertEquals(Duration.ofSeconds(110), estimate.remaining());
    }

    @Test
    void parallelismLimitsIndependentViews() {
        // Four independent views of 10 s on two workers: two rounds.
        TimeLeft.Estimate estimate = TimeLeft.of(List.of(pending("a", 10), pending("b", 10), pending("c", 10),
                pending("d", 10)), 2, NOW);
        assertEquals(Duration.ofSeconds(20), estimate.remaining());
    }

    @Test
    void aViewWaitingForWhatItReadsDoesNotHoldAThreadAnIndependentViewCouldUse() {
        // a (10 s) -> b (1 s); c (10 s) independent; two threads: a and c at once, then b: 11 s, not 20.
        TimeLeft.Estimate estimate = TimeLeft.of(List.of(pending("a", 10), pending("b", 1, "a"), pending("c", 10)),
                2, NOW);
        assertEquals(Duration.ofSeconds(11), estimate.remaining());
    }

    @Test
    void aRunningViewCountsWhatIsLeftOfIt() {
        TimeLeft.Estimate estimate = TimeLeft.of(List.of(running("a", 60, 45), pending("b", 30, "a")), 2, NOW);
        assertEquals(Duration.ofSeconds(45), estimate.remaining());
        assertEquals(Set.of(), estimate.overrunning());
    }

    @Test
    void aViewPastItsExpectedTimeIsOverrunningAndExpectedToEndNow() {
        TimeLeft.Estimate estimate = TimeLeft.of(List.of(running("a", 60, 90), pending("b", 30, "a")), 2, NOW);
        assertEquals(Duration.ofSeconds(30), estimate.remaining());
        assertEquals(Set.of("a"), estimate.overrunning());
    }

    @Test
    void viewsExpectedToBeSkippedTakeNoTime() {
        // The caller expects a view whose sources have not changed to be skipped: about nothing.
        TimeLeft.Estimate estimate = TimeLeft.of(List.of(pending("a", 0), pending("b", 0, "a"), pending("c", 12)),
                1, NOW);
        assertEquals(Duration.ofSeconds(12), estimate.remaining());
    }

    @Test
    void viewsAfterAFailureAreSkipped() {
        TimeLeft.Estimate estimate = TimeLeft.of(List.of(
                new Step("a", ViewState.FAILED, null, Duration.ofSeconds(60), List.of()),
                pending("b", 100, "a"), pending("c", 100, "b"), pending("d", 5)), 2, NOW);
        assertEquals(Duration.ofSeconds(5), estimate.remaining());
    }

    @Test
    void finishedViewsTakeNoMoreTime() {
        TimeLeft.Estimate estimate = TimeLeft.of(List.of(
                new Step("a", ViewState.DONE, NOW.minusSeconds(100), Duration.ofSeconds(60), List.of()),
                new Step("b", ViewState.SKIPPED, null, Duration.ofSeconds(60), List.of()),
                pending("c", 7, "a", "b")), 2, NOW);
        assertEquals(Duration.ofSeconds(7), estimate.remaining());
    }

    @Test
    void aViewWithoutHistoryMakesTheTimeLeftUnknown() {
        TimeLeft.Estimate estimate = TimeLeft.of(List.of(pending("a", 60),
                new Step("b", ViewState.PENDING, null, null, List.of("a"))), 2, NOW);
        assertNull(estimate.remaining());
        assertNull(TimeLeft.of(List.of(new Step("a", ViewState.RUNNING, NOW, null, List.of())), 2, NOW)
                .remaining());
    }

    @Test
    void nothingLeftIsZero() {
        assertEquals(Duration.ZERO, TimeLeft.of(List.of(), 2, NOW).remaining());
    }
}
