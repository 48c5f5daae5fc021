package org.mvreports.report;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import org.mvreports.definition.entity.ChartSpec;
import org.mvreports.refusal.InvalidRequestException;
import org.mvreports.report.boundary.ReportRows;
import org.mvreports.report.entity.ReportPage;
import org.mvreports.report.entity.ReportUnavailableException;

/**
 * A report's chart as its page draws it: the Chart.js configuration over the rows the reader's filters leave (the
 * first {@value #ROWS} by the x column), and a note to show under it (rows left out); or, when it cannot be drawn
 * right now, no configuration and the note says why. Read once per page view: a report being refreshed is not
 * waited for again on every evaluation of the page.
 *
 * @param json the configuration, or null when there is nothing to draw
 * @param note said under the chart (or in its place), or null
 */
public record ReportChart(String json, String note) implements Serializable {

    /** The most rows a chart plots; more are cut, and the chart says so. */
    static final int ROWS = 1000;

    /** The chart {@code spec} asks for, over the rows of {@code report} that {@code filters} leave. */
    static ReportChart read(ReportRows rows, String report, ChartSpec spec, List<String> filters) {
        ReportPage plotted;
        try {
            plotted = rows.page(report, List.of(spec.x()), filters, 0, ROWS).orElse(null);
        } catch (ReportUnavailableException busy) {
            return new ReportChart(null, "The chart cannot be drawn right now: the report is being refreshed.");
        } catch (InvalidRequestException e) {
            return new ReportChart(null, "The chart cannot be drawn for these filters: " + e.getMessage());
        }
        if (plotted == null) {
            return new ReportChart(null, "The chart appears once the report has data.");
        }
        boolean cut = plotted.matchingRows() > ROWS || plotted.matchingAtLeast();
        return new ReportChart(ChartJson.of(spec, plotted.columns(), plotted.rows()), cut
                ? "The chart shows the first " + ReportCells.grouped(BigDecimal.valueOf(ROWS)) + " of "
                + (plotted.matchingAtLeast() ? "at least " : "") + ReportCells.grouped(BigDecimal.valueOf(
                plotted.matchingRows())) + " rows; filter the report to see the rest." : null);
    }

    /** Whether there is a chart to draw. */
    public boolean drawn() {
        return json != null;
    }
}
