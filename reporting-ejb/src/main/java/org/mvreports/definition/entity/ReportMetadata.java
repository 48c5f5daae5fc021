package org.mvreports.definition.entity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a report's SQL file says about the report, beyond its query: title, description, the refresh interval agreed
 * with its users, the chart to draw, the columns to total, how numbers are shown and the catalog section; and the
 * lines that could not be used ({@link #problems()}).
 *
 * <h2>The convention</h2>
 * The migration that creates the materialized view also comments on it, one {@code key: value} per line:
 * <pre>
 * COMMENT ON MATERIALIZED VIEW reports.monthly_signups IS
 * 'title: Signups per month
 * description: New user accounts per calendar month (UTC).
 * refresh-interval: 1 hour
 * chart: bar x=month y=signups
 * totals: signups
 * format: signups=0, share=percent
 * section: Users';
 * </pre>
 * Keys are case-insensitive; unknown keys and lines without a colon are ignored, so a comment may also carry prose
 * for DBAs. The interval is read by {@link RefreshInterval}. The chart is {@code line|bar|pie x=<column>
 * y=<column>[,<column>]} (y columns are numbers; a pie takes one). Totals name number columns, comma separated. A
 * format line gives number columns {@code <column>=<decimals>} (0 to {@value ColumnFormat#MAX_DECIMALS}),
 * {@code =plain} (no thousands separator) or {@code =percent}. The section groups reports in the catalog.
 *
 * <h2>Read once, leniently</h2>
 * The comment is read once, by the catalog, against the view's columns. A known key whose value cannot be read, or
 * names a column the report does not have (or one that is not a number where a number is needed), is a
 * {@link DefinitionProblem}: that line (or that part of it) is left out, its default applies, and the report keeps
 * working. A known key given twice keeps its first line. Defaults: the title from the view name
 * ({@code sales_by_region} → "Sales by region"), no description, {@link RefreshInterval#DEFAULT}, no chart, no
 * totals, numbers as their columns' types say, no section.
 *
 * @param formats  number columns' formats by column name (only the ones the line gives)
 * @param section  the catalog section, or null (the catalog lists it under "Other")
 * @param problems the lines that could not be used, in order
 */
public record ReportMetadata(String title, String description, Duration refreshInterval, ChartSpec chart,
                             List<String> totals, Map<String, ColumnFormat> formats, String section,
                             List<DefinitionProblem> problems) {

    /** The longest section name; a longer one is a problem (it is a heading, not a sentence). */
    static final int MAX_SECTION = 60;

    private static final Pattern LINE = Pattern.compile("^\\s*([A-Za-z-]+)\\s*:\\s*(.*?)\\s*$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CHART = Pattern.compile(
            "^(line|bar|pie)\\s+x\\s*=\\s*([^\\s,]+)\\s+y\\s*=\\s*([^\\s,]+(\\s*,\\s*[^\\s,]+)*)$",
            Pattern.CASE_INSENSITIVE); // names without commas: a pattern that cannot backtrack without end
    private static final Pattern FORMAT = Pattern.compile("^([^\\s=]+)\\s*=\\s*(\\S+)$");

    public ReportMetadata {
        totals = List.copyOf(totals);
        formats = Map.copyOf(formats);
        problems = List.copyOf(problems);
    }

    /**
     * Reads the convention from a view's comment, against its columns.
     *
     * @param viewName the view's name, for the default title
     * @param comment  the view's comment, or null when it has none
     * @param columns  the view's columns, which charts, totals and formats must name
     */
    public static ReportMetadata read(String viewName, String comment, List<MaterializedView.Column> columns) {
        return new Reader(viewName, columns).read(comment);
    }

    /** The title of a report whose file gives none: its name, underscores as spaces, first letter capitalised. */
    public static String defaultTitle(String viewName) {
        String spaced = viewName.replace('_', ' ').trim();
        return spaced.isEmpty() ? viewName : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }

    /** One reading of a comment: what it says so far, and its problems. */
    private static final class Reader {
        private final String viewName;
        private final Map<String, MaterializedView.Column> columns = new HashMap<>();
        private final List<DefinitionProblem> problems = new ArrayList<>();
        private final Map<String, Integer> seen = new HashMap<>();
        private String title;
        private String description = "";
        private Duration interval = RefreshInterval.DEFAULT;
        private ChartSpec chart;
        private List<String> totals = List.of();
        private final Map<String, ColumnFormat> formats = new LinkedHashMap<>();
        private String section;

        Reader(String viewName, List<MaterializedView.Column> columns) {
            this.viewName = viewName;
            columns.forEach(c -> this.columns.put(c.name(), c));
        }

        ReportMetadata read(String comment) {
            if (comment != null) {
                String[] lines = comment.split("\\R");
                for (int i = 0; i < lines.length; i++) {
                    line(i + 1, lines[i]);
                }
            }
            return new ReportMetadata(title == null ? defaultTitle(viewName) : title, description, interval, chart,
                    totals, formats, section, problems);
        }

        private void line(int number, String line) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                return; // prose
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(2);
            if (!List.of("title", "description", "refresh-interval", "chart", "totals", "format", "section")
                    .contains(key)) {
                return; // a key of a later version, or prose with a colon: ignored on purpose
            }
            Integer first = seen.putIfAbsent(key, number);
            if (first != null) {
                problem(number, line, key + " is given on line " + first + " already; this line is ignored");
                return;
            }
            switch (key) {
                case "title" -> {
                    if (value.isBlank()) {
                        problem(number, line, "the title is empty; the report's name is used");
                    } else {
                        title = value;
                    }
                }
                case "description" -> description = value;
                case "refresh-interval" -> RefreshInterval.problem(value).ifPresentOrElse(
                        why -> problem(number, line, why + "; the default, 1 day, applies"),
                        () -> interval = RefreshInterval.parse(value));
                case "chart" -> chart = chart(number, line, value);
                case "totals" -> totals = totals(number, line, value);
                case "format" -> formats(number, line, value);
                default -> section(number, line, value);
            }
        }

        private ChartSpec chart(int number, String line, String value) {
            Matcher m = CHART.matcher(value);
            if (!m.matches()) {
                problem(number, line, "a chart is 'line|bar|pie x=<column> y=<column>[,<column>]'; no chart is"
                        + " drawn");
                return null;
            }
            ChartSpec.Type type = ChartSpec.Type.valueOf(m.group(1).toUpperCase(Locale.ROOT));
            String x = m.group(2);
            List<String> y = Arrays.stream(m.group(3).split(",")).map(String::trim).toList();
            Optional<String> why = !columns.containsKey(x) ? Optional.of("its x column " + x + " is not a column of"
                    + " the report") : y.stream().filter(c -> !isNumber(c)).findFirst()
                    .map(c -> "its y column " + c + " is not a number column of the report");
            if (why.isEmpty() && type == ChartSpec.Type.PIE && y.size() != 1) {
                why = Optional.of("a pie chart plots one column, not " + y.size());
            }
            if (why.isPresent()) {
                problem(number, line, why.get() + "; no chart is drawn");
                return null;
            }
            return new ChartSpec(type, x, y);
        }

        private List<String> totals(int number, String line, String value) {
            List<String> names = Arrays.stream(value.split(",")).map(String::trim).distinct().toList();
            if (names.stream().anyMatch(n -> !NAME.matcher(n).matches())) {
                problem(number, line, "totals is a comma-separated list of column names; no totals are shown");
                return List.of();
            }
            List<String> fit = new ArrayList<>();
            for (String name : names) {
                if (isNumber(name)) {
                    fit.add(name);
                } else {
                    problem(number, line, name + " is not a number column of the report; it is not totalled");
                }
            }
            return fit;
        }

        private void formats(int number, String line, String value) {
            for (String entry : value.split(",")) {
                Matcher m = FORMAT.matcher(entry.trim());
                if (!m.matches()) {
                    problem(number, line, "'" + entry.trim() + "' is not <column>=<decimals>|plain|percent; it is"
                            + " left out");
                    continue;
                }
                String column = m.group(1);
                String spec = m.group(2).toLowerCase(Locale.ROOT);
                ColumnFormat format = switch (spec) {
                    case "plain" -> ColumnFormat.PLAIN;
                    case "percent" -> ColumnFormat.PERCENT;
                    default -> spec.matches("\\d{1,2}") && Integer.parseInt(spec) <= ColumnFormat.MAX_DECIMALS
                            ? ColumnFormat.decimals(Integer.parseInt(spec)) : null;
                };
                if (format == null) {
                    problem(number, line, "'" + m.group(2) + "' for " + column + " is neither a number of decimals"
                            + " (0 to " + ColumnFormat.MAX_DECIMALS + "), plain nor percent; the column keeps its"
                            + " own format");
                } else if (!isNumber(column)) {
                    problem(number, line, column + " is not a number column of the report; its format is left"
                            + " out");
                } else {
                    formats.put(column, format);
                }
            }
        }

        private void section(int number, String line, String value) {
            if (value.isBlank()) {
                problem(number, line, "the section is empty; the report is listed under Other");
            } else if (value.length() > MAX_SECTION) {
                problem(number, line, "a section name has at most " + MAX_SECTION + " characters; the report is"
                        + " listed under Other");
            } else {
                section = value;
            }
        }

        private boolean isNumber(String column) {
            MaterializedView.Column c = columns.get(column);
            return c != null && c.kind() == ColumnKind.NUMBER;
        }

        private void problem(int number, String line, String why) {
            problems.add(DefinitionProblem.of(number, line, why));
        }
    }
}
