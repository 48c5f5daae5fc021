package org.mvreports.refresh.job.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mvreports.settings.ReportingSettings;

/**
 * The threads refresh jobs run their views and heartbeats on: pools of the application's own, whose threads come
 * from the server's {@link ManagedThreadFactory} (so they carry the application's context and are the server's
 * threads), shared by every job of this node.
 *
 * <p>Why not the {@code ManagedExecutorService}: it captures the submitter's context for every task, and Payara
 * looks up context providers on the application's class path each time; measured, that was about a millisecond per
 * view on the path from one view to the next. A thread from the factory captures its context once, when created.
 *
 * <p>Heartbeats have threads of their own: refreshes that occupy every refresh thread for minutes must not delay
 * the beats that tell other nodes this one is alive.
 */
@ApplicationScoped
public class JobThreads {

    /** Idle refresh threads end after this; the next job makes new ones. */
    private static final Duration IDLE = Duration.ofMinutes(1);

    /** Two, so that one beat waiting for a connection does not hold up every other job's. */
    private static final int HEARTBEAT_THREADS = 2;

    /** Views refreshed at once on this node by all its jobs together, in units of one job's parallelism. */
    private static final int JOBS_AT_ONCE = 4;

    @Resource
    ManagedThreadFactory threadFactory;

    @Inject
    ReportingSettings settings;

    private ThreadPoolExecutor refreshes;
    private ScheduledThreadPoolExecutor heartbeats;

    @PostConstruct
    void start() {
        int threads = settings.refreshParallelism() * JOBS_AT_ONCE;
        refreshes = new ThreadPoolExecutor(threads, threads, IDLE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threadFactory);
        refreshes.allowCoreThreadTimeOut(true);
        heartbeats = new ScheduledThreadPoolExecutor(HEARTBEAT_THREADS, threadFactory);
        heartbeats.setRemoveOnCancelPolicy(true);
    }

    /**
     * When the application stops: views not yet begun are cancelled, which their jobs see as a failure (a job
     * waits for its views' results and would otherwise wait for ever); running ones are interrupted.
     */
    @PreDestroy
    void stop() {
        for (Runnable neverStarted : refreshes.shutdownNow()) {
            if (neverStarted instanceof Future<?> view) {
                view.cancel(false);
            }
        }
        heartbeats.shutdownNow();
    }

    /** Runs views' refreshes; each job limits how many of its own run at once. */
    public ExecutorService refreshes() {
        return refreshes;
    }

    /** Runs the heartbeats of this node's running executions. */
    public ScheduledExecutorService heartbeats() {
        return heartbeats;
    }
}
