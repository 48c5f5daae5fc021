package org.mvreports.database;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A read that a prober or a scraper asks for, answered within a time limit whatever the database does: the read runs
 * on a thread of its own, the caller waits for it at most {@code limit}, and gets a fallback when it takes longer or
 * fails. One read at a time: while one is running, callers wait for that one rather than start another, so reads
 * cannot pile up on a database that does not answer. An answer is reused for {@code reuse}, so that the several
 * checks or gauges of one request cost one read; a read that ends after its caller stopped waiting still keeps its
 * answer for the next caller and the fallback.
 *
 * <p>The thread comes from the factory the owner passes, made at construction: a server's managed thread factory
 * gives it the application's context, which the threads of the server's own health and metrics endpoints lack.
 *
 * @param <T> what the read returns
 */
public final class BoundedRead<T> implements AutoCloseable {

    private final ExecutorService thread;
    private final Duration limit;
    private final Duration reuse;
    private final Callable<T> read;
    private Future<T> running;
    private T last;
    private Instant lastAt;

    /**
     * @param threads a factory of application threads (the server's {@code ManagedThreadFactory})
     * @param limit   the longest a caller waits
     * @param reuse   how long an answer answers later callers
     * @param read    the read; it may throw
     */
    public BoundedRead(ThreadFactory threads, Duration limit, Duration reuse, Callable<T> read) {
        this.thread = Executors.newSingleThreadExecutor(threads);
        this.limit = limit;
        this.reuse = reuse;
        this.read = read;
        thread.execute(() -> { }); // makes the thread now, in the constructing caller's context
    }

    /**
     * The latest answer, at most {@code reuse} old, else a new read's.
     *
     * @param instead the answer when the read takes longer than the limit ({@link TimeoutException}) or fails (its
     *                cause); given the latest answer too (null before the first)
     */
    public T current(Fallback<T> instead) {
        Future<T> waitFor;
        synchronized (this) {
            if (lastAt != null && lastAt.plus(reuse).isAfter(Instant.now())) {
                return last;
            }
            if (running == null || running.isDone()) {
                running = thread.submit(this::readAndKeep);
            }
            waitFor = running;
        }
        try {
            return waitFor.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return instead.answer(e, latest());
        } catch (ExecutionException e) {
            return instead.answer(e.getCause(), latest());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return instead.answer(e, latest());
        }
    }

    /**
     * The latest answer a read gave, with when; null before the first. A read that outlasted its caller's wait keeps
     * its answer here when it ends, so that a read slower than the limit still brings news (to the fallback).
     */
    public synchronized Answer<T> latest() {
        return lastAt == null ? null : new Answer<>(last, lastAt);
    }

    /** An answer and when it was read. */
    public record Answer<T>(T value, Instant at) {
    }

    private T readAndKeep() throws Exception {
        T value = read.call();
        synchronized (this) {
            last = value;
            lastAt = Instant.now();
        }
        return value;
    }

    /** The answer when a read could not give one in time. */
    @FunctionalInterface
    public interface Fallback<T> {
        /**
         * @param why    a {@link TimeoutException}, or why the read failed
         * @param latest the latest answer a read gave and when (maybe one that ended after its caller stopped
         *               waiting), null before the first
         */
        T answer(Throwable why, Answer<T> latest);
    }

    /** Stops the thread (interrupting a read in progress). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
