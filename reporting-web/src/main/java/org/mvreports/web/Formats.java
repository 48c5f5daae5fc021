package org.mvreports.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How pages print times and intervals: in ISO order, in the reader's time zone ({@link ReaderZone}) with the zone
 * named ("2026-03-01 07:05:09 CET"), never in a server time zone the reader cannot see; in UTC where there is no
 * reader (the API).
 */
public final class Formats {

    /** UTC as a named zone, printed "UTC" (the offset {@code ZoneOffset.UTC} would print "Z"). */
    public static final ZoneId UTC = ZoneId.of("UTC");

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ENGLISH);

    private Formats() {
    }

    /** A point in time in UTC, or "never" when there is none. */
    public static String timestamp(Instant instant) {
        return timestamp(instant, UTC);
    }

    /** A point in time in {@code zone}, named: "2026-03-01 07:05:09 CET"; "never" when there is none. */
    public static String timestamp(Instant instant, ZoneId zone) {
        return instant == null ? "never" : TIMESTAMP.format(instant.atZone(zone));
    }

    /** An interval in the largest whole unit it fits: "15 minutes", "1 hour", "2 days". */
    public static String interval(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes % (60 * 24) == 0) {
            return plural(minutes / (60 * 24), "day");
        }
        if (minutes % 60 == 0) {
            return plural(minutes / 60, "hour");
        }
        return plural(minutes, "minute");
    }

    /** A duration for people: "0.4 s", "12 s", "3 min 5 s", "1 h 2 min". */
    public static String duration(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
        }
        return seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
