package org.mvreports.definition.entity;

import java.util.List;

/**
 * The chart a report's SQL file asks for: {@code chart: line|bar|pie x=<column> y=<column>[,<column>]}, e.g.
 * {@code chart: bar x=month y=signups}. Drawn over the rows the user filtered (bounded). Read, and checked against the
 * report's columns, by {@link ReportMetadata}: a chart that is here can be drawn.
 *
 * @param type the kind of chart
 * @param x    the column along the horizontal axis (the slices' labels, for a pie)
 * @param y    the number column(s) plotted; a pie takes one
 */
public record ChartSpec(Type type, String x, List<String> y) {

    /** The kinds of chart, drawn with Chart.js. */
    public enum Type { LINE, BAR, PIE }

    public ChartSpec {
        y = List.copyOf(y);
    }
}
