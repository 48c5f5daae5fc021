package org.mvreports.freshness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;

class FreshnessTextTest {

    private static final Instant AS_OF = Instant.parse("2026-11-30T06:00:00Z");
    private static final Instant DUE = Instant.parse("2026-11-30T07:00:00Z");

    private static Freshness of(FreshnessState state, boolean refreshing, Instant nextDue) {
        boolean never = state == FreshnessState.NEVER_REFRESHED;
        return new Freshness(state, never ? null : AS_OF, never ? null : AS_OF, never ? null : 10L, refreshing,
                nextDue, null, null, null, false, null);
    }

    @Test
    void pagesTellTimesInTheReadersZone() {
        assertEquals("Data as of 2026-11-30 07:00:00 CET; next refresh due at 2026-11-30 08:00:00 CET.",
                FreshnessText.sentence(of(FreshnessState.FRESH, false, DUE), ZoneId.of("Europe/Oslo")));
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

    @Test
    void aFailedRefreshSaysWhenAndWhyAndThatTheDataIsTheLastGoodOne() {
        Freshness failed = new Freshness(FreshnessState.FAILED, AS_OF, AS_OF, 10L, false, DUE, null,
                "division by zero (22012)", Instant.parse("2026-11-30T06:30:00Z"), false, null);
        assertEquals("Last refresh failed", FreshnessText.badge(failed));
        assertEquals("danger", FreshnessText.severity(failed));
        assertEquals("The last refresh failed at 2026-11-30 06:30:00 UTC (division by zero (22012)); the data shown"
                + " is the last good one, as of 2026-11-30 06:00:00 UTC; next attempt due at 2026-11-30 07:00:00 UTC.",
                FreshnessText.sentence(failed));
        Freshness firstFailed = new Freshness(FreshnessState.NEVER_REFRESHED, null, null, null, false, DUE, null,
                "division by zero (22012)", Instant.parse("2026-11-30T06:30:00Z"), false, null);
        assertEquals("Not available yet; its first refresh failed (division by zero (22012)); next attempt due at"
                + " 2026-11-30 07:00:00 UTC.", FreshnessText.sentence(firstFailed));
    }

    @Test
    void aRunningRefreshSaysWhenItShouldEnd() {
        Freshness running = new Freshness(FreshnessState.REFRESHING, AS_OF, AS_OF, 10L, true, DUE,
                Instant.parse("2026-11-30T06:45:10Z"), null, null, false, null);
        assertEquals("Data as of 2026-11-30 06:00:00 UTC; a refresh is running now, expected to end at about"
                + " 2026-11-30 06:45:10 UTC.", FreshnessText.sentence(running));
    }

    @Test
    void trackedSourcesSayWhetherTheyChangedSinceTheData() {
        Freshness changed = new Freshness(FreshnessState.FRESH, AS_OF, AS_OF, 10L, false, DUE, null, null, null, true,
                Instant.parse("2026-11-30T06:12:00Z"));
        assertEquals("Data as of 2026-11-30 06:00:00 UTC; sources changed at 2026-11-30 06:12:00 UTC; next refresh"
                + " due at 2026-11-30 07:00:00 UTC.", FreshnessText.sentence(changed));
        Freshness upToDate = new Freshness(FreshnessState.FRESH, AS_OF, AS_OF, 10L, false, DUE, null, null, null, true,
                null);
        assertEquals("Data as of 2026-11-30 06:00:00 UTC; up to date with its sources; next refresh due at"
                + " 2026-11-30 07:00:00 UTC.", FreshnessText.sentence(upToDate));
    }
}
