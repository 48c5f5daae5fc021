package org.mvreports.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mvreports.definition.entity.ChartSpec;
import org.mvreports.report.entity.ReportColumn;

class ChartJsonTest {

    private static final List<ReportColumn> COLUMNS = List.of(ReportColumn.of("month", "date"),
            ReportColumn.of("signups", "bigint"), ReportColumn.of("total_bytes", "numeric"),
            ReportColumn.of("region", "text"));

    @Test
    void aLineChartHasTheXColumnAsLabelsAndOneDatasetPerYColumnWithNullsKept() {
        ChartSpec chart = new ChartSpec(ChartSpec.Type.LINE, "month", List.of("signups", "total_bytes"));
        JsonObject json = parse(ChartJson.of(chart, COLUMNS, List.of(
                row("2026-01-01", new BigDecimal("12"), new BigDecimal("1.5")),
                row("2026-02-01", null, new BigDecimal("3")))));

        assertEquals("line", json.getString("type"));
        assertEquals(List.of("2026-01-01", "2026-02-01"),
                json.getJsonObject("data").getJsonArray("labels").getValuesAs(v -> v.toString().replace("\"", "")));
        JsonArray datasets = json.getJsonObject("data").getJsonArray("datasets");
        assertEquals(2, datasets.size());
        assertEquals("Signups", datasets.getJsonObject(0).getString("label"));
        assertEquals("12", datasets.getJsonObject(0).getJsonArray("data").get(0).toString());
        assertTrue(datasets.getJsonObject(0).getJsonArray("data").isNull(1), "a missing value is a gap, not 0");
        assertTrue(parse(ChartJson.of(chart, COLUMNS, List.of(Map.of("month", "2026-03-01", "signups", "NaN"))))
                .getJsonObject("data").getJsonArray("datasets").getJsonObject(0).getJsonArray("data").isNull(0),
                "NaN cannot be placed: a gap");
        assertEquals("Total bytes", datasets.getJsonObject(1).getString("label"));
        assertEquals("Month", json.getJsonObject("options").getJsonObject("scales").getJsonObject("x")
                .getJsonObject("title").getString("text"));
        assertTrue(json.getJsonObject("options").getJsonObject("plugins").getJsonObject("legend")
                .getBoolean("display"), "two series need a legend");
    }

    @Test
    void monthsStoredAsTheirFirstDayAreLabelledAsMonthsOtherDatesAsThemselves() {
        ChartSpec chart = new ChartSpec(ChartSpec.Type.BAR, "month", List.of("signups"));
        JsonObject months = parse(ChartJson.of(chart, COLUMNS, List.of(
                Map.of("month", LocalDate.of(2024, 3, 1), "signups", BigDecimal.ONE),
                Map.of("month", LocalDate.of(2024, 4, 1), "signups", BigDecimal.TEN))));
        assertEquals("[\"2024-03\",\"2024-04\"]", months.getJsonObject("data").getJsonArray("labels").toString());
        JsonObject days = parse(ChartJson.of(chart, COLUMNS, List.of(
                Map.of("month", LocalDate.of(2024, 3, 1), "signups", BigDecimal.ONE),
                Map.of("month", LocalDate.of(2024, 3, 8), "signups", BigDecimal.TEN))));
        assertEquals("[\"2024-03-01\",\"2024-03-08\"]", days.getJsonObject("data").getJsonArray("labels").toString());
    }

    @Test
    void aPieChartColoursEverySliceAndHasNoAxes() {
        ChartSpec chart = new ChartSpec(ChartSpec.Type.PIE, "region", List.of("signups"));
        JsonObject json = parse(ChartJson.of(chart, COLUMNS, List.of(
                Map.of("region", "north", "signups", new BigDecimal("3")),
                Map.of("region", "south", "signups", new BigDecimal("4")))));

        assertEquals("pie", json.getString("type"));
        assertEquals(2, json.getJsonObject("data").getJsonArray("datasets").getJsonObject(0)
                .getJsonArray("backgroundColor").size());
        assertFalse(json.getJsonObject("options").containsKey("scales"));
    }

    private static Map<String, Object> row(String month, BigDecimal signups, BigDecimal bytes) {
        Map<String, Object> row = new HashMap<>();
        row.put("month", month);
        row.put("signups", signups);
        row.put("total_bytes", bytes);
        return row;
    }

    private static JsonObject parse(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
