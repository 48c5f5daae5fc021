package org.mvreports.history.entity;

import java.time.Instant;

/**
 * What happened to one view in one refresh attempt: the same facts as its refresh log row.
 *
 * @param view         unquoted {@code schema.name}
 * @param outcome      how it ended
 * @param mode         how it was refreshed, null when it was not
 * @param startedAt    when the attempt started
 * @param finishedAt   when it ended
 * @param rowCount     rows in the view after a successful refresh, else null
 * @param errorMessage PostgreSQL's message for a failure, else null
 * @param sqlState     PostgreSQL's SQLSTATE for a failure, else null
 */
public record RefreshResult(String view, RefreshOutcome outcome, RefreshMode mode, Instant startedAt,
                            Instant finishedAt, Long rowCount, String errorMessage, String sqlState) {

    /** The view's name without its schema, as the catalog, the metrics and the alerts name reports. */
    public String viewName() {
        return view.substring(view.indexOf('.') + 1);
    }
}
