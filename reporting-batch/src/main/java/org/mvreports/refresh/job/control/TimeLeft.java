package org.mvreports.refresh.job.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.mvreports.refresh.job.entity.ViewState;

/**
 * How long a running refresh job has left, as people know it from CI servers: each view is expected to take what its
 * recent successful refreshes took (the caller says how long: the median of the last few, about nothing for a view
 * expected to be skipped as unchanged, null when it has no history), and the job follows its remaining critical path
 * through the dependency graph with as many views at once as the job's parallelism. A view running longer than
 * expected is overrunning: it is expected to end now, never in the past. One view without an expectation makes the
 * whole job's time left unknown: a made-up figure would mislead more than none.
 */
public final class TimeLeft {

    /**
     * One view of the job, as the estimate sees it.
     *
     * @param view      its name
     * @param state     where it stands
     * @param startedAt when it started, while it runs
     * @param expected  how long it is expected to take; null: unknown
     * @param upstream  the views of the same job it reads, which must end before it starts
     */
    public record Step(String view, ViewState state, Instant startedAt, Duration expected, List<String> upstream) {
    }

    /**
     * @param remaining   the job's time left; null when unknown
     * @param overrunning the running views past their expected time
     */
    public record Estimate(Duration remaining, Set<String> overrunning) {
    }

    private TimeLeft() {
    }

    /**
     * @param steps       the job's views in dependency order (every view after those it reads)
     * @param parallelism how many views the job refreshes at once
     * @param now         the moment the estimate is for
     */
    public static Estimate of(List<Step> steps, int parallelism, Instant now) {
        Map<String, Duration> endsIn = new HashMap<>();
        Set<String> failed = new HashSet<>();
        Set<String> overrunning = new HashSet<>();
        PriorityQueue<Duration> workersFreeIn = new PriorityQueue<>();
        boolean unknown = false;
        for (Step step : steps) {
            switch (step.state()) {
                case RUNNING -> {
                    Duration left = null;
                    if (step.expected() != null) {
                        Duration elapsed = step.startedAt() == null ? Duration.ZERO
                                : Duration.between(step.startedAt(), now);
                        if (elapsed.compareTo(step.expected()) > 0) {
                            overrunning.add(step.view());
                        }
                        left = max(Duration.ZERO, step.expected().minus(elapsed));
                    }
                    unknown |= left == null;
                    endsIn.put(step.view(), left == null ? Duration.ZERO : left);
                    workersFreeIn.add(left == null ? Duration.ZERO : left);
                }
                case FAILED -> {
                    failed.add(step.view());
                    endsIn.put(step.view(), Duration.ZERO);
                }
                default -> endsIn.put(step.view(), Duration.ZERO);
            }
        }
        while (workersFreeIn.size() < Math.max(1, parallelism)) {
            workersFreeIn.add(Duration.ZERO);
        }
        // The engine starts a view once every view it reads has ended, on the first free thread: here, of the views
        // that could start, the one that can start earliest goes next (so a view waiting for its upstream does not
        // hold a thread that an independent view could use meanwhile).
        Set<String> inJob = new HashSet<>();
        steps.forEach(step -> inJob.add(step.view()));
        List<Step> waiting = new ArrayList<>(steps.stream().filter(s -> s.state() == ViewState.PENDING).toList());
        while (!waiting.isEmpty()) {
            Step next = null;
            Duration nextReady = null;
            for (Step candidate : waiting) {
                if (candidate.upstream().stream().anyMatch(u -> inJob.contains(u) && !endsIn.containsKey(u))) {
                    continue; // something it reads has not been placed yet
                }
                Duration ready = readyAt(candidate, endsIn);
                if (nextReady == null || ready.compareTo(nextReady) < 0) {
                    next = candidate;
                    nextReady = ready;
                }
            }
            if (next == null) { // what they read is not in dependency order: take them as they come
                next = waiting.get(0);
                nextReady = readyAt(next, endsIn);
            }
            waiting.remove(next);
            if (next.upstream().stream().anyMatch(failed::contains)) {
                // Skipped because a view it reads failed: it takes no time, and what reads it is skipped too.
                failed.add(next.view());
                endsIn.put(next.view(), nextReady);
                continue;
            }
            if (next.expected() == null) {
                unknown = true;
            }
            Duration start = max(workersFreeIn.poll(), nextReady);
            Duration end = start.plus(next.expected() == null ? Duration.ZERO : next.expected());
            workersFreeIn.add(end);
            endsIn.put(next.view(), end);
        }
        Duration remaining = endsIn.values().stream().reduce(Duration.ZERO, TimeLeft::max);
        return new Estimate(unknown ? null : remaining, Set.copyOf(overrunning));
    }

    private static Duration readyAt(Step step, Map<String, Duration> endsIn) {
        Duration ready = Duration.ZERO;
        for (String upstream : step.upstream()) {
            ready = max(ready, endsIn.getOrDefault(upstream, Duration.ZERO));
        }
        return ready;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
