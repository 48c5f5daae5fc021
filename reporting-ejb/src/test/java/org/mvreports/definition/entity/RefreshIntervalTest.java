package org.mvreports.definition.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mvreports.refusal.InvalidRequestException;

/** The one reader of refresh intervals: a report file's comment line, the console and the API read the same. */
class RefreshIntervalTest {

    @Test
    void bothFormsAreRead() {
        assertEquals(Duration.ofMinutes(15), RefreshInterval.parse("15 minutes"));
        assertEquals(Duration.ofMinutes(15), RefreshInterval.parse("PT15M"));
        assertEquals(Duration.ofMinutes(1), RefreshInterval.parse("1 min"));
        assertEquals(Duration.ofHours(2), RefreshInterval.parse(" 2h "));
        assertEquals(Duration.ofHours(6), RefreshInterval.parse("6 Hours"));
        assertEquals(Duration.ofDays(1), RefreshInterval.parse("1 day"));
        assertEquals(Duration.ofDays(366), RefreshInterval.parse("P366D"));
        assertEquals(Duration.ofSeconds(90), RefreshInterval.parse("PT1M30S"));
    }

    @Test
    void theBoundsAreOneMinuteAndThreeHundredSixtySixDays() {
        assertRefused("PT59S", "from 1 minute to 366 days");
        assertRefused("0 minutes", "from 1 minute to 366 days");
        assertRefused("367 days", "from 1 minute to 366 days");
        assertRefused("P367D", "from 1 minute to 366 days");
        assertRefused("-PT5M", "from 1 minute to 366 days");
    }

    @Test
    void whatIsNotAnIntervalIsRefusedWithTheReason() {
        assertRefused("", "neither '<n> minutes|hours|days' nor an ISO-8601 duration");
        assertRefused("every hour", "neither");
        assertRefused("15 weeks", "neither");
        assertRefused("1234567890 minutes", "neither");
        assertRefused("PT1M0.5S", "kept to the second");
    }

    private static void assertRefused(String text, String reason) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> RefreshInterval.parse(text));
        assertTrue(refused.getMessage().contains(reason), refused.getMessage());
        assertTrue(RefreshInterval.problem(text).isPresent());
    }
}
