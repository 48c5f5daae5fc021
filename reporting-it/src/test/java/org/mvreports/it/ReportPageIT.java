package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A business user in a real browser: opens a report other than signups from the catalog, sorts it, filters it with
 * the filter bar, pages through it, and downloads it as CSV and as Excel; every visible row and every downloaded row
 * is compared with an independent SQL query. The freshness badge says "refreshing" while a slow refresh runs and
 * "failed" after a failing one.
 */
class ReportPageIT {

    private static final By ROWS = By.cssSelector("[id='table-form:rows'] tbody tr");

    @Test
    void aViewerSortsFiltersPagesAndDownloadsAReportAsSqlHasIt() throws Exception {
        Path downloads = Files.createTempDirectory("report-downloads");
        try (Browser browser = new Browser(downloads)) {
            browser.open("");
            browser.signIn("viewer", "viewer");
            browser.waitFor(By.linkText("Shipment status"));
            browser.driver.findElement(By.linkText("Shipment status")).click();
            browser.waitFor(ROWS);
            assertTrue(browser.driver.getCurrentUrl().endsWith("/reports/report.xhtml?name=shipment_status"));
            assertEquals(column("SELECT reference FROM reports.shipment_status ORDER BY shipment_id LIMIT 50"),
                    shownReferences(browser), "the report's own order: its unique key");

            // Sort by "Shipped at", newest first (two clicks), on the server; the address follows.
            sortBy(browser, "Shipped at");
            sortBy(browser, "Shipped at");
            browser.awaitUrl("sort=-shipped_at");
            assertEquals(column("""
                    SELECT reference FROM reports.shipment_status
                    ORDER BY shipped_at DESC, shipment_id DESC LIMIT 50"""), shownReferences(browser));

            // Filter with the filter bar: destination is one of Oslo, Rome.
            browser.addFilter("Destination", "is one of", "Oslo,Rome", "filter=destination%3Ain%3AOslo%2CRome");
            String where = "WHERE destination IN ('Oslo', 'Rome')";
            assertEquals(column("SELECT reference FROM reports.shipment_status " + where
                    + " ORDER BY shipped_at DESC, shipment_id DESC LIMIT 50"), shownReferences(browser));
            assertEquals(String.format(Locale.ENGLISH, "%,d rows match",
                    count("SELECT count(*) FROM reports.shipment_status " + where)),
                    browser.text(By.id("table-form:matching")));

            // The second page.
            String firstOfPageOne = shownReferences(browser).get(0);
            browser.driver.findElement(By.cssSelector("[id='table-form:rows'] .ui-paginator-next")).click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                    .until(d -> !shownReferences(browser).isEmpty()
                            && !shownReferences(browser).get(0).equals(firstOfPageOne));
            browser.awaitUrl("page=1");
            assertEquals(column("SELECT reference FROM reports.shipment_status " + where
                    + " ORDER BY shipped_at DESC, shipment_id DESC OFFSET 50 LIMIT 50"), shownReferences(browser));

            // Downloads: the whole filtered, sorted report.
            List<String> expected = column("SELECT reference FROM reports.shipment_status " + where
                    + " ORDER BY shipped_at DESC, shipment_id DESC");
            browser.driver.findElement(By.id("export-csv")).click();
            Path csv = Browser.awaitDownload(downloads, ".csv");
            List<String> lines = Files.readAllLines(csv);
            assertEquals("shipment_id,reference,destination,shipped_at,results,has_results,first_result_start,"
                    + "last_result_end", lines.get(0));
            assertEquals(expected, lines.subList(1, lines.size()).stream().map(l -> l.split(",")[1]).toList());
            browser.driver.findElement(By.id("export-xlsx")).click();
            Path xlsx = Browser.awaitDownload(downloads, ".xlsx");
            try (InputStream in = Files.newInputStream(xlsx); Workbook workbook = new XSSFWorkbook(in)) {
                var sheet = workbook.getSheet("Report");
                List<String> references = new ArrayList<>();
                for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                    references.add(sheet.getRow(r).getCell(1).getStringCellValue());
                }
                assertEquals(expected, references);
                assertTrue(workbook.getSheet("About").getRow(2).getCell(1).getStringCellValue()
                        .contains("destination:in:Oslo,Rome"));
            }
        }
    }

    /**
     * What a reader meets when the server cannot update the page: a page whose state the server no longer has (as
     * after a restart) says so and offers a reload that keeps the address; a session that ended leads to the login
     * form and, after signing in, back to the same report, sort and page.
     */
    @Test
    void aFailedUpdateIsShownOnThePageAndAnEndedSessionLeadsBackThroughSignIn() throws Exception {
        try (Browser browser = new Browser(Files.createTempDirectory("report-downloads"))) {
            browser.open("reports/report.xhtml?name=shipment_status&sort=-shipped_at");
            browser.signIn("viewer", "viewer");
            browser.waitFor(ROWS);
            WebElement notice = browser.driver.findElement(By.id("ajax-failure"));
            assertFalse(notice.isDisplayed(), "no notice while all is well");

            ((JavascriptExecutor) browser.driver).executeScript("document.querySelectorAll("
                    + "\"input[name='jakarta.faces.ViewState']\").forEach(i => i.value = 'forgotten-by-the-server')");
            browser.driver.findElement(By.cssSelector("[id='table-form:rows'] .ui-paginator-next")).click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> notice.isDisplayed());
            assertTrue(notice.getText().startsWith("The server could not update this page just now."),
                    notice.getText());
            browser.screenshot(Path.of("target", "screenshots", "report-update-failed-viewer-wide.png"));
            notice.findElement(By.tagName("button")).click();
            browser.waitFor(ROWS);
            assertTrue(browser.driver.getCurrentUrl().contains("name=shipment_status&sort=-shipped_at"),
                    browser.driver.getCurrentUrl());
            assertFalse(browser.driver.findElement(By.id("ajax-failure")).isDisplayed());

            List<String> firstPage = shownReferences(browser);
            browser.driver.manage().deleteCookieNamed("JSESSIONID"); // the session ends while the page is open
            browser.driver.findElement(By.cssSelector("[id='table-form:rows'] .ui-paginator-next")).click();
            browser.signIn("viewer", "viewer");
            browser.waitFor(ROWS);
            assertTrue(browser.driver.getCurrentUrl().contains("name=shipment_status&sort=-shipped_at"),
                    "back at the report after signing in again: " + browser.driver.getCurrentUrl());
            assertEquals(firstPage, shownReferences(browser));
        }
    }

    @Test
    void theBadgeSaysRefreshingDuringASlowRefreshAndFailedAfterAFailingOne() throws Exception {
        sql("""
                DROP SCHEMA IF EXISTS it_badge CASCADE;
                DROP MATERIALIZED VIEW IF EXISTS reports.it_badge;
                CREATE SCHEMA it_badge;
                CREATE TABLE it_badge.knobs (seconds float NOT NULL, divisor int NOT NULL);
                INSERT INTO it_badge.knobs VALUES (0, 1);
                CREATE MATERIALIZED VIEW reports.it_badge AS
                    SELECT 1 AS id, 10 / (SELECT divisor FROM it_badge.knobs) AS ten
                    FROM (SELECT pg_sleep((SELECT seconds FROM it_badge.knobs))) pause;
                CREATE UNIQUE INDEX it_badge_id ON reports.it_badge (id)""");
        ApiClient api = new ApiClient(TestStack.applicationUrl());
        try (Browser browser = new Browser()) {
            assertEquals("COMPLETED", api.awaitEnd(api.startJob("admin", "{\"views\": [\"it_badge\"]}"))
                    .getString("batchStatus"));
            sql("UPDATE it_badge.knobs SET seconds = 20");
            long slow = api.startJob("admin", "{\"views\": [\"it_badge\"], \"force\": true}");
            api.awaitViews(slow, "it_badge running", views -> "RUNNING".equals(views.get("it_badge")));
            browser.open("reports/report.xhtml?name=it_badge");
            browser.signIn("viewer", "viewer");
            assertEquals("Refreshing now", browser.text(By.id("freshness-badge")));
            assertTrue(browser.text(By.id("freshness-sentence")).contains("a refresh is running now"),
                    browser.text(By.id("freshness-sentence")));
            assertEquals("1", browser.driver.findElement(ROWS).findElements(By.tagName("td")).get(0).getText(),
                    "readers see the previous rows meanwhile");
            assertEquals("COMPLETED", api.awaitEnd(slow).getString("batchStatus"));

            sql("UPDATE it_badge.knobs SET seconds = 0, divisor = 0");
            assertEquals("FAILED", api.awaitEnd(api.startJob("admin", "{\"views\": [\"it_badge\"]}"))
                    .getString("batchStatus"));
            browser.open("reports/report.xhtml?name=it_badge");
            assertEquals("Last refresh failed", browser.text(By.id("freshness-badge")));
            String sentence = browser.text(By.id("freshness-sentence"));
            assertTrue(sentence.contains("division by zero (22012)") && sentence.contains("the last good one"),
                    sentence);
            assertEquals(1, browser.driver.findElements(ROWS).size(), "the last good data is still shown");
        } finally {
            sql("DROP MATERIALIZED VIEW IF EXISTS reports.it_badge; DROP SCHEMA IF EXISTS it_badge CASCADE");
        }
    }

    /**
     * Numbers as a reader expects them: a declared scale always shown, one number of decimals per column where none is
     * declared, no thousands separator in years and keys, the format line's percentages, grouped counts in the
     * paginator; the Excel file's cells keep their values and get the column's number format. A report whose comment
     * has a line that cannot be used opens as any other; an administrator is told which line.
     */
    @Test
    void numbersAreShownAsReadersExpectThemAndAFileWithATypoStillOpens() throws Exception {
        sql("""
                DROP MATERIALIZED VIEW IF EXISTS reports.it_numbers;
                CREATE MATERIALIZED VIEW reports.it_numbers AS
                SELECT g AS order_id, 1990 + g % 30 AS order_year,
                       CAST(144659.2 + g AS numeric(15,2)) AS revenue,
                       CASE WHEN g % 2 = 0 THEN 29770.173 ELSE 255322 END * g AS weight,
                       g / 1000.0 AS share
                FROM generate_series(1, 1500) g;
                CREATE UNIQUE INDEX it_numbers_id ON reports.it_numbers (order_id);
                COMMENT ON MATERIALIZED VIEW reports.it_numbers IS 'title: Numbers
                format: share=percent
                refresh-interval: 1 fortnight';""");
        try {
            numbersAreShownAsReadersExpectThem();
        } finally {
            sql("DROP MATERIALIZED VIEW reports.it_numbers");
        }
    }

    private static void numbersAreShownAsReadersExpectThem() throws Exception {
        try (Browser browser = new Browser()) {
            browser.open("reports/report.xhtml?name=it_numbers&sort=order_id");
            browser.signIn("demo", "demo");
            browser.waitFor(ROWS);
            List<WebElement> first = browser.driver.findElements(ROWS).get(0).findElements(By.tagName("td"));
            List<WebElement> second = browser.driver.findElements(ROWS).get(1).findElements(By.tagName("td"));
            assertEquals(List.of("1", "1991", "144,660.20", "255,322.000", "0.1%"),
                    first.stream().map(WebElement::getText).toList());
            assertEquals(List.of("2", "1992", "144,661.20", "59,540.346", "0.2%"),
                    second.stream().map(WebElement::getText).toList());
            Await.until("the paginator's counts grouped", Duration.ofSeconds(10), () -> browser.text(
                    By.cssSelector("[id='table-form:rows'] .ui-paginator-current")).equals("1–50 of 1,500"));
            String problems = browser.text(By.id("definition-problems"));
            assertTrue(problems.contains("refresh-interval: 1 fortnight"), problems);
            browser.screenshot(Path.of("target", "screenshots", "report-numbers-demo-1280.png"));
        }
        try (Browser browser = new Browser()) {
            browser.open("reports/report.xhtml?name=it_numbers");
            browser.signIn("viewer", "viewer");
            browser.waitFor(ROWS);
            assertTrue(browser.driver.findElements(By.id("definition-problems")).isEmpty(), "not for readers");
        }
        ApiClient api = new ApiClient(TestStack.applicationUrl());
        var xlsx = api.getBytes("reports/it_numbers/export?format=xlsx&sort=order_id", "viewer");
        try (Workbook workbook = new XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            var row = workbook.getSheet("Report").getRow(1);
            assertEquals(144660.2, row.getCell(2).getNumericCellValue(), "the value stays the number");
            assertEquals(List.of("0", "0", "#,##0.00", "#,##0.000", "0.0%"), java.util.stream.IntStream.range(0, 5)
                    .mapToObj(c -> row.getCell(c).getCellStyle().getDataFormatString()).toList());
        }
        String csv = api.get("reports/it_numbers/export?format=csv&sort=order_id", "viewer").body();
        assertEquals("1,1991,144660.20,255322,0.00100000000000000000", csv.lines().skip(1).findFirst().orElseThrow(),
                "CSV keeps the raw values");
    }

    @Test
    void aReaderInOsloSeesAndFiltersTimesOnOsloClocks() throws Exception {
        ZoneId oslo = ZoneId.of("Europe/Oslo");
        DateTimeFormatter shown = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ENGLISH);
        try (Browser browser = Browser.inTimeZone("Europe/Oslo")) {
            browser.open("reports/report.xhtml?name=shipment_status&sort=-shipped_at");
            browser.signIn("viewer", "viewer");
            browser.waitFor(ROWS);
            String newest = column("""
                    SELECT to_char(shipped_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                    FROM reports.shipment_status ORDER BY shipped_at DESC, shipment_id DESC LIMIT 1""").get(0);
            assertEquals(shown.format(Instant.parse(newest).atZone(oslo)), browser.driver.findElement(ROWS)
                    .findElements(By.tagName("td")).get(3).getText(), "Shipped at, on an Oslo clock");
            String sentence = browser.text(By.id("freshness-sentence"));
            assertTrue(sentence.matches("Data as of \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} CES?T;.*"), sentence);

            // "Shipped at ≥ 2025-06-01T00:00", typed on an Oslo clock: midnight there, 22:00 UTC the day before.
            browser.addFilter("Shipped at", "≥", "2025-06-01T00:00",
                    "filter=shipped_at%3Age%3A2025-06-01T00%3A00%2B02%3A00");
            assertEquals(String.format(Locale.ENGLISH, "%,d rows match", count("""
                    SELECT count(*) FROM reports.shipment_status
                    WHERE shipped_at >= '2025-05-31T22:00:00Z'""")), browser.text(By.id("table-form:matching")));
        }
    }

    private static void sortBy(Browser browser, String heading) {
        List<String> before = shownReferences(browser);
        browser.driver.findElements(By.cssSelector("[id='table-form:rows'] th")).stream()
                .filter(th -> th.getText().trim().equals(heading)).findFirst().orElseThrow().click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(driver -> !shownReferences(browser).equals(before));
    }

    /** Adds a filter with the filter bar and waits for the page at its new address. */

    private static List<String> shownReferences(Browser browser) {
        List<String> references = new ArrayList<>();
        for (WebElement row : browser.driver.findElements(ROWS)) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            if (cells.size() > 1) {
                references.add(cells.get(1).getText().trim());
            }
        }
        return references;
    }

    private static List<String> column(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection db = TestStack.database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(column(sql).get(0));
    }

    private static void sql(String statements) throws SQLException {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute(statements);
        }
    }
}
