package org.mvreports.catalog.entity;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a report's SQL file says about the report, beyond its query: title, description, the refresh interval agreed
 * with its users, the chart to draw and the columns to total.
 *
 * <h2>The convention</h2>
 * The migration that creates the materialized view also comments on it, one {@code key: value} per line:
 * <pre>
 * COMMENT ON MATERIALIZED VIEW reports.monthly_signups IS
 * 'title: Signups per month
 * description: New user accounts per calendar month (UTC).
 * refresh-interval: 1 hour
 * chart: bar x=month y=signups
 * totals: signups';
 * </pre>
 * Keys are case-insensitive; unknown keys and lines without a colon are ignored, so a comment may also carry
 * prose for DBAs. The interval is {@code <n> <unit>} with unit minute(s), hour(s) or day(s), or an ISO-8601
 * duration such as {@code PT15M}. The chart is described in {@link ChartSpec}; totals name number columns, comma
 * separated, summed over the rows a user's filters leave and shown under the table. The comment lives in PostgreSQL
 * itself, so the catalog reads it from {@code pg_description} and needs no access to the file.
 *
 * <h2>Defaults</h2>
 * Title: the view name with underscores as spaces, first letter capitalised. Description: empty. Refresh
 * interval: {@link #DEFAULT_REFRESH_INTERVAL}.
 */
public record ReportMetadata(String title, String description, Duration refreshInterval, ChartSpec chart,
                             List<String> totals) {

    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofDays(1);

    public ReportMetadata {
        totals = totals == null ? List.of() : List.copyOf(totals);
    }

    private static final Pattern LINE = Pattern.compile("^\\s*([A-Za-z-]+)\\s*:\\s*(.*?)\\s*$");
    private static final Pattern COLUMNS =
            Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*(\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)*$");
    private static final Pattern SIMPLE_INTERVAL =
            Pattern.compile("^(\\d+)\\s*(minute|minutes|min|hour|hours|h|day|days|d)$", Pattern.CASE_INSENSITIVE);

    /**
     * Reads the convention from a view's comment.
     *
     * @param viewName the view's name, for the default title
     * @param comment  the view's comment, or null when it has none
     * @throws IllegalArgumentException when a refresh-interval, chart or totals line is given but cannot be read,
     *                                  so that a typo in a report file is reported instead of silently becoming the
     *                                  default
     */
    public static ReportMetadata fromComment(String viewName, String comment) {
        String title = null;
        String description = "";
        Duration interval = DEFAULT_REFRESH_INTERVAL;
        ChartSpec chart = null;
        List<String> totals = List.of();
        if (comment != null) {
            for (String line : comment.split("\\R")) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                String value = m.group(2);
                switch (m.group(1).toLowerCase(Locale.ROOT)) {
                    case "title" -> title = value;
                    case "description" -> description = value;
                    case "refresh-interval" -> interval = parseInterval(viewName, value);
                    case "chart" -> chart = ChartSpec.parse(viewName, value);
                    case "totals" -> totals = parseColumns(viewName, value);
                    default -> { /* prose or a key of a later version: ignored on purpose */ }
                }
            }
        }
        return new ReportMetadata(title == null || title.isBlank() ? defaultTitle(viewName) : title,
                description, interval, chart, totals);
    }

    /** A comma-separated list of column names; which of them the report has is checked where they are used. */
    static List<String> parseColumns(String viewName, String text) {
        if (!COLUMNS.matcher(text).matches()) {
            throw new IllegalArgumentException("report " + viewName + ": totals '" + text
                    + "' is not a comma-separated list of column names");
        }
        return Arrays.stream(text.split(",")).map(String::trim).distinct().toList();
    }

    /** The title of a report whose file gives none: its name, underscores as spaces, first letter capitalised. */
    public static String defaultTitle(String viewName) {
        String spaced = viewName.replace('_', ' ').trim();
        return spaced.isEmpty() ? viewName : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    static Duration parseInterval(String viewName, String text) {
        Matcher simple = SIMPLE_INTERVAL.matcher(text.trim());
        Duration parsed;
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            parsed = switch (simple.group(2).toLowerCase(Locale.ROOT).charAt(0)) {
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                parsed = Duration.parse(text.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("report " + viewName + ": refresh-interval '" + text
                        + "' is neither '<n> minutes|hours|days' nor an ISO-8601 duration like PT15M", e);
            }
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException("report " + viewName + ": refresh-interval must be positive, was '"
                    + text + "'");
        }
        return parsed;
    }
}
