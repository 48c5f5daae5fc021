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
 * @param expectedEnd while it is being refreshed: when that refresh should end, from how long its recent
 *                    refreshes took; else null (also when it has no history to go by)
 * @param lastError   when its latest refresh failed (after its last success, if any): PostgreSQL's message, with
 *                    its SQLSTATE in brackets; else null
 * @param failedAt    when that failed refresh ended, else null
 * @param sourcesTracked   whether its sources' changes are known (all its source tables carry the change trigger,
 *                         and it was refreshed before)
 * @param sourcesChangedAt when its sources last changed in a way its data does not reflect yet; null when they did
 *                         not (its data is up to date with them) or when that is not known
 */
public record Freshness(FreshnessState state, Instant dataAsOf, Instant refreshedAt, Long rowCount,
                        boolean refreshing, Instant nextDueAt, Instant expectedEnd, String lastError,
                        Instant failedAt, boolean sourcesTracked, Instant sourcesChangedAt) {
}
