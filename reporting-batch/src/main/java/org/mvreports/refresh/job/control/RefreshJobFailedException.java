package org.mvreports.refresh.job.control;

import java.util.List;
import java.util.stream.Collectors;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.history.entity.RefreshResult;

/**
 * Ends a refresh job execution as FAILED (restartable) when views failed or were skipped because of a failure. Its
 * message is the execution's exit status: which views, and PostgreSQL's own words for why (e.g. "terminating
 * connection due to administrator command" with 57P01 when the database was restarted).
 */
public class RefreshJobFailedException extends Exception {

    /** @param notRefreshed the views that failed or were skipped because of a failure, in the order they ended */
    public RefreshJobFailedException(List<RefreshResult> notRefreshed) {
        super(describe(notRefreshed));
    }

    static String describe(List<RefreshResult> notRefreshed) {
        String failed = notRefreshed.stream()
                .filter(r -> r.outcome() == RefreshOutcome.FAILED)
                .map(r -> r.view() + " (" + (r.sqlState() == null ? "" : r.sqlState() + ": ") + r.errorMessage() + ")")
                .collect(Collectors.joining(", "));
        List<String> skipped = notRefreshed.stream()
                .filter(r -> r.outcome() == RefreshOutcome.SKIPPED_UPSTREAM_FAILED)
                .map(RefreshResult::view)
                .toList();
        return "FAILED: " + (failed.isEmpty() ? "" : "failed: " + failed)
                + (skipped.isEmpty() ? "" : (failed.isEmpty() ? "" : "; ") + "skipped because a view they read failed: "
                + String.join(", ", skipped));
    }
}
