package org.mvreports.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.Cookie;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ReaderZoneTest {

    @Test
    void theBrowsersZoneFromItsCookieOrUtc() {
        assertEquals(ZoneId.of("Europe/Oslo"), ReaderZone.fromCookies(new Cookie[] {
                new Cookie("JSESSIONID", "x"), new Cookie(ReaderZone.COOKIE, "Europe%2FOslo")}));
        assertEquals(Formats.UTC, ReaderZone.fromCookies(null));
        assertEquals(Formats.UTC, ReaderZone.fromCookies(new Cookie[] {new Cookie("other", "Europe/Oslo")}));
        assertEquals(Formats.UTC, ReaderZone.parse("Etc/UTC"), "printed as UTC, not as an offset");
    }

    @Test
    void anythingButAZoneNameIsUtc() {
        assertEquals(Formats.UTC, ReaderZone.parse("Mars/Olympus_Mons"));
        assertEquals(Formats.UTC, ReaderZone.parse("'; DROP TABLE app.accounts; --"));
        assertEquals(Formats.UTC, ReaderZone.parse("Europe/" + "x".repeat(100)));
        assertEquals(Formats.UTC, ReaderZone.parse(""));
        assertEquals(Formats.UTC, ReaderZone.fromCookies(new Cookie[] {new Cookie(ReaderZone.COOKIE, "%zz")}));
    }
}
