package org.mvreports.refresh.job.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs views in dependency order with up to {@code parallelism} at once: a view starts as soon as every view it
 * reads has finished (not when a whole "wave" has), so the run takes about as long as its longest chain. Stopping
 * starts nothing new and waits for the views already running.
 *
 * @param <R> what refreshing one view returns
 */
public final class ParallelRefresh<R> {

    private final List<String> order;
    private final Function<String, List<String>> upstreamOf;
    private final int parallelism;

    /**
     * @param order      the views to run, upstream first
     * @param upstreamOf for a view, the views of {@code order} (or finished before) it must wait for
     */
    public ParallelRefresh(List<String> order, Function<String, List<String>> upstreamOf, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.order = List.copyOf(order);
        this.upstreamOf = upstreamOf;
        this.parallelism = parallelism;
    }

    /**
     * @param alreadyDone views finished before (by an earlier execution): not run, but they count as finished
     * @param refresh     refreshes one view
     * @param stop        polled between views; when true nothing new starts
     * @param started     told which views were just handed to the executor, on the caller's thread while they run
     * @return the result of every view that ran, by view, in completion order
     * @throws IllegalStateException when refreshing a view threw; nothing new started after that, and the views
     *                               already running were waited for, so none is left running behind the caller
     * @throws InterruptedException  when interrupted, likewise after the running views finished
     */
    public Map<String, R> run(Set<String> alreadyDone, Function<String, R> refresh, Executor executor,
                              BooleanSupplier stop, Consumer<List<String>> started) throws InterruptedException {
        Set<String> finished = new HashSet<>(alreadyDone);
        List<String> waiting = new ArrayList<>(order);
        waiting.removeAll(alreadyDone);
        Map<String, R> results = new LinkedHashMap<>();
        CompletionService<Map.Entry<String, R>> completions = new ExecutorCompletionService<>(executor);
        IllegalStateException failure = null;
        boolean interrupted = false;
        int running = 0;
        while (!waiting.isEmpty() || running > 0) {
            if (failure == null && !interrupted && !stop.getAsBoolean()) {
                List<String> startedNow = new ArrayList<>();
                for (var it = waiting.iterator(); it.hasNext() && running < parallelism; ) {
                    String view = it.next();
                    if (finished.containsAll(upstreamOf.apply(view).stream().filter(order::contains).toList())) {
                        it.remove();
                        completions.submit(() -> Map.entry(view, refresh.apply(view)));
                        startedNow.add(view);
                        running++;
                    }
                }
                if (!startedNow.isEmpty()) {
                    started.accept(startedNow);
                }
            }
            if (running == 0) {
                break; // stopped or failed, or nothing can start (cannot happen for a dependency order)
            }
            Future<Map.Entry<String, R>> done;
            try {
                done = completions.take();
            } catch (InterruptedException e) {
                interrupted = true; // start nothing more, but do not leave running views behind
                continue;
            }
            running--;
            try {
                Map.Entry<String, R> result = done.get();
                finished.add(result.getKey());
                results.put(result.getKey(), result.getValue());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = new IllegalStateException("refreshing a view failed unexpectedly", e.getCause());
                } else {
                    failure.addSuppressed(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (interrupted) {
            throw new InterruptedException("interrupted; the views that were running have finished");
        }
        return results;
    }
}
