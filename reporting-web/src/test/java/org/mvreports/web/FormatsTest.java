package org.mvreports.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void timestampsAreShownInUtcAndNamedSo() {
        assertEquals("2026-03-01 07:05:09 UTC", Formats.timestamp(Instant.parse("2026-03-01T07:05:09Z")));
        assertEquals("never", Formats.timestamp(null));
    }

    @Test
    void timestampsInAReadersZoneNameTheZoneAsItWasThen() {
        Instant winter = Instant.parse("2026-03-01T07:05:09Z");
        assertEquals("2026-03-01 08:05:09 CET", Formats.timestamp(winter, ZoneId.of("Europe/Oslo")));
        assertEquals("2026-07-01 09:05:09 CEST",
                Formats.timestamp(Instant.parse("2026-07-01T07:05:09Z"), ZoneId.of("Europe/Oslo")));
        assertEquals("2026-03-01 07:05:09 UTC", Formats.timestamp(winter, Formats.UTC));
    }

    @Test
    void intervalsUseTheLargestWholeUnit() {
        assertEquals("15 minutes", Formats.interval(Duration.ofMinutes(15)));
        assertEquals("1 hour", Formats.interval(Duration.ofHours(1)));
        assertEquals("90 minutes", Formats.interval(Duration.ofMinutes(90)));
        assertEquals("2 days", Formats.interval(Duration.ofDays(2)));
        assertEquals("1 day", Formats.interval(Duration.ofHours(24)));
    }
}
