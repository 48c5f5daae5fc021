package org.mvreports.alert.entity;

import java.time.Instant;
import java.util.List;

/**
 * Something alerted: a report's condition changed, a job failed, a verification found the records broken.
 *
 * @param id          null until recorded
 * @param reports     the report it is about, or the reports of a digest; empty for a job or a verification
 * @param state       the condition entered (FAILED, STALE) or, for a recovery, the one left
 * @param error       a failed refresh's message with its SQLSTATE, a job's exit status, what a verification found
 * @param dataAsOf    the moment the report's data reflects, when it is about one report
 * @param executionId the refresh job's execution, when it is about one
 */
public record AlertEvent(Long id, AlertKind kind, List<String> reports, String state, String error, Instant dataAsOf,
                         Long executionId, Instant occurredAt) {

    public AlertEvent {
        reports = List.copyOf(reports);
    }

    /** An event to record now, about {@code reports}. */
    public static AlertEvent of(AlertKind kind, List<String> reports, String state, String error, Instant dataAsOf,
                                Long executionId) {
        return new AlertEvent(null, kind, reports, state, error, dataAsOf, executionId, null);
    }
}
