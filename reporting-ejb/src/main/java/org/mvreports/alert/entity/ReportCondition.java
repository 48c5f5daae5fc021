package org.mvreports.alert.entity;

import java.time.Instant;

/**
 * What the alerts need to know of one report now, from its catalog entry.
 *
 * @param report     its name
 * @param stale      whether its data is older than its agreed interval
 * @param failedWith when its latest refresh failed: PostgreSQL's message with its SQLSTATE; else null
 * @param dataAsOf   the moment its data reflects, null if never refreshed
 */
public record ReportCondition(String report, boolean stale, String failedWith, Instant dataAsOf) {
}
