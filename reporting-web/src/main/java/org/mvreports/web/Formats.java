package org.mvreports.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How pages print times and intervals. Report data is cut in UTC (see the report SQL), so times are shown in UTC
 * too, named as such, rather than in a server time zone the reader cannot see.
 */
public final class Formats {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    /** A point in time, or "never" when there is none. */
    public static String timestamp(Instant instant) {
        return instant == null ? "never" : TIMESTAMP.format(instant);
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

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
