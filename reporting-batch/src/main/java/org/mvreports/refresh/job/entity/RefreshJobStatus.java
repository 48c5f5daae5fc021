package org.mvreports.refresh.job.entity;

import jakarta.batch.runtime.BatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A refresh job execution as the console and the API show it.
 *
 * @param executionId the Jakarta Batch execution id
 * @param batchStatus where the execution stands
 * @param exitStatus  the execution's exit status (for a failed one, which views failed and why), null while running
 * @param startedAt   when it started, null before
 * @param endedAt     when it ended, null while running
 * @param node        the node that runs or ran it, null until its job registered
 * @param resumes     for a restart: the failed or stopped execution it resumes, else null
 * @param restartedAs the execution that restarted this one, else null
 * @param request     what it was asked to do, null when its stored parameters cannot be read
 * @param views       per-view progress, in dependency order
 * @param expectedEnd while it runs: when it is expected to end ({@code TimeLeft}); null when unknown or ended
 * @param remaining   while it runs: how long it is expected to take still; null when unknown or ended
 */
public record RefreshJobStatus(long executionId, BatchStatus batchStatus, String exitStatus, Instant startedAt,
                               Instant endedAt, String node, Long resumes, Long restartedAs,
                               RefreshJobParameters request, List<ViewProgress> views, Instant expectedEnd,
                               Duration remaining) {

    /** The same execution with its per-view progress (read separately, for a page of executions at once). */
    public RefreshJobStatus withViews(List<ViewProgress> progress) {
        return new RefreshJobStatus(executionId, batchStatus, exitStatus, startedAt, endedAt, node, resumes,
                restartedAs, request, progress, expectedEnd, remaining);
    }

    /** The same execution with what it is expected to take still, and its views with theirs. */
    public RefreshJobStatus expecting(List<ViewProgress> progress, Instant end, Duration left) {
        return new RefreshJobStatus(executionId, batchStatus, exitStatus, startedAt, endedAt, node, resumes,
                restartedAs, request, progress, end, left);
    }

    /** Whether the batch status is one of a running execution's. */
    public static boolean running(BatchStatus status) {
        return status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING;
    }
}
