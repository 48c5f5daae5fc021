package org.mvreports.history.entity;

import java.util.Objects;

/**
 * Who or what asked for a refresh, as the refresh log records it.
 *
 * @param kind what started it
 * @param name the user or API client, null for the scheduler and for start-up
 */
public record RefreshTrigger(Kind kind, String name) {

    /** Stored by name in {@code app.refresh_log.trigger_kind}. */
    public enum Kind { STARTUP, SCHEDULE, USER, API }

    public RefreshTrigger {
        Objects.requireNonNull(kind, "kind");
    }

    /** The application populating views that were never refreshed, when it starts. */
    public static RefreshTrigger startup() {
        return new RefreshTrigger(Kind.STARTUP, null);
    }

    /** A signed-in user, from a page or through the service. */
    public static RefreshTrigger user(String userName) {
        return new RefreshTrigger(Kind.USER, Objects.requireNonNull(userName, "userName"));
    }
}
