package org.mvreports.definition.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReportMetadataTest {

    /** Columns like an orders report's: numbers, a text, a date. */
    private static final List<MaterializedView.Column> COLUMNS = List.of(
            new MaterializedView.Column("month", "date"),
            new MaterializedView.Column("region", "text"),
            new MaterializedView.Column("orders", "bigint"),
            new MaterializedView.Column("revenue", "numeric(15,2)"),
            new MaterializedView.Column("share", "double precision"),
            new MaterializedView.Column("order_year", "integer"));

    private static ReportMetadata read(String comment) {
        return ReportMetadata.read("sales_by_region", comment, COLUMNS);
    }

    /** The one problem of a comment, as "line: problem". */
    private static String onlyProblem(String comment) {
        List<DefinitionProblem> problems = read(comment).problems();
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0).line() + ": " + problems.get(0).problem();
    }

    @Test
    void readsEveryKeyOfTheConvention() {
        ReportMetadata metadata = read("""
                title: Sales by region
                description: Revenue per region since the shop opened.
                refresh-interval: 1 hour
                chart: bar x=month y=revenue,orders
                totals: revenue, orders
                format: revenue=2, order_year=plain, share=percent
                section: Finance""");
        assertEquals(new ReportMetadata("Sales by region", "Revenue per region since the shop opened.",
                Duration.ofHours(1), new ChartSpec(ChartSpec.Type.BAR, "month", List.of("revenue", "orders")),
                List.of("revenue", "orders"), Map.of("revenue", ColumnFormat.decimals(2), "order_year",
                ColumnFormat.PLAIN, "share", ColumnFormat.PERCENT), "Finance", List.of()), metadata);
    }

    @Test
    void defaultsWhenTheViewHasNoComment() {
        assertEquals(new ReportMetadata("Sales by region", "", Duration.ofDays(1), null, List.of(), Map.of(), null,
                List.of()), read(null));
    }

    @Test
    void keysAreCaseInsensitiveAndProseAndUnknownKeysAreIgnored() {
        ReportMetadata metadata = read("""
                Maintained by the finance team, do not drop.
                TITLE:   Revenue by region
                Owner: finance@example.com
                Note: see https://intranet/finance
                Refresh-Interval: PT15M
                Chart: BAR x = month y = revenue""");
        assertEquals("Revenue by region", metadata.title());
        assertEquals(Duration.ofMinutes(15), metadata.refreshInterval());
        assertEquals(new ChartSpec(ChartSpec.Type.BAR, "month", List.of("revenue")), metadata.chart());
        assertEquals(List.of(), metadata.problems());
    }

    @ParameterizedTest
    @CsvSource({"15 minutes, PT15M", "1 minute, PT1M", "2 hours, PT2H", "1 h, PT1H", "3 days, PT72H",
        "1 day, PT24H", "PT90M, PT1H30M", "P1D, PT24H"})
    void understandsSimpleAndIsoIntervals(String text, String expected) {
        assertEquals(Duration.parse(expected), read("refresh-interval: " + text).refreshInterval());
        assertEquals(Duration.parse(expected), RefreshInterval.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"'1 fortnight', 'is neither'", "'every hour', 'is neither'", "'0 minutes', 'from 1 minute to 366'",
        "'-PT5M', 'from 1 minute to 366'", "'PT30S', 'from 1 minute to 366'", "'400 days', 'from 1 minute to 366'"})
    void anIntervalThatCannotBeReadIsAProblemAndTheDefaultApplies(String text, String why) {
        ReportMetadata metadata = read("title: Sales\nrefresh-interval: " + text);
        assertEquals(Duration.ofDays(1), metadata.refreshInterval());
        assertEquals(2, metadata.problems().get(0).line());
        assertEquals("refresh-interval: " + text, metadata.problems().get(0).text());
        assertTrue(metadata.problems().get(0).problem().contains(why), metadata.problems().toString());
        assertTrue(metadata.problems().get(0).problem().endsWith("the default, 1 day, applies"));
        assertEquals("Sales", metadata.title(), "the rest of the comment still counts");
    }

    @Test
    void aChartThatCannotBeReadOrDoesNotFitTheColumnsIsAProblemAndNoChartIsDrawn() {
        assertTrue(onlyProblem("chart: donut x=month y=revenue").startsWith("1: a chart is 'line|bar|pie"));
        assertTrue(onlyProblem("chart: bar x=week y=revenue").contains("its x column week is not a column"));
        assertTrue(onlyProblem("chart: bar x=month y=region").contains("its y column region is not a number"));
        assertTrue(onlyProblem("chart: line x=month y=revenue,nope").contains("its y column nope"));
        assertTrue(onlyProblem("chart: pie x=region y=revenue,orders").contains("a pie chart plots one column"));
        assertNull(read("chart: bar x=week y=revenue").chart());
    }

    @Test
    void totalsNameNumberColumnsTheOthersAreLeftOut() {
        ReportMetadata metadata = read("totals: revenue, region, orders, revenue");
        assertEquals(List.of("revenue", "orders"), metadata.totals());
        assertEquals(List.of("region is not a number column of the report; it is not totalled"),
                metadata.problems().stream().map(DefinitionProblem::problem).toList());
        assertTrue(onlyProblem("totals: sum(revenue)").contains("comma-separated list of column names"));
        assertEquals(List.of(), read("totals: sum(revenue)").totals());
    }

    @Test
    void formatsApplyPerColumnAndAWrongEntryIsLeftOutAlone() {
        ReportMetadata metadata = read("format: revenue=2, region=plain, share=percent, orders=eleven, order_year");
        assertEquals(Map.of("revenue", ColumnFormat.decimals(2), "share", ColumnFormat.PERCENT), metadata.formats());
        assertEquals(List.of("region is not a number column of the report; its format is left out",
                        "'eleven' for orders is neither a number of decimals (0 to 10), plain nor percent; the column"
                                + " keeps its own format",
                        "'order_year' is not <column>=<decimals>|plain|percent; it is left out"),
                metadata.problems().stream().map(DefinitionProblem::problem).toList());
        assertTrue(onlyProblem("format: revenue=11").contains("0 to 10"));
        assertTrue(onlyProblem("format: nope=2").contains("nope is not a number column"));
    }

    @Test
    void aSectionNamesAHeadingOrTheReportIsListedUnderOther() {
        assertEquals("Finance", read("section:   Finance  ").section());
        assertTrue(onlyProblem("section:").contains("empty"));
        assertTrue(onlyProblem("section: " + "x".repeat(61)).contains("at most 60 characters"));
        assertNull(read("section: " + "x".repeat(61)).section());
    }

    @Test
    void aBlankTitleIsAProblemAndTheNameIsUsed() {
        assertEquals("Sales by region", read("title:   ").title());
        assertTrue(onlyProblem("title:   ").contains("the title is empty"));
    }

    @Test
    void aKeyGivenTwiceKeepsItsFirstLine() {
        ReportMetadata metadata = read("title: First\nsection: A\ntitle: Second");
        assertEquals("First", metadata.title());
        assertEquals("3: title is given on line 1 already; this line is ignored",
                onlyProblem("title: First\nsection: A\ntitle: Second"));
    }

    @Test
    void aChartLineWithManyColumnsAndATrailingWordIsReadAtOnce() {
        // A pattern that lets a name contain the comma between names backtracks through every way of splitting
        // them: with thirty names, for ever, on every read of the catalog.
        String names = String.join(",", java.util.Collections.nCopies(30, "revenue"));
        ReportMetadata metadata = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(10), () -> read("chart: line x=month y=" + names + " stacked"));
        assertTrue(metadata.problems().get(0).problem().startsWith("a chart is"));
    }

    @Test
    void aLongLineIsQuotedInPart() {
        DefinitionProblem problem = read("chart: " + "y".repeat(300)).problems().get(0);
        assertEquals(DefinitionProblem.MAX_TEXT + 1, problem.text().length(), "cut, with an ellipsis");
    }
}
