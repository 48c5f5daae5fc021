package org.mvreports.refresh.job.entity;

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
 */
public record ViewProgress(String view, ViewState state, String outcome, Long doneInExecution, Instant startedAt,
                           Instant finishedAt, String error, String sqlState) {
}
