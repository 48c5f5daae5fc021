package org.mvreports.alert.entity;

import java.time.Instant;
import java.util.List;

/**
 * One event's delivery to one webhook, with every attempt.
 *
 * @param outcome       PENDING (another attempt is due at nextAttemptAt), DELIVERED or GAVE_UP
 */
public record Delivery(long id, AlertEvent event, long webhookId, String url, String outcome,
                       Instant nextAttemptAt, List<Attempt> attempts) {

    public Delivery {
        attempts = List.copyOf(attempts);
    }

    /**
     * One try.
     *
     * @param status  the receiver's HTTP status; null when none came
     * @param problem why it did not count as delivered, in our words; null when it did
     */
    public record Attempt(int attempt, Instant at, Integer status, String problem, long durationMillis,
                          String node) {
    }
}
