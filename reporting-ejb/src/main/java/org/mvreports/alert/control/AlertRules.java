package org.mvreports.alert.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The rules of alerting, pure so that each is unit-tested: when to try a delivery again and when to give up, which
 * answers count as delivered, when stale reports make one digest, and how a body is signed.
 */
public final class AlertRules {

    /** The pause before the second attempt; it doubles after each failed one. */
    public static final Duration FIRST_RETRY = Duration.ofSeconds(5);

    /** The longest pause between two attempts. */
    public static final Duration LONGEST_PAUSE = Duration.ofMinutes(10);

    /** How long after the event attempts go on: a receiver down for longer misses it (every attempt is shown). */
    public static final Duration RETRY_FOR = Duration.ofHours(1);

    /** More reports than this turning stale within {@link #DIGEST_WINDOW} are alerted as one event. */
    public static final int DIGEST_OVER = 10;

    public static final Duration DIGEST_WINDOW = Duration.ofMinutes(1);

    /** The header names a receiver checks (README, "Operating"). */
    public static final String EVENT_HEADER = "X-MVReports-Event";
    public static final String TIMESTAMP_HEADER = "X-MVReports-Timestamp";
    public static final String SIGNATURE_HEADER = "X-MVReports-Signature";

    private AlertRules() {
    }

    /** What an attempt's answer means for its delivery. */
    public enum Verdict {
        DELIVERED,
        /** Worth another attempt: the receiver failed (5xx), was busy (408, 429) or did not answer. */
        TRY_AGAIN,
        /** Another attempt would get the same: a redirect (never followed) or a refusal (4xx). */
        GIVE_UP
    }

    /** The verdict on a receiver's status; null: no answer came (refused, timed out). */
    public static Verdict verdict(Integer status) {
        if (status == null || status >= 500 || status == 408 || status == 429) {
            return Verdict.TRY_AGAIN;
        }
        return status >= 200 && status < 300 ? Verdict.DELIVERED : Verdict.GIVE_UP;
    }

    /** Why an answer did not count as delivered, in our words (never the receiver's body); null when it did. */
    public static String problem(Integer status) {
        if (status == null || verdict(status) == Verdict.DELIVERED) {
            return null;
        }
        if (status >= 300 && status < 400) {
            return "the receiver answered " + status + " (a redirect, which is never followed)";
        }
        return "the receiver answered " + status;
    }

    /**
     * When to try again after {@code attemptsSoFar} failed attempts of an event that occurred at {@code occurredAt};
     * null when the attempts are over.
     */
    public static Instant nextAttempt(int attemptsSoFar, Instant occurredAt, Instant now) {
        Duration pause = FIRST_RETRY.multipliedBy(1L << Math.min(attemptsSoFar - 1, 20));
        Instant next = now.plus(pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause);
        return next.isAfter(occurredAt.plus(RETRY_FOR)) ? null : next;
    }

    /**
     * Whether {@code newlyStale} reports turning stale now, after {@code staleWithinWindow} others did within the
     * last {@link #DIGEST_WINDOW}, are alerted as one digest rather than one by one (the global switch turned off,
     * the database restored from yesterday: a flood helps nobody).
     */
    public static boolean digest(int newlyStale, int staleWithinWindow) {
        return newlyStale > 1 && newlyStale + staleWithinWindow > DIGEST_OVER;
    }

    /**
     * The signature of a body sent at {@code timestamp} (Unix seconds): {@code v1=} and the hex HMAC-SHA256, keyed
     * with the webhook's secret, of the timestamp, a dot and the body. The receiver computes the same and refuses a
     * timestamp older than a few minutes, so a recorded delivery cannot be replayed.
     */
    public static String signature(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
