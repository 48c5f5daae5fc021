package org.mvreports.refresh.job.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelRefreshTest {

    private static final Map<String, List<String>> DIAMOND = Map.of(
            "daily", List.of(), "weekly", List.of("daily"), "monthly", List.of("daily"),
            "peaks", List.of("weekly", "monthly"), "signups", List.of());
    private static final List<String> ORDER = List.of("daily", "signups", "monthly", "weekly", "peaks");

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
        Map<String, String> results = new ParallelRefresh<String>(ORDER, DIAMOND::get, 2).run(Set.of(), view -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            events.add("start " + view);
            sleep(30);
            events.add("end " + view);
            running.decrementAndGet();
            return view.toUpperCase();
        }, executor, () -> false, startedBatches::add);

        assertEquals(5, results.size());
        assertEquals("PEAKS", results.get("peaks"));
        assertEquals(2, mostAtOnce.get(), "two independent views at once, never more");
        assertEquals(List.of("daily", "signups"), startedBatches.get(0), "the two without upstream, told at once");
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
        IllegalStateException failure = assertThrows(IllegalStateException.class, () ->
                new ParallelRefresh<String>(ORDER, DIAMOND::get, 2).run(Set.of(), view -> {
                    events.add("start " + view);
                    if (view.equals("daily")) {
                        throw new IllegalArgumentException("daily broke");
                    }
                    sleep(200);
                    events.add("end " + view);
                    return view;
                }, executor, () -> false, started -> { }));

        assertEquals("daily broke", failure.getCause().getMessage());
        assertEquals(3, events.size(), "nothing started after the failure: " + events);
        assertEquals(Set.of("start daily", "start signups"), Set.copyOf(events.subList(0, 2)));
        assertEquals("end signups", events.get(2), "the running view finished before run() returned");
    }

    @Test
    void aViewStartsAsSoonAsItsOwnUpstreamIsDoneNotWhenAWaveIs() throws Exception {
        // signups is slow and independent; weekly must not wait for it.
        CountDownLatch weeklyStarted = new CountDownLatch(1);
        new ParallelRefresh<String>(ORDER, DIAMOND::get, 2).run(Set.of(), view -> {
            if (view.equals("signups")) {
                await(weeklyStarted);
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
        IllegalStateException failure = assertThrows(IllegalStateException.class, () ->
                new ParallelRefresh<String>(ORDER, DIAMOND::get, 2).run(Set.of(), view -> {
                    sleep(100);
                    ended.add(view);
                    return view;
                }, executor, () -> false, started -> {
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "weekly never started while signups ran");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
