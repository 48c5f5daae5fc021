package org.mvreports.history.entity;

/** How PostgreSQL was asked to refresh a view; stored by name in {@code app.refresh_log.mode}. */
public enum RefreshMode {
    /** {@code REFRESH MATERIALIZED VIEW CONCURRENTLY}: readers are never blocked. */
    CONCURRENT,
    /** Plain {@code REFRESH MATERIALIZED VIEW}: readers wait until it commits. Needed for the first population. */
    PLAIN
}
