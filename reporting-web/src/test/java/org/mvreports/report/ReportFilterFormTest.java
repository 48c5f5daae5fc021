package org.mvreports.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mvreports.report.entity.FilterOperator;
import org.mvreports.report.entity.ReportColumn;

class ReportFilterFormTest {

    private static final List<ReportColumn> COLUMNS = List.of(ReportColumn.of("uploads", "bigint"),
            ReportColumn.of("day", "date"), ReportColumn.of("destination", "text"),
            ReportColumn.of("tags", "text[]"));

    @Test
    void betweenBecomesTwoBoundsAndAnEmptyEndIsLeftOpen() {
        ReportFilterForm form = form("uploads", "between", " 10 ", "20");
        assertEquals(List.of("uploads:ge:10", "uploads:le:20"), form.filters(COLUMNS));
        form.setTo("");
        assertEquals(List.of("uploads:ge:10"), form.filters(COLUMNS));
    }

    @Test
    void datesComeFromTheDatePickers() {
        ReportFilterForm form = form("day", "between", null, null);
        form.setDateTo(LocalDate.of(2026, 3, 31));
        assertEquals(List.of("day:le:2026-03-31"), form.filters(COLUMNS));
    }

    @Test
    void textIsKeptAsTypedAndConditionsWithoutValueTakeNone() {
        assertEquals(List.of("destination:contains: Os"), form("destination", "contains", " Os", null)
                .filters(COLUMNS));
        assertEquals(List.of("uploads:isnull"), form("uploads", "isnull", "ignored", null).filters(COLUMNS));
    }

    @Test
    void anUnfilledOrUnknownFormGivesNoFilter() {
        assertEquals(List.of(), form("uploads", "ge", " ", null).filters(COLUMNS));
        assertEquals(List.of(), form("nope", "eq", "1", null).filters(COLUMNS));
        assertEquals(List.of(), form("uploads", "like", "1", null).filters(COLUMNS));
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
