package org.mvreports.refresh.job.control;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
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
     * @throws IllegalStateException when refreshing a view threw or was cancelled, or the next views could not be
     *                               started; nothing new started after that, and the views already running were
     *                               waited for, so none is left running behind the caller
     * @throws InterruptedException  when interrupted, likewise after the running views finished
     */
    public Map<String, R> run(Set<String> alreadyDone, Function<String, R> refresh, Executor executor,
                              BooleanSupplier stop, Consumer<List<String>> started) throws InterruptedException {
        Set<String> finished = new HashSet<>(alreadyDone);
        List<String> waiting = new ArrayList<>(order);
        waiting.removeAll(alreadyDone);
        Map<String, R> results = new LinkedHashMap<>();
        // Not an ExecutorCompletionService: it queues a wrapper, and a wrapper cancelled before it ran (what an
        // executor shutting down does to queued tasks) would leave the inner task never done, waited for for ever.
        BlockingQueue<Future<Map.Entry<String, R>>> completions = new LinkedBlockingQueue<>();
        IllegalStateException failure = null;
        boolean interrupted = false;
        int running = 0;
        while (!waiting.isEmpty() || running > 0) {
            if (failure == null && !interrupted && !stop.getAsBoolean()) {
                List<String> startedNow = new ArrayList<>();
                try {
                    for (var it = waiting.iterator(); it.hasNext() && running < parallelism; ) {
                        String view = it.next();
                        if (finished.containsAll(upstreamOf.apply(view).stream().filter(order::contains).toList())) {
                            executor.execute(new FutureTask<Map.Entry<String, R>>(
                                    () -> Map.entry(view, refresh.apply(view))) {
                                @Override
                                protected void done() {
                                    completions.add(this);
                                }
                            });
                            it.remove();
                            startedNow.add(view);
                            running++;
                        }
                    }
                    if (!startedNow.isEmpty()) {
                        started.accept(startedNow);
                    }
                } catch (RuntimeException e) {
                    // e.g. the executor shut down: start nothing more, but wait for what runs (below).
                    failure = new IllegalStateException("cannot start the next views", e);
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
            } catch (ExecutionException | CancellationException e) {
                // Cancelled: the executor shut down (the application is being stopped) before the view started.
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (failure == null) {
                    failure = new IllegalStateException("refreshing a view failed unexpectedly", cause);
                } else {
                    failure.addSuppressed(cause);
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
