package org.mvreports.refresh.job.entity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A refresh job execution as the console and the API show it.
 *
 * @param executionId the Jakarta Batch execution id
 * @param batchStatus STARTING, STARTED, STOPPING, STOPPED, FAILED, COMPLETED or ABANDONED
 * @param exitStatus  the execution's exit status, may be null while running
 * @param startedAt   when it started, null before
 * @param endedAt     when it ended, null while running
 * @param node        the node that runs or ran it, null until its job registered
 * @param resumes     for a restart: the failed or stopped execution it resumes, else null
 * @param restartedAs the execution that restarted this one, else null
 * @param parameters  the job parameters it was started with
 * @param views       per-view progress, in dependency order
 */
public record RefreshJobStatus(long executionId, String batchStatus, String exitStatus, Instant startedAt,
                               Instant endedAt, String node, Long resumes, Long restartedAs,
                               Map<String, String> parameters, List<ViewProgress> views) {

    /** The same execution with its per-view progress (read separately, for a page of executions at once). */
    public RefreshJobStatus withViews(List<ViewProgress> progress) {
        return new RefreshJobStatus(executionId, batchStatus, exitStatus, startedAt, endedAt, node, resumes,
                restartedAs, parameters, progress);
    }
}
