package org.mvreports.freshness;

import java.time.ZoneId;
import org.mvreports.freshness.entity.Freshness;
import org.mvreports.freshness.entity.FreshnessState;
import org.mvreports.web.Formats;

/**
 * The words and colours a report's freshness is shown with, the same on every page: a short badge and a sentence
 * that says what the badge means for the data on screen. Times are in the reader's zone on pages and in UTC in the
 * API, named either way ({@link Formats}).
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

    /** One sentence for a person, with times in UTC (for the API, which has no reader's zone). */
    public static String sentence(Freshness freshness) {
        return sentence(freshness, Formats.UTC);
    }

    /** One sentence for a person: how old the data is and what happens next, with times in {@code zone}. */
    public static String sentence(Freshness freshness, ZoneId zone) {
        if (freshness.state() == FreshnessState.NEVER_REFRESHED) {
            return "Not available yet; " + outlook(freshness, zone);
        }
        if (freshness.state() == FreshnessState.FAILED) {
            return "The last refresh failed at " + Formats.timestamp(freshness.failedAt(), zone) + " ("
                    + freshness.lastError() + "); the data shown is the last good one, as of "
                    + Formats.timestamp(freshness.dataAsOf(), zone) + "; " + outlook(freshness, zone);
        }
        return "Data as of " + Formats.timestamp(freshness.dataAsOf(), zone) + "; " + sources(freshness, zone)
                + outlook(freshness, zone);
    }

    /** Whether the sources changed since the data's time, when that is known: "sources changed at 06:12; ". */
    static String sources(Freshness freshness, ZoneId zone) {
        if (!freshness.sourcesTracked() || freshness.refreshing()) {
            return "";
        }
        return freshness.sourcesChangedAt() == null ? "up to date with its sources; "
                : "sources changed at " + Formats.timestamp(freshness.sourcesChangedAt(), zone) + "; ";
    }

    /** What happens next, as the end of a sentence that began with how old the data is. */
    static String outlook(Freshness freshness, ZoneId zone) {
        boolean neverRefreshed = freshness.state() == FreshnessState.NEVER_REFRESHED;
        if (freshness.refreshing()) {
            String running = neverRefreshed ? "first refresh running" : "a refresh is running now";
            return running + (freshness.expectedEnd() == null ? "."
                    : ", expected to end at about " + Formats.timestamp(freshness.expectedEnd(), zone) + ".");
        }
        String before = freshness.state() == FreshnessState.STALE ? "older than agreed; "
                : neverRefreshed && freshness.lastError() != null
                ? "its first refresh failed (" + freshness.lastError() + "); " : "";
        String next = neverRefreshed ? (freshness.lastError() != null ? "next attempt" : "first refresh")
                : freshness.state() == FreshnessState.FAILED ? "next attempt" : "next refresh";
        if (freshness.nextDueAt() == null) {
            return before + "not scheduled, so only an administrator's refresh updates it.";
        }
        return before + next + " due at " + Formats.timestamp(freshness.nextDueAt(), zone) + ".";
    }
}
