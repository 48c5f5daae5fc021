package org.mvreports.refresh.job.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mvreports.history.entity.RefreshMode;
import org.mvreports.history.entity.RefreshOutcome;
import org.mvreports.history.entity.RefreshResult;

class RefreshJobFailedExceptionTest {

    private static final Instant AT = Instant.parse("2026-11-30T06:00:00Z");

    @Test
    void theExitStatusNamesEachFailedViewWithPostgresqlsWordsAndTheSkippedOnes() {
        RefreshResult lost = new RefreshResult("reports.a", RefreshOutcome.FAILED, RefreshMode.CONCURRENT, AT, AT, null,
                "terminating connection due to administrator command", "57P01");
        RefreshResult skipped = new RefreshResult("reports.b", RefreshOutcome.SKIPPED_UPSTREAM_FAILED, null, AT, AT,
                null, null, null);
        assertEquals("FAILED: failed: reports.a (57P01: terminating connection due to administrator command);"
                + " skipped because a view they read failed: reports.b",
                new RefreshJobFailedException(List.of(lost, skipped)).getMessage());
        assertEquals("FAILED: failed: reports.a (57P01: terminating connection due to administrator command)",
                new RefreshJobFailedException(List.of(lost)).getMessage());
    }
}
