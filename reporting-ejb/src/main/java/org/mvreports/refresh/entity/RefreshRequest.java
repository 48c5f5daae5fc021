package org.mvreports.refresh.entity;

import org.mvreports.history.entity.RefreshTrigger;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What to refresh, and under which limits.
 *
 * @param schema            the report schema whose views are meant
 * @param views             view names in that schema; empty means every view
 * @param includeDependents also refresh every view that reads a named view, directly or through others
 * @param force             refresh even views whose sources have not changed since their last refresh
 * @param trigger           who or what asked, for the refresh log
 * @param jobExecutionId    the Jakarta Batch execution running this request, or null
 * @param statementTimeout  longest one view's refresh may run before PostgreSQL cancels it
 * @param lockTimeout       longest a refresh may wait for a lock (e.g. a plain refresh waiting for readers)
 */
public record RefreshRequest(String schema, Set<String> views, boolean includeDependents, boolean force,
                             RefreshTrigger trigger, Long jobExecutionId, Duration statementTimeout,
                             Duration lockTimeout) {

    public RefreshRequest {
        Objects.requireNonNull(schema, "schema");
        views = Set.copyOf(views);
        Objects.requireNonNull(trigger, "trigger");
        requirePositive(statementTimeout, "statementTimeout");
        requirePositive(lockTimeout, "lockTimeout");
    }

    private static void requirePositive(Duration duration, String what) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
    }
}
