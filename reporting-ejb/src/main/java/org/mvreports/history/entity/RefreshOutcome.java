package org.mvreports.history.entity;

/** How one refresh attempt of one view ended; stored by name in {@code app.refresh_log.outcome}. */
public enum RefreshOutcome {
    /** The view was refreshed and the new contents committed together with the log row. */
    SUCCEEDED,
    /** PostgreSQL refused or aborted the refresh; the view keeps its previous contents. */
    FAILED,
    /** Nothing the view reads changed since its last successful refresh, and the refresh was not forced. */
    SKIPPED_UNCHANGED,
    /** A view this one reads failed in the same run, so refreshing this one would publish stale input. */
    SKIPPED_UPSTREAM_FAILED,
    /** Another refresh of the same view was running (on this node or another). */
    SKIPPED_BUSY
}
