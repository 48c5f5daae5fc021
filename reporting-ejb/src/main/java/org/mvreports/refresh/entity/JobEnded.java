package org.mvreports.refresh.entity;

import java.time.Duration;

/**
 * A refresh job's run on this node ended: announced by the batch job as a CDI event, for whoever observes jobs (the
 * metrics).
 *
 * @param executionId the job's execution
 * @param batchStatus how it ended: COMPLETED, FAILED, STOPPED, or SUPERSEDED (a restart another one did)
 * @param exitStatus  for a failed job, which reports failed and why; else null
 * @param took        from its start on this node to its end
 */
public record JobEnded(long executionId, String batchStatus, String exitStatus, Duration took) {
}
