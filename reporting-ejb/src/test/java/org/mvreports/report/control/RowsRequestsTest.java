package org.mvreports.report.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mvreports.report.entity.Filter;
import org.mvreports.report.entity.FilterOperator;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.report.entity.RowsRequest;
import org.mvreports.report.entity.SortKey;
import org.mvreports.refusal.InvalidRequestException;

class RowsRequestsTest {

    private static final List<ReportColumn> COLUMNS = List.of(
            ReportColumn.of("month", "date"),
            ReportColumn.of("signups", "bigint"),
            ReportColumn.of("ratio", "double precision"),
            ReportColumn.of("name", "character varying(40)"),
            ReportColumn.of("tags", "text[]"),
            ReportColumn.of("small", "integer"),
            ReportColumn.of("amount", "numeric(10,2)"),
            ReportColumn.of("at", "timestamp without time zone"),
            ReportColumn.of("seen", "timestamp(3) with time zone"));

    private static InvalidRequestException refused(List<String> sort, List<String> filters, Integer page,
                                                   Integer size) {
        return assertThrows(InvalidRequestException.class,
                () -> RowsRequests.read(COLUMNS, sort, filters, page, size));
    }

    @Test
    void sortsFiltersAndPagingAreRead() {
        RowsRequest request = RowsRequests.read(COLUMNS, List.of("-month", "signups,name"),
                List.of("ratio:lt:0.5", "name:startswith:Ann:x", "tags:notnull"), 3, 100);
        assertEquals(List.of(new SortKey("month", true), new SortKey("signups", false), new SortKey("name", false)),
                request.sort());
        assertEquals(List.of(new Filter("ratio", FilterOperator.LT, List.of("0.5")),
                new Filter("name", FilterOperator.STARTSWITH, List.of("Ann:x")),
                new Filter("tags", FilterOperator.NOTNULL, List.of())), request.filters());
        assertEquals(3, request.page());
        assertEquals(100, request.size());
        RowsRequest defaults = RowsRequests.read(COLUMNS, List.of(), List.of(), null, null);
        assertEquals(0, defaults.page());
        assertEquals(RowsRequest.DEFAULT_SIZE, defaults.size());
    }

    @Test
    void unknownColumnsAndOperatorsAreRefusedListingWhatIsAllowed() {
        InvalidRequestException column = refused(List.of("nope"), List.of(), null, null);
        assertEquals("unknown column 'nope' in sort", column.getMessage());
        assertEquals(List.of("month", "signups", "ratio", "name", "tags", "small", "amount", "at", "seen"),
                column.details());
        InvalidRequestException operator = refused(List.of(), List.of("name:gt:x"), null, null);
        assertEquals("operator 'gt' does not fit column name (character varying(40))", operator.getMessage());
        assertEquals(List.of("eq", "ne", "contains", "startswith", "in", "isnull", "notnull"), operator.details());
        assertEquals(List.of("isnull", "notnull"), refused(List.of(), List.of("tags:eq:x"), null, null).details());
        refused(List.of("tags"), List.of(), null, null); // arrays cannot be sorted
        refused(List.of("month,month"), List.of(), null, null);
    }

    @Test
    void valuesMustReadAsTheirColumnsTypeAndAreNeverCoerced() {
        assertEquals("'12.5' is not a whole number (column signups)",
                refused(List.of(), List.of("signups:eq:12.5"), null, null).getMessage());
        assertEquals("'2024-13-01' is not a date (YYYY-MM-DD) (column month)",
                refused(List.of(), List.of("month:ge:2024-13-01"), null, null).getMessage());
        refused(List.of(), List.of("signups:eq:99999999999999999999"), null, null);
        refused(List.of(), List.of("signups:eq:"), null, null);
        refused(List.of(), List.of("signups:isnull:5"), null, null);
        refused(List.of(), List.of("name:eq:a\u0000b"), null, null);
        refused(List.of(), List.of("name:eq:" + "x".repeat(1001)), null, null);
        refused(List.of(), List.of("signups"), null, null);
        assertEquals("'1; DROP TABLE x' is not a whole number (column signups)",
                refused(List.of(), List.of("signups:eq:1; DROP TABLE x"), null, null).getMessage());
    }

    @Test
    void pagingOutOfRangeIsRefused() {
        assertEquals("page must be 0 or more, was -1", refused(List.of(), List.of(), -1, null).getMessage());
        assertEquals("size must be from 1 to 1000, was 0", refused(List.of(), List.of(), 0, 0).getMessage());
        refused(List.of(), List.of(), 0, 1001);
    }

    @Test
    void longValuesAreEchoedOnlyInPart() {
        String message = refused(List.of(), List.of("signups:eq:" + "9".repeat(30) + "x".repeat(50)), null, null)
                .getMessage();
        assertEquals("'" + "9".repeat(30) + "x".repeat(10) + "…' is not a whole number (column signups)", message);
    }

    @Test
    void numbersOutOfTheColumnsRangeAndHugeExponentsAreRefusedCheaply() {
        long started = System.nanoTime();
        refused(List.of(), List.of("signups:eq:1e50000000"), null, null);
        refused(List.of(), List.of("amount:eq:1e999999999"), null, null);
        refused(List.of(), List.of("amount:eq:1e-999999999"), null, null);
        refused(List.of(), List.of("ratio:eq:1e400"), null, null);
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "refused without expanding the numbers");
        assertEquals("'3000000000' is not a whole number (column small)",
                refused(List.of(), List.of("small:eq:3000000000"), null, null).getMessage());
        assertEquals("2147483647", RowsRequests.read(COLUMNS, List.of(), List.of("small:le:2147483647"), null, null)
                .filters().get(0).values().get(0));
        assertEquals("1.005", RowsRequests.read(COLUMNS, List.of(), List.of("amount:gt:1.005"), null, null)
                .filters().get(0).values().get(0), "compared as given, not rounded to the column's scale");
    }

    @Test
    void datesAndTimesPostgresqlCannotReadBackAreRefused() {
        refused(List.of(), List.of("month:ge:+10000-01-01"), null, null);
        refused(List.of(), List.of("month:ge:-0001-01-01"), null, null);
        assertEquals("column at holds times without a time zone; give '2024-01-01T10:00+05:00' without its offset",
                refused(List.of(), List.of("at:ge:2024-01-01T10:00+05:00"), null, null).getMessage());
        assertEquals("2024-01-01T10:00", RowsRequests.read(COLUMNS, List.of(), List.of("at:ge:2024-01-01 10:00"),
                null, null).filters().get(0).values().get(0));
        assertEquals("2024-01-01T10:00+05:00", RowsRequests.read(COLUMNS, List.of(),
                List.of("seen:ge:2024-01-01T10:00+05:00"), null, null).filters().get(0).values().get(0));
        refused(List.of(), List.of("seen:ge:2024-01-01T10:00+16:00"), null, null); // Java reads it; PostgreSQL not
        assertEquals("2024-01-01T10:00-15:59", RowsRequests.read(COLUMNS, List.of(),
                List.of("seen:ge:2024-01-01T10:00-15:59"), null, null).filters().get(0).values().get(0));
    }

    @Test
    void aSortThatNamesNoColumnIsRefused() {
        assertEquals("a sort names a column, optionally after '-': '-'",
                refused(List.of("-"), List.of(), null, null).getMessage());
    }
}
