package org.mvreports.refresh.job.entity;

import java.time.Duration;
import java.time.Instant;

/**
 * Where one view stands in a refresh job execution.
 *
 * @param view            view name in the report schema
 * @param state           where it stands
 * @param outcome         the refresh log outcome once the view is handled (e.g. SKIPPED_UNCHANGED), else null
 * @param doneInExecution for a restarted execution, the earlier execution that already did this view, else null
 * @param startedAt       when this execution started the view, else null
 * @param finishedAt      when it finished, else null
 * @param error           for a failed view, PostgreSQL's message (or why the failure was recorded without one)
 * @param sqlState        for a failed view, PostgreSQL's SQLSTATE, if it had one
 * @param expected        while the job runs: how long the view is expected to take (the median of its last
 *                        successful refreshes; about nothing when it is expected to be skipped as unchanged), null
 *                        when unknown or when the job has ended
 * @param overrunning     whether it runs longer than expected
 */
public record ViewProgress(String view, ViewState state, String outcome, Long doneInExecution, Instant startedAt,
                           Instant finishedAt, String error, String sqlState, Duration expected,
                           boolean overrunning) {

    /** The same view with what it is expected to take. */
    public ViewProgress expecting(Duration expectedDuration, boolean overrun) {
        return new ViewProgress(view, state, outcome, doneInExecution, startedAt, finishedAt, error, sqlState,
                expectedDuration, overrun);
    }
}
