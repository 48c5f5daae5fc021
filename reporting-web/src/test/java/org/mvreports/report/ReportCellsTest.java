package org.mvreports.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.mvreports.definition.entity.ColumnFormat;
import org.mvreports.report.entity.ReportColumn;
import org.mvreports.web.ReaderZone;

class ReportCellsTest {

    private final ReportCells cells = inZone("UTC");

    private static ReportCells inZone(String zone) {
        ReportCells cells = new ReportCells();
        cells.readerZone = new ReaderZone() {
            @Override
            public ZoneId zone() {
                return ZoneId.of(zone);
            }
        };
        return cells;
    }

    @Test
    void numbersAreGroupedWithoutNeedlessZeros() {
        assertEquals("1,234,567", cells.format(new BigDecimal("1234567")));
        assertEquals("1,234.5", cells.format(new BigDecimal("1234.50")));
        assertEquals("-0.000001", cells.format(new BigDecimal("-0.000001")));
        assertEquals("12,345,678,901,234,567,890", cells.format(new BigDecimal("12345678901234567890")));
    }

    @Test
    void timesAreShownInTheReadersZoneAndNamedSoDatesInIsoAndNullsAsNothing() {
        assertEquals("2026-03-01 06:05:09 UTC", cells.format(OffsetDateTime.parse("2026-03-01T07:05:09+01:00")));
        assertEquals("2026-03-01 01:05:09 EST",
                inZone("America/New_York").format(OffsetDateTime.parse("2026-03-01T07:05:09+01:00")));
        assertEquals("2026-03-01 07:05:09", cells.format(LocalDateTime.parse("2026-03-01T07:05:09")),
                "a time without zone as stored");
        assertEquals("2026-03-01", cells.format(LocalDate.of(2026, 3, 1)));
        assertEquals("", cells.format(null));
        assertEquals("Yes", cells.format(Boolean.TRUE));
        assertEquals("No", cells.format(Boolean.FALSE));
    }

    @Test
    void onlyLongTextGetsItsWholeValueAsATooltip() {
        ReportColumn text = ReportColumn.of("city", "text");
        assertEquals(null, cells.longText("Oslo", text));
        String description = "x".repeat(ReportCells.SHOWN_CHARACTERS + 1);
        assertEquals(description, cells.longText(description, text));
    }

    @Test
    void totalsGoUnderTheirColumnsWithTheWordTotalInTheFirst() {
        java.util.Map<String, BigDecimal> totals = java.util.Map.of("uploads", new BigDecimal("12345"));
        assertEquals("Total", cells.total(totals, ReportColumn.of("day", "date"), 0));
        assertEquals("12,345", cells.total(totals, ReportColumn.of("uploads", "bigint"), 1));
        assertEquals("", cells.total(totals, ReportColumn.of("bytes", "bigint"), 2));
    }

    @Test
    void numbersAreShownAsTheirColumnsFormatSays() {
        ReportColumn revenue = ReportColumn.of("revenue", "numeric(15,2)").shownAs(ColumnFormat.decimals(2));
        assertEquals("144,659.20", cells.format(new BigDecimal("144659.2"), revenue));
        assertEquals("0.01", cells.format(new BigDecimal("0.005"), revenue), "rounded half up");
        assertEquals("-1,234.57", cells.format(new BigDecimal("-1234.567"), revenue));
        ReportColumn year = ReportColumn.of("order_year", "integer")
                .shownAs(new ColumnFormat(ColumnFormat.Style.PLAIN, 0));
        assertEquals("1997", cells.format(new BigDecimal("1997"), year));
        ReportColumn share = ReportColumn.of("share", "double precision")
                .shownAs(new ColumnFormat(ColumnFormat.Style.PERCENT, 1));
        assertEquals("12.5%", cells.format(new BigDecimal("0.125"), share));
        assertEquals("1,050.0%", cells.format(new BigDecimal("10.5"), share));
        assertEquals("NaN", cells.format("NaN", share), "what a number cannot be is shown as PostgreSQL prints it");
        java.util.Map<String, BigDecimal> totals = java.util.Map.of("revenue", new BigDecimal("1000000.5"));
        assertEquals("1,000,000.50", cells.total(totals, revenue, 1));
    }

    @Test
    void numberColumnsAreRightAligned() {
        assertEquals("number", cells.alignment(ReportColumn.of("bytes", "numeric(12,2)")));
        assertEquals("", cells.alignment(ReportColumn.of("name", "text")));
        assertEquals("", cells.alignment(ReportColumn.of("at", "timestamp with time zone")));
    }
}
