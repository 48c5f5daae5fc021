package org.mvreports.refresh.job.entity;

/** Where one view stands in a refresh job execution; stored by name in {@code app.refresh_job_views.state}. */
public enum ViewState {
    /** Planned, not started yet. */
    PENDING,
    /** Handed to a refresh thread. */
    RUNNING,
    /** Refreshed, or found unchanged: a restart does not do it again (unless it was redefined since). */
    DONE,
    /** Its refresh failed; a restart does it again. */
    FAILED,
    /** Not refreshed because a view it reads failed, or another refresh of it was running; a restart does it. */
    SKIPPED
}
