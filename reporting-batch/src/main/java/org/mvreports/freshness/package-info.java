/**
 * Freshness, told honestly (DESIGN.md): for every report, how old its data is (as of the snapshot of its last
 * successful refresh, not when that refresh ended), whether it is fresh, stale, being refreshed or not available
 * yet, and when its next refresh is due. The catalog, the report pages and the API all show this one answer.
 *
 * <p>It combines what other features own (the catalog, the refresh log, running jobs, the schedule) and owns no
 * table of its own. Not the place to decide when to refresh: that is the schedule's.
 */
package org.mvreports.freshness;
