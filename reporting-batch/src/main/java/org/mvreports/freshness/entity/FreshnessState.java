package org.mvreports.freshness.entity;

/** The state badge of a report, the same everywhere it is shown. */
public enum FreshnessState {
    /** Refreshed successfully within its agreed interval. */
    FRESH,
    /** Its data is older than its agreed interval. */
    STALE,
    /** A refresh job is working on it now; readers still see the previous data. */
    REFRESHING,
    /** Its latest refresh failed: the data shown is the last good one, as of its refresh's start. */
    FAILED,
    /** Never refreshed successfully: there is no data to show yet. */
    NEVER_REFRESHED
}
