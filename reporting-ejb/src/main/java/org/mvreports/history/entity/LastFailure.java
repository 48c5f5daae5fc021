package org.mvreports.history.entity;

import java.time.Instant;

/**
 * A view's latest failed refresh attempt.
 *
 * @param finishedAt   when it ended
 * @param errorMessage PostgreSQL's message (or why the failure was recorded without one)
 * @param sqlState     PostgreSQL's SQLSTATE, if it had one
 */
public record LastFailure(Instant finishedAt, String errorMessage, String sqlState) {
}
