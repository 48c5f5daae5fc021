package org.mvreports.refresh.control;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.mvreports.refresh.entity.RefreshOutcome;
import org.mvreports.refresh.entity.RefreshResult;
import org.mvreports.refresh.entity.RefreshTrigger;

/**
 * Refresh attempts whose outcome was never written: the node running them stopped (crashed, killed, or stopped while
 * waiting for a lost database to come back) between starting the refresh and logging how it ended. Such a refresh did
 * not commit (a success commits with its log row), so the view kept its previous contents; what is missing is only
 * the row. Whoever finds such an attempt (the job recovery) records it here, so that the refresh log misses no
 * attempt.
 */
public final class UnrecordedRefreshes {

    private UnrecordedRefreshes() {
    }

    /**
     * Appends a FAILED row for an attempt whose outcome was never recorded, on the caller's connection (in the
     * caller's transaction, with whatever else it records about the lost attempt).
     *
     * @param startedAt when the attempt started, as far as is known
     * @param reason    what is known about why no outcome was recorded; stored as the row's error
     */
    public static void recordFailed(Connection connection, String schema, String view, RefreshTrigger trigger,
                                    long jobExecutionId, String nodeName, Instant startedAt, String reason)
            throws SQLException {
        Instant now = Instant.now();
        RefreshResult failed = new RefreshResult(schema + "." + view, RefreshOutcome.FAILED, null,
                startedAt == null || startedAt.isAfter(now) ? now : startedAt, now, null, reason, null);
        RefreshLog.append(connection, schema, view, failed,
                new RefreshLog.Context(trigger, jobExecutionId, nodeName, false), null, null, null);
    }
}
