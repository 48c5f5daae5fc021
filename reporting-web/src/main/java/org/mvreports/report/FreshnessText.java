package org.mvreports.report;

import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;

/**
 * The words and colours a report's freshness is shown with, the same on every page: a short badge and a sentence
 * that says what the badge means for the data on screen. Times are UTC, named so ({@link Formats}).
 */
public final class FreshnessText {

    private FreshnessText() {
    }

    /** The badge's text. */
    public static String badge(Freshness freshness) {
        return switch (freshness.state()) {
            case FRESH -> "Fresh";
            case STALE -> "Stale";
            case REFRESHING -> "Refreshing now";
            case NEVER_REFRESHED -> freshness.refreshing() ? "First refresh running" : "Not available yet";
        };
    }

    /** The badge's colour, as a PrimeFaces tag severity. */
    public static String severity(Freshness freshness) {
        return switch (freshness.state()) {
            case FRESH -> "success";
            case STALE -> "warning";
            case REFRESHING -> "info";
            case NEVER_REFRESHED -> "secondary";
        };
    }

    /** One sentence for a person: how old the data is and what happens next. */
    public static String sentence(Freshness freshness) {
        if (freshness.state() == FreshnessState.NEVER_REFRESHED) {
            return "Not available yet; " + outlook(freshness);
        }
        return "Data as of " + Formats.timestamp(freshness.dataAsOf()) + "; " + outlook(freshness);
    }

    /** What happens next, as the end of a sentence that began with how old the data is. */
    public static String outlook(Freshness freshness) {
        boolean neverRefreshed = freshness.state() == FreshnessState.NEVER_REFRESHED;
        if (freshness.refreshing()) {
            return neverRefreshed ? "first refresh running." : "a refresh is running now.";
        }
        String stale = freshness.state() == FreshnessState.STALE ? "older than agreed; " : "";
        if (freshness.nextDueAt() == null) {
            return stale + "not scheduled, so only an administrator's refresh updates it.";
        }
        return stale + (neverRefreshed ? "first" : "next") + " refresh due at "
                + Formats.timestamp(freshness.nextDueAt()) + ".";
    }
}
