package org.mvreports.catalog.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportMetadataTest {

    @Test
    void readsTitleDescriptionAndIntervalFromTheComment() {
        ReportMetadata metadata = ReportMetadata.fromComment("monthly_signups", """
                title: Signups per month
                description: New user accounts per calendar month (UTC).
                refresh-interval: 1 hour""");
        assertEquals(new ReportMetadata("Signups per month", "New user accounts per calendar month (UTC).",
                Duration.ofHours(1), null, List.of()), metadata);
    }

    @Test
    void defaultsWhenTheViewHasNoComment() {
        assertEquals(new ReportMetadata("Results agg", "", Duration.ofDays(1), null, List.of()),
                ReportMetadata.fromComment("results_agg", null));
    }

    @Test
    void keysAreCaseInsensitiveAndProseLinesAreIgnored() {
        ReportMetadata metadata = ReportMetadata.fromComment("x", """
                Maintained by the finance team, do not drop.
                TITLE:   Revenue by region
                Owner: finance@example.com
                Refresh-Interval: PT15M""");
        assertEquals("Revenue by region", metadata.title());
        assertEquals("", metadata.description());
        assertEquals(Duration.ofMinutes(15), metadata.refreshInterval());
    }

    @ParameterizedTest
    @CsvSource({"15 minutes, PT15M", "1 minute, PT1M", "2 hours, PT2H", "1 h, PT1H", "3 days, PT72H",
        "1 day, PT24H", "PT90M, PT1H30M", "P1D, PT24H"})
    void understandsSimpleAndIsoIntervals(String text, String expected) {
        assertEquals(Duration.parse(expected), ReportMetadata.parseInterval("v", text));
    }

    @ParameterizedTest
    @CsvSource({"'every hour'", "'0 minutes'", "'-PT5M'", "'5 fortnights'"})
    void rejectsIntervalsItCannotReadNamingTheReport(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportMetadata.fromComment("sales", "refresh-interval: " + text));
        assertTrue(e.getMessage().contains("sales"), e.getMessage());
    }

    @Test
    void blankTitleFallsBackToTheViewName() {
        assertEquals("Daily uploads", ReportMetadata.fromComment("daily_uploads", "title:   ").title());
    }

    @Test
    void aChartLineNamesItsTypeAndColumns() {
        assertEquals(new ChartSpec(ChartSpec.Type.LINE, "week_start", List.of("uploads", "total_bytes")),
                ReportMetadata.fromComment("w", "chart: line x=week_start y=uploads, total_bytes").chart());
        assertEquals(new ChartSpec(ChartSpec.Type.BAR, "month", List.of("signups")),
                ReportMetadata.fromComment("m", "Chart: BAR x = month y = signups").chart());
        assertEquals(null, ReportMetadata.fromComment("m", "title: x").chart());
    }

    @Test
    void aChartThatCannotBeReadIsReportedNotIgnored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportMetadata.fromComment("m", "chart: donut x=a y=b"));
        assertEquals("report m: chart 'donut x=a y=b' is not 'line|bar|pie x=<column> y=<column>[,<column>]'",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReportMetadata.fromComment("m", "chart: pie x=a y=b,c"));
    }

    @Test
    void totalsNameColumnsOnceEachAndAMalformedLineIsReported() {
        assertEquals(List.of("uploads", "total_bytes"),
                ReportMetadata.fromComment("d", "totals: uploads ,total_bytes, uploads").totals());
        assertEquals(List.of(), ReportMetadata.fromComment("d", "title: x").totals());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReportMetadata.fromComment("d", "totals: sum(uploads)"));
        assertEquals("report d: totals 'sum(uploads)' is not a comma-separated list of column names", e.getMessage());
    }
}
