package org.mvreports.catalog.entity;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chart a report's SQL file asks for: {@code chart: line|bar|pie x=<column> y=<column>[,<column>]}, e.g.
 * {@code chart: bar x=month y=signups}. Drawn over the rows the user filtered (bounded); the columns are checked
 * against the report's when it is drawn.
 *
 * @param type the kind of chart
 * @param x    the column along the horizontal axis (the slices' labels, for a pie)
 * @param y    the column(s) plotted; a pie takes one
 */
public record ChartSpec(Type type, String x, List<String> y) {

    /** The kinds of chart, drawn with Chart.js. */
    public enum Type { LINE, BAR, PIE }

    private static final Pattern SPEC = Pattern.compile(
            "^(line|bar|pie)\\s+x\\s*=\\s*([A-Za-z_][A-Za-z0-9_]*)\\s+y\\s*=\\s*([A-Za-z_][A-Za-z0-9_]*(\\s*,\\s*"
                    + "[A-Za-z_][A-Za-z0-9_]*)*)$", Pattern.CASE_INSENSITIVE);

    public ChartSpec {
        y = List.copyOf(y);
    }

    /**
     * @throws IllegalArgumentException naming the report and what the line should look like
     */
    static ChartSpec parse(String viewName, String text) {
        Matcher m = SPEC.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("report " + viewName + ": chart '" + text
                    + "' is not 'line|bar|pie x=<column> y=<column>[,<column>]'");
        }
        Type type = Type.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        List<String> y = Arrays.stream(m.group(3).split(",")).map(String::trim).toList();
        if (type == Type.PIE && y.size() != 1) {
            throw new IllegalArgumentException("report " + viewName + ": a pie chart plots one column, not " + y);
        }
        return new ChartSpec(type, m.group(2), y);
    }
}
