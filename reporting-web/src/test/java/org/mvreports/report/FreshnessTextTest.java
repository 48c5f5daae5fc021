package org.mvreports.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;

class FreshnessTextTest {

    private static final Instant AS_OF = Instant.parse("2026-11-30T06:00:00Z");
    private static final Instant DUE = Instant.parse("2026-11-30T07:00:00Z");

    private static Freshness of(FreshnessState state, boolean refreshing, Instant nextDue) {
        boolean never = state == FreshnessState.NEVER_REFRESHED;
        return new Freshness(state, never ? null : AS_OF, never ? null : AS_OF, never ? null : 10L, refreshing,
                nextDue);
    }

    @Test
    void aReportNeverRefreshedIsNotAvailableYetAndSaysWhatHappensNext() {
        assertEquals("First refresh running", FreshnessText.badge(of(FreshnessState.NEVER_REFRESHED, true, DUE)));
        assertEquals("Not available yet; first refresh running.",
                FreshnessText.sentence(of(FreshnessState.NEVER_REFRESHED, true, DUE)));
        assertEquals("Not available yet; first refresh due at 2026-11-30 07:00:00 UTC.",
                FreshnessText.sentence(of(FreshnessState.NEVER_REFRESHED, false, DUE)));
        assertEquals("Not available yet; not scheduled, so only an administrator's refresh updates it.",
                FreshnessText.sentence(of(FreshnessState.NEVER_REFRESHED, false, null)));
    }

    @Test
    void refreshedReportsSayHowOldTheirDataIs() {
        assertEquals("Data as of 2026-11-30 06:00:00 UTC; next refresh due at 2026-11-30 07:00:00 UTC.",
                FreshnessText.sentence(of(FreshnessState.FRESH, false, DUE)));
        assertEquals("Data as of 2026-11-30 06:00:00 UTC; older than agreed; next refresh due at"
                + " 2026-11-30 07:00:00 UTC.", FreshnessText.sentence(of(FreshnessState.STALE, false, DUE)));
        assertEquals("Data as of 2026-11-30 06:00:00 UTC; a refresh is running now.",
                FreshnessText.sentence(of(FreshnessState.REFRESHING, true, DUE)));
        assertEquals("warning", FreshnessText.severity(of(FreshnessState.STALE, false, DUE)));
        assertEquals("Refreshing now", FreshnessText.badge(of(FreshnessState.REFRESHING, true, DUE)));
    }
}
