package org.mvreports.refresh.job.control;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Views here never sleep to make runs overlap: a view that must still be running when something happens waits on a
 * latch or barrier until it has, so what ran at once is the same on every run. Every wait has a deadline, so that a
 * view never let go fails the test instead of hanging it.
 */
class ParallelRefreshTest {

    private static final Map<String, List<String>> DIAMOND = Map.of(
            "daily", List.of(), "weekly", List.of("daily"), "monthly", List.of("daily"),
            "peaks", List.of("weekly", "monthly"), "signups", List.of());
    private static final List<String> ORDER = List.of("daily", "signups", "monthly", "weekly", "peaks");
    /** Far longer than any wait here takes when the code is right; only reached when a view is never let go. */
    private static final long WAIT_SECONDS = 30;

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    @Test
    void aViewNeverStartsBeforeItsUpstreamFinishedAndAtMostTheLimitRunAtOnce() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<List<String>> startedBatches = Collections.synchronizedList(new ArrayList<>());
        // daily and signups, the two views without upstream, each wait here for the other: both ran at once.
        CyclicBarrier independentTogether = new CyclicBarrier(2);
        // Then signups and the views started once daily ended all stay until every one of them is inside refresh:
        // with a limit of 2 that is signups and monthly, and a limit not kept shows as three at once on every run.
        CountDownLatch secondBatchTold = new CountDownLatch(1);
        AtomicReference<List<String>> secondBatch = new AtomicReference<>();
        Map<String, CountDownLatch> entered = ORDER.stream()
                .collect(Collectors.toMap(Function.identity(), view -> new CountDownLatch(1)));
        Map<String, String> results = new ParallelRefresh<String>(ORDER, DIAMOND::get, 2).run(Set.of(), view -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            events.add("start " + view);
            entered.get(view).countDown();
            if (DIAMOND.get(view).isEmpty()) {
                await(independentTogether, "daily and signups to run at once");
            }
            if (!view.equals("daily")) { // the views after daily start only once it ended
                await(secondBatchTold, "the views started after daily to be told");
                if (view.equals("signups") || secondBatch.get().contains(view)) {
                    for (String next : secondBatch.get()) {
                        await(entered.get(next), next + " to start");
                    }
                }
            }
            events.add("end " + view);
            running.decrementAndGet();
            return view.toUpperCase();
        }, executor, () -> false, batch -> {
            startedBatches.add(batch);
            if (startedBatches.size() == 2) {
                secondBatch.set(batch);
                secondBatchTold.countDown();
            }
        });

        assertEquals(5, results.size());
        assertEquals("PEAKS", results.get("peaks"));
        assertEquals(2, mostAtOnce.get(), "two independent views at once, never more: " + events);
        assertEquals(List.of("daily", "signups"), startedBatches.get(0), "the two without upstream, told at once");
        assertEquals(List.of("monthly"), startedBatches.get(1), "one place free once daily ended");
        assertEquals(Set.copyOf(ORDER), Set.copyOf(startedBatches.stream().flatMap(List::stream).toList()));
        assertEquals(ORDER.size(), startedBatches.stream().mapToInt(List::size).sum(), "each view told once");
        for (var entry : DIAMOND.entrySet()) {
            for (String up : entry.getValue()) {
                assertTrue(events.indexOf("end " + up) < events.indexOf("start " + entry.getKey()),
                        up + " must end before " + entry.getKey() + " starts: " + events);
            }
        }
    }

    @Test
    void aViewThatThrowsStartsNothingNewAndTheRunningOneFinishesBeforeTheRunFails() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        // Counted down once a view's outcome has been handed back to run(). signups, held until then, cannot be
        // the first: so the failure of daily has reached run() while signups still runs, and must be waited for.
        CountDownLatch firstHandedBack = new CountDownLatch(1);
        Executor handingBack = task -> executor.execute(() -> {
            task.run();
            firstHandedBack.countDown();
        });
        IllegalStateException failure = assertThrows(IllegalStateException.class, () ->
                new ParallelRefresh<String>(ORDER, DIAMOND::get, 2).run(Set.of(), view -> {
                    events.add("start " + view);
                    if (view.equals("daily")) {
                        throw new IllegalArgumentException("daily broke");
                    }
                    await(firstHandedBack, "the failure of daily to reach run()");
                    events.add("end " + view);
                    return view;
                }, handingBack, () -> false, started -> { }));

        assertEquals("daily broke", failure.getCause().getMessage());
        assertEquals(List.of(), List.of(failure.getSuppressed()), "signups did not fail");
        assertEquals(2, events.indexOf("end signups"), "the running view finished before run() returned: " + events);
        assertEquals(Set.of("start daily", "start signups"), Set.copyOf(events.subList(0, 2)));
        assertEquals(3, events.size(), "nothing started after the failure: " + events);
    }

    @Test
    void aViewStartsAsSoonAsItsOwnUpstreamIsDoneNotWhenAWaveIs() throws Exception {
        // signups is independent and holds its place until weekly started; weekly must not wait for it.
        CountDownLatch weeklyStarted = new CountDownLatch(1);
        new ParallelRefresh<String>(ORDER, DIAMOND::get, 2).run(Set.of(), view -> {
            if (view.equals("signups")) {
                await(weeklyStarted, "weekly to start while signups runs");
            }
            if (view.equals("weekly")) {
                weeklyStarted.countDown();
            }
            return view;
        }, executor, () -> false, started -> { });
        assertEquals(0, weeklyStarted.getCount());
    }

    @Test
    void viewsDoneEarlierAreNotRunAgainButUnblockTheirDependents() throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        new ParallelRefresh<String>(ORDER, DIAMOND::get, 2).run(Set.of("daily", "signups", "weekly"), view -> {
            ran.add(view);
            return view;
        }, executor, () -> false, started -> { });
        assertEquals(List.of("monthly", "peaks"), ran);
    }

    @Test
    void stoppingStartsNothingNew() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        new ParallelRefresh<String>(ORDER, DIAMOND::get, 1).run(Set.of(), view -> {
            ran.add(view);
            stop.set(true);
            return view;
        }, executor, stop::get, started -> { });
        assertEquals(List.of("daily"), ran);
    }

    @Test
    void whenTheNextViewsCannotBeStartedTheRunningOnesAreWaitedForAndTheRunFails() throws Exception {
        List<String> ended = Collections.synchronizedList(new ArrayList<>());
        // The views end only once starting them has failed, so both are still running when it does.
        CountDownLatch startingFailed = new CountDownLatch(1);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () ->
                new ParallelRefresh<String>(ORDER, DIAMOND::get, 2).run(Set.of(), view -> {
                    await(startingFailed, "telling the started views to fail");
                    ended.add(view);
                    return view;
                }, executor, () -> false, started -> {
                    startingFailed.countDown();
                    throw new IllegalStateException("progress store gone");
                }));
        assertEquals("progress store gone", failure.getCause().getMessage());
        assertEquals(Set.of("daily", "signups"), Set.copyOf(ended), "both views handed over finished first");
    }

    @Test
    void aViewCancelledBeforeItStartedFailsTheRunInsteadOfWaitingForEver() {
        // What JobThreads does to views still queued when the application stops.
        Executor cancelling = task -> ((Future<?>) task).cancel(false);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () ->
                new ParallelRefresh<String>(ORDER, DIAMOND::get, 2).run(Set.of(), view -> view, cancelling,
                        () -> false, started -> { }));
        assertTrue(failure.getCause() instanceof CancellationException, String.valueOf(failure.getCause()));
    }

    /** Inside a view: an AssertionError there fails the run, and so the test, instead of hanging it. */
    private static void await(CountDownLatch latch, String what) {
        try {
            assertTrue(latch.await(WAIT_SECONDS, SECONDS), "timed out waiting for " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    private static void await(CyclicBarrier barrier, String what) {
        try {
            barrier.await(WAIT_SECONDS, SECONDS);
        } catch (TimeoutException | BrokenBarrierException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
