package org.mvreports.freshness.entity;

import java.time.Instant;

/**
 * How fresh one report is.
 *
 * @param state       the badge
 * @param dataAsOf    the moment its contents reflect: the start of its last successful refresh (the refresh reads
 *                    a snapshot taken right after), null if never refreshed
 * @param refreshedAt when that refresh committed, null if never
 * @param rowCount    rows after that refresh, null if never
 * @param refreshing  whether a running job has it (queued or refreshing); for a report never refreshed this is
 *                    "first refresh running"
 * @param nextDueAt   when the schedule refreshes it next (at the latest; a due report starts at the next minute),
 *                    null when it is not scheduled (its schedule or all scheduling is switched off)
 */
public record Freshness(FreshnessState state, Instant dataAsOf, Instant refreshedAt, Long rowCount,
                        boolean refreshing, Instant nextDueAt) {
}
