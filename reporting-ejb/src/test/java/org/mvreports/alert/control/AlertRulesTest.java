package org.mvreports.alert.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    private static final Instant EVENT = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void onlyTwoHundredsAreDeliveredAndOnlyFailuresWorthRepeatingAreTriedAgain() {
        assertEquals(AlertRules.Verdict.DELIVERED, AlertRules.verdict(200));
        assertEquals(AlertRules.Verdict.DELIVERED, AlertRules.verdict(204));
        assertEquals(AlertRules.Verdict.TRY_AGAIN, AlertRules.verdict(500));
        assertEquals(AlertRules.Verdict.TRY_AGAIN, AlertRules.verdict(503));
        assertEquals(AlertRules.Verdict.TRY_AGAIN, AlertRules.verdict(429));
        assertEquals(AlertRules.Verdict.TRY_AGAIN, AlertRules.verdict(408));
        assertEquals(AlertRules.Verdict.TRY_AGAIN, AlertRules.verdict(null), "no answer");
        assertEquals(AlertRules.Verdict.GIVE_UP, AlertRules.verdict(302), "redirects are never followed");
        assertEquals(AlertRules.Verdict.GIVE_UP, AlertRules.verdict(404));
        assertEquals(AlertRules.Verdict.GIVE_UP, AlertRules.verdict(401));
        assertTrue(AlertRules.problem(302).contains("redirect"));
        assertNull(AlertRules.problem(200));
    }

    @Test
    void pausesDoubleFromFiveSecondsUpToTenMinutesAndAttemptsEndAnHourAfterTheEvent() {
        Instant now = EVENT;
        assertEquals(now.plusSeconds(5), AlertRules.nextAttempt(1, EVENT, now));
        assertEquals(now.plusSeconds(10), AlertRules.nextAttempt(2, EVENT, now));
        assertEquals(now.plusSeconds(20), AlertRules.nextAttempt(3, EVENT, now));
        assertEquals(now.plus(Duration.ofMinutes(10)), AlertRules.nextAttempt(12, EVENT, now));
        assertEquals(now.plus(Duration.ofMinutes(10)), AlertRules.nextAttempt(60, EVENT, now), "no overflow");
        assertNull(AlertRules.nextAttempt(3, EVENT, EVENT.plus(Duration.ofMinutes(59)).plusSeconds(50)));
    }

    @Test
    void moreThanTenReportsTurningStaleWithinAMinuteAreOneDigest() {
        assertFalse(AlertRules.digest(10, 0));
        assertTrue(AlertRules.digest(11, 0));
        assertTrue(AlertRules.digest(4, 7), "with the ones of the last minute");
        assertFalse(AlertRules.digest(1, 30), "a single report is alerted as itself");
    }

    @Test
    void theSignatureIsTheHexHmacOfTheTimestampADotAndTheBody() {
        // Computed independently: printf '1765101600.{"id":1}' | openssl dgst -sha256 -hmac 'a-secret-of-16-chars'
        assertEquals("v1=b373d2775efe7612c3df6b314a27cf7a4ffa6c3d098d6b7db37823e8c1e69302",
                AlertRules.signature("a-secret-of-16-chars", 1765101600L,
                        "{\"id\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyHttpAddressesOfAllowedHostsWithoutCredentialsAreCalled() {
        Set<String> allowed = Set.of("hooks.example.com");
        assertTrue(WebhookCall.refusal("https://hooks.example.com/a", allowed).isEmpty());
        assertTrue(WebhookCall.refusal("http://HOOKS.example.com:8443/a", allowed).isEmpty(), "host names ignore case");
        assertTrue(WebhookCall.refusal("https://other.example.com/a", allowed).orElseThrow().contains("allow list"));
        assertTrue(WebhookCall.refusal("ftp://hooks.example.com/a", allowed).orElseThrow().contains("http"));
        assertTrue(WebhookCall.refusal("https://u:p@hooks.example.com/a", allowed).orElseThrow()
                .contains("no user name"));
        assertTrue(WebhookCall.refusal("https://hooks.example.com/a", Set.of()).orElseThrow().contains("off"));
    }
}
