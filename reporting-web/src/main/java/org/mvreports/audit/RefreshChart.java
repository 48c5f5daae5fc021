package org.mvreports.audit;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.mvreports.audit.boundary.AuditRecords;
import org.mvreports.audit.entity.AuditRecord;

/**
 * One report's recent refreshes as a picture: how long each took (bars, a failed one in red) and how many rows the
 * report had after it (a line), oldest on the left. Built once, here, from the refresh history as the report browser
 * reads it, so that every page that shows a report's refreshes (the history, the admin console) shows the same chart.
 * Skipped attempts are left out: they refreshed nothing.
 *
 * @param json the Chart.js configuration PrimeFaces' {@code <p:chart>} draws; null when there is nothing to draw
 * @param note said under the chart, or in its place
 */
public record RefreshChart(String json, String note) implements Serializable {

    /** The windows people may choose, in refreshes; the first is the default. */
    public static final List<Integer> WINDOWS = List.of(30, 100, 500);

    private static final String DURATION = "#2563eb";
    private static final String FAILED = "#dc2626";
    private static final String ROWS = "#16a34a";

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** The chart of {@code report}'s last {@code window} refreshes that ran, times in {@code zone}. */
    public static RefreshChart of(AuditRecords records, String report, int window, ZoneId zone) {
        List<Map<String, Object>> newestFirst = records.page(AuditRecord.REFRESH_HISTORY, List.of("-started_at"),
                List.of("report:eq:" + report, "outcome:in:SUCCEEDED,FAILED"), 0, window).rows();
        if (newestFirst.isEmpty()) {
            return new RefreshChart(null, "No refresh of " + report + " has run yet, so there is nothing to chart.");
        }
        List<Map<String, Object>> rows = new ArrayList<>(newestFirst);
        Collections.reverse(rows);
        JsonArrayBuilder labels = Json.createArrayBuilder();
        JsonArrayBuilder seconds = Json.createArrayBuilder();
        JsonArrayBuilder colours = Json.createArrayBuilder();
        JsonArrayBuilder rowsAfter = Json.createArrayBuilder();
        long failures = 0;
        for (Map<String, Object> row : rows) {
            labels.add(LABEL.format(((OffsetDateTime) row.get("started_at")).atZoneSameInstant(zone)));
            seconds.add(((BigDecimal) row.get("duration_ms")).divide(BigDecimal.valueOf(1000), 3,
                    RoundingMode.HALF_UP));
            boolean failed = "FAILED".equals(row.get("outcome"));
            failures += failed ? 1 : 0;
            colours.add(failed ? FAILED : DURATION);
            if (row.get("rows_after") instanceof BigDecimal count) {
                rowsAfter.add(count);
            } else {
                rowsAfter.addNull(); // a failed refresh changed nothing: a gap in the line
            }
        }
        JsonObjectBuilder duration = Json.createObjectBuilder().add("type", "bar").add("label", "Duration (seconds)")
                .add("data", seconds).add("backgroundColor", colours).add("maxBarThickness", 40)
                .add("yAxisID", "seconds").add("order", 2);
        JsonObjectBuilder count = Json.createObjectBuilder().add("type", "line").add("label", "Rows after")
                .add("data", rowsAfter).add("borderColor", ROWS).add("backgroundColor", ROWS).add("fill", false)
                .add("spanGaps", true).add("pointRadius", rows.size() > 60 ? 0 : 3).add("yAxisID", "rows")
                .add("order", 1);
        JsonObjectBuilder options = Json.createObjectBuilder()
                .add("responsive", true)
                .add("maintainAspectRatio", false)
                .add("animation", false)
                .add("scales", Json.createObjectBuilder()
                        .add("seconds", axis("Duration (seconds)", "left"))
                        .add("rows", axis("Rows after", "right").add("grid",
                                Json.createObjectBuilder().add("drawOnChartArea", false))));
        String json = Json.createObjectBuilder()
                .add("type", "bar")
                .add("data", Json.createObjectBuilder().add("labels", labels)
                        .add("datasets", Json.createArrayBuilder().add(duration).add(count)))
                .add("options", options)
                .build().toString();
        return new RefreshChart(json, "The last " + rows.size() + (rows.size() == 1 ? " refresh" : " refreshes")
                + " of " + report + " that ran, oldest on the left" + (failures == 0 ? "; none failed."
                : "; " + failures + " failed (red)."));
    }

    private static JsonObjectBuilder axis(String title, String position) {
        return Json.createObjectBuilder().add("position", position).add("beginAtZero", true)
                .add("title", Json.createObjectBuilder().add("display", true).add("text", title));
    }

    /** Whether there is a chart to draw. */
    public boolean drawn() {
        return json != null;
    }
}
