package org.mvreports.history.entity;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A view's last successful refresh, as its refresh log row has it.
 *
 * @param id             the refresh log row's id: a new one for every successful refresh
 * @param startedAt      when that refresh started: its contents reflect the sources as of about then (its snapshot
 *                       was taken right after), which is what "data as of" means
 * @param finishedAt     when it committed
 * @param rowCount       rows in the view after it
 * @param snapshot       the snapshot its REFRESH read ({@code pg_snapshot} as text), null for rows from before change
 *                       tracking
 * @param definitionHash the hash of the definition it refreshed
 */
public record LastSuccess(long id, Instant startedAt, Instant finishedAt, long rowCount, String snapshot,
                          String definitionHash) {

    /** The snapshots of the last successes that have one, by view: what change tracking compares with. */
    public static Map<String, String> snapshots(Map<String, LastSuccess> last) {
        Map<String, String> snapshots = new HashMap<>();
        last.forEach((view, success) -> {
            if (success.snapshot() != null) {
                snapshots.put(view, success.snapshot());
            }
        });
        return snapshots;
    }
}
