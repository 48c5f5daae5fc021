package org.mvreports.report;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mvreports.definition.entity.ChartSpec;
import org.mvreports.report.entity.ReportColumn;

/**
 * The Chart.js configuration PrimeFaces' {@code <p:chart>} draws, built from a report's chart line
 * ({@link ChartSpec}, which the catalog has checked against the report's columns) and the rows to plot: labels from
 * the x column, one dataset per y column.
 */
public final class ChartJson {

    /** Colours of the datasets, in order: the theme's blue, then contrasting ones readable on white. */
    private static final List<String> COLOURS = List.of("#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed",
            "#0891b2", "#db2777", "#4b5563");

    private ChartJson() {
    }

    /** The configuration, as JSON text (the catalog has checked the chart against the columns). */
    public static String of(ChartSpec chart, List<ReportColumn> columns, List<Map<String, Object>> rows) {
        JsonArrayBuilder labels = Json.createArrayBuilder();
        boolean months = !rows.isEmpty() && rows.stream().allMatch(row -> row.get(chart.x()) instanceof LocalDate day
                && day.getDayOfMonth() == 1);
        // A month is labelled 2024-03, not 2024-03-01: the day is only how the report stores it.
        rows.forEach(row -> labels.add(months ? YearMonth.from((LocalDate) row.get(chart.x())).toString()
                : String.valueOf(row.get(chart.x()))));
        JsonArrayBuilder datasets = Json.createArrayBuilder();
        boolean pie = chart.type() == ChartSpec.Type.PIE;
        for (int i = 0; i < chart.y().size(); i++) {
            String y = chart.y().get(i);
            JsonArrayBuilder data = Json.createArrayBuilder();
            for (Map<String, Object> row : rows) {
                Object value = row.get(y);
                if (value instanceof BigDecimal number) {
                    data.add(number);
                } else {
                    data.addNull(); // no value, or NaN / Infinity, which a chart cannot place: a gap
                }
            }
            JsonObjectBuilder dataset = Json.createObjectBuilder()
                    .add("label", label(columns, y))
                    .add("data", data);
            if (pie) {
                JsonArrayBuilder colours = Json.createArrayBuilder();
                for (int r = 0; r < rows.size(); r++) {
                    colours.add(COLOURS.get(r % COLOURS.size()));
                }
                dataset.add("backgroundColor", colours);
            } else {
                String colour = COLOURS.get(i % COLOURS.size());
                dataset.add("borderColor", colour).add("backgroundColor", colour)
                        .add("fill", false).add("tension", 0.2).add("pointRadius", rows.size() > 60 ? 0 : 3);
            }
            datasets.add(dataset);
        }
        JsonObjectBuilder options = Json.createObjectBuilder()
                .add("responsive", true)
                .add("maintainAspectRatio", false)
                .add("animation", false)
                .add("plugins", Json.createObjectBuilder()
                        .add("legend", Json.createObjectBuilder().add("display", pie || chart.y().size() > 1)));
        if (!pie) {
            options.add("scales", Json.createObjectBuilder()
                    .add("x", Json.createObjectBuilder().add("title", Json.createObjectBuilder()
                            .add("display", true).add("text", label(columns, chart.x()))))
                    .add("y", Json.createObjectBuilder().add("beginAtZero", true)));
        }
        return Json.createObjectBuilder()
                .add("type", chart.type().name().toLowerCase(Locale.ROOT))
                .add("data", Json.createObjectBuilder().add("labels", labels).add("datasets", datasets))
                .add("options", options)
                .build().toString();
    }

    private static String label(List<ReportColumn> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).map(ReportColumn::label).findFirst().orElse(name);
    }
}
