package org.mvreports.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mvreports.report.entity.FilterOperator;
import org.mvreports.report.entity.ReportColumn;

class ReportFilterFormTest {

    private static final List<ReportColumn> COLUMNS = List.of(ReportColumn.of("uploads", "bigint"),
            ReportColumn.of("day", "date"), ReportColumn.of("destination", "text"),
            ReportColumn.of("tags", "text[]"), ReportColumn.of("shipped_at", "timestamp(3) with time zone"),
            ReportColumn.of("logged_at", "timestamp without time zone"));

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    @Test
    void betweenBecomesTwoBoundsAndAnEmptyEndIsLeftOpen() {
        ReportFilterForm form = form("uploads", "between", " 10 ", "20");
        assertEquals(List.of("uploads:ge:10", "uploads:le:20"), form.filters(COLUMNS, UTC));
        form.setTo("");
        assertEquals(List.of("uploads:ge:10"), form.filters(COLUMNS, UTC));
    }

    @Test
    void datesComeFromTheDatePickers() {
        ReportFilterForm form = form("day", "between", null, null);
        form.setDateTo(LocalDate.of(2026, 3, 31));
        assertEquals(List.of("day:le:2026-03-31"), form.filters(COLUMNS, UTC));
    }

    @Test
    void textIsKeptAsTypedAndConditionsWithoutValueTakeNone() {
        assertEquals(List.of("destination:contains: Os"), form("destination", "contains", " Os", null)
                .filters(COLUMNS, UTC));
        assertEquals(List.of("uploads:isnull"), form("uploads", "isnull", "ignored", null).filters(COLUMNS, UTC));
    }

    @Test
    void anUnfilledOrUnknownFormGivesNoFilter() {
        assertEquals(List.of(), form("uploads", "ge", " ", null).filters(COLUMNS, UTC));
        assertEquals(List.of(), form("nope", "eq", "1", null).filters(COLUMNS, UTC));
        assertEquals(List.of(), form("uploads", "like", "1", null).filters(COLUMNS, UTC));
    }

    @Test
    void timesTypedForPointsInTimeAreTheReadersWallClockWithTheOffsetItsZoneHadThen() {
        assertEquals(List.of("shipped_at:ge:2025-06-01T00:00+02:00", "shipped_at:le:2025-12-01T08:30+01:00"),
                form("shipped_at", "between", "2025-06-01", "2025-12-01T08:30").filters(COLUMNS, OSLO));
        assertEquals(List.of("shipped_at:lt:2025-06-01T00:00Z"),
                form("shipped_at", "lt", "2025-06-01T00:00", null).filters(COLUMNS, UTC));
        assertEquals(List.of("shipped_at:eq:2025-06-01T00:00-05:00"),
                form("shipped_at", "eq", "2025-06-01T00:00-05:00", null).filters(COLUMNS, OSLO), "its own offset");
        assertEquals(List.of("shipped_at:eq:June"), form("shipped_at", "eq", "June", null).filters(COLUMNS, OSLO),
                "not a time: left for the server to refuse");
        assertEquals(List.of("shipped_at:ge:2025-06-01T10:00+02:00"),
                form("shipped_at", "ge", "2025-06-01 10:00", null).filters(COLUMNS, OSLO), "as the cells show it");
        assertEquals(List.of("shipped_at:ge:2025-10-26T02:30+02:00", "shipped_at:le:2025-10-26T02:30+01:00"),
                form("shipped_at", "between", "2025-10-26T02:30", "2025-10-26T02:30").filters(COLUMNS, OSLO),
                "the hour autumn repeats: from its first pass to its second");
        assertEquals(List.of("shipped_at:lt:2025-03-30T03:30+02:00"),
                form("shipped_at", "lt", "2025-03-30T02:30", null).filters(COLUMNS, OSLO), "the hour spring skips");
        assertEquals(List.of("logged_at:ge:2025-06-01T00:00"),
                form("logged_at", "ge", "2025-06-01T00:00", null).filters(COLUMNS, OSLO), "no zone: as typed");
    }

    @Test
    void onlyConditionsThatFitTheColumnAreOffered() {
        ReportFilterForm form = new ReportFilterForm();
        assertEquals(List.of("isnull", "notnull"), List.copyOf(form.conditions(COLUMNS.get(3)).keySet()));
        assertEquals("between", form.conditions(COLUMNS.get(0)).keySet().iterator().next());
        assertEquals(false, form.conditions(COLUMNS.get(2)).containsKey("between"));
    }

    @Test
    void filtersAreDescribedAsPeopleReadThem() {
        assertEquals("Uploads ≥ \u201c100\u201d", ReportFilterForm.describe("uploads:ge:100", COLUMNS));
        assertEquals("Destination is one of Oslo, Rome, A,B",
                ReportFilterForm.describe("destination:in:Oslo,Rome,A\\,B", COLUMNS));
        assertEquals("Day is empty", ReportFilterForm.describe("day:isnull", COLUMNS));
        assertEquals("≠", ReportFilterForm.label(FilterOperator.NE));
    }

    private static ReportFilterForm form(String column, String condition, String value, String to) {
        ReportFilterForm form = new ReportFilterForm();
        form.setColumn(column);
        form.setCondition(condition);
        form.setValue(value);
        form.setTo(to);
        return form;
    }
}
