package org.mvreports.alert.entity;

import java.time.Instant;
import java.util.Set;

/**
 * A receiver of alerts, as shown to administrators.
 *
 * @param signed    whether it has a secret: then every delivery carries an HMAC-SHA256 signature (the secret itself
 *                  is write-only)
 * @param events    the kinds it is sent
 */
public record Webhook(long id, String url, boolean signed, Set<AlertKind> events, String createdBy,
                      Instant createdAt) {

    public Webhook {
        events = Set.copyOf(events);
    }
}
