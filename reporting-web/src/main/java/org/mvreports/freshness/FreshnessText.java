package org.mvreports.freshness;

import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;
import org.mvreports.web.Formats;

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
            case FAILED -> "Last refresh failed";
            case NEVER_REFRESHED -> freshness.refreshing() ? "First refresh running" : "Not available yet";
        };
    }

    /** The badge's colour, as a PrimeFaces tag severity. */
    public static String severity(Freshness freshness) {
        return switch (freshness.state()) {
            case FRESH -> "success";
            case STALE -> "warning";
            case REFRESHING -> "info";
            case FAILED -> "danger";
            case NEVER_REFRESHED -> "secondary";
        };
    }

    /** One sentence for a person: how old the data is and what happens next. */
    public static String sentence(Freshness freshness) {
        if (freshness.state() == FreshnessState.NEVER_REFRESHED) {
            return "Not available yet; " + outlook(freshness);
        }
        if (freshness.state() == FreshnessState.FAILED) {
            return "The last refresh failed at " + Formats.timestamp(freshness.failedAt()) + " ("
                    + freshness.lastError() + "); the data shown is the last good one, as of "
                    + Formats.timestamp(freshness.dataAsOf()) + "; " + outlook(freshness);
        }
        return "Data as of " + Formats.timestamp(freshness.dataAsOf()) + "; " + sources(freshness)
                + outlook(freshness);
    }

    /** Whether the sources changed since the data's time, when that is known: "sources changed at 06:12; ". */
    static String sources(Freshness freshness) {
        if (!freshness.sourcesTracked() || freshness.refreshing()) {
            return "";
        }
        return freshness.sourcesChangedAt() == null ? "up to date with its sources; "
                : "sources changed at " + Formats.timestamp(freshness.sourcesChangedAt()) + "; ";
    }

    /** What happens next, as the end of a sentence that began with how old the data is. */
    public static String outlook(Freshness freshness) {
        boolean neverRefreshed = freshness.state() == FreshnessState.NEVER_REFRESHED;
        if (freshness.refreshing()) {
            String running = neverRefreshed ? "first refresh running" : "a refresh is running now";
            return running + (freshness.expectedEnd() == null ? "."
                    : ", expected to end at about " + Formats.timestamp(freshness.expectedEnd()) + ".");
        }
        String before = freshness.state() == FreshnessState.STALE ? "older than agreed; "
                : neverRefreshed && freshness.lastError() != null
                ? "its first refresh failed (" + freshness.lastError() + "); " : "";
        String next = neverRefreshed ? (freshness.lastError() != null ? "next attempt" : "first refresh")
                : freshness.state() == FreshnessState.FAILED ? "next attempt" : "next refresh";
        if (freshness.nextDueAt() == null) {
            return before + "not scheduled, so only an administrator's refresh updates it.";
        }
        return before + next + " due at " + Formats.timestamp(freshness.nextDueAt()) + ".";
    }
}
