package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * An auditor in a real browser: from the catalog to the refresh history, where a refresh the test made fail is found
 * with the filter bar (outcome FAILED) with PostgreSQL's SQLSTATE; then the export record lists an export the test
 * made, and the admin-action record an interval the test changed.
 */
class HistoryPagesIT {

    private static final By ROWS = By.cssSelector("[id='table-form:rows'] tbody tr");

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @Test
    void anAuditorFindsAFailureTheExportAndTheIntervalChangeTheTestMade() throws Exception {
        Path downloads = Files.createTempDirectory("history-downloads");
        try (Connection db = TestStack.database(); Statement sql = db.createStatement();
             Browser browser = new Browser(downloads)) {
            sql.execute("CREATE MATERIALIZED VIEW reports.it_history_failing AS SELECT 1 / 0 AS id WITH NO DATA");
            try {
                long failing = api.startJob("admin", "{\"views\":[\"it_history_failing\"],\"force\":true}");
                assertEquals("FAILED", api.awaitEnd(failing).getString("batchStatus"));
                assertEquals(200, api.get("reports/shipment_status/export?format=xlsx", "viewer").statusCode());
                assertEquals(200, api.put("schedules/daily_uploads", "admin", "{\"refreshInterval\":\"PT7H\"}")
                        .statusCode());

                browser.open("");
                browser.signIn("auditor", "auditor");
                browser.waitFor(By.id("nav-history"));
                browser.driver.findElement(By.id("nav-history")).click();
                browser.waitFor(ROWS);
                assertEquals("Refresh history", browser.text(By.tagName("h1")));

                browser.addFilter("Outcome", "=", "FAILED", "filter=outcome%3Aeq%3AFAILED");
                browser.addFilter("Report", "=", "it_history_failing", "filter=report%3Aeq%3Ait_history_failing");
                List<WebElement> rows = browser.driver.findElements(ROWS);
                assertEquals(1, rows.size(), "one failed refresh of that report");
                String row = rows.get(0).getText();
                assertTrue(row.contains("22012") && row.contains("division by zero") && row.contains("FAILED"),
                        "the SQLSTATE and PostgreSQL's message: " + row);
                browser.driver.findElement(By.id("export-csv")).click();
                List<String> csv = Files.readAllLines(Browser.awaitDownload(downloads, ".csv"));
                assertEquals(2, csv.size(), "the heading and the one row shown: " + csv);
                assertTrue(csv.get(1).startsWith(rows.get(0).getText().split(" ")[0] + ","), "the same row's id");
                assertTrue(csv.get(1).contains(",22012,"), csv.get(1));

                browser.driver.findElement(By.id("nav-exports")).click();
                browser.waitFor(ROWS);
                assertEquals("Export record", browser.text(By.tagName("h1")));
                List<String> exports = browser.driver.findElements(ROWS).stream().map(WebElement::getText).toList();
                assertTrue(exports.get(0).contains("auditor") && exports.get(0).contains("refresh_history"),
                        "newest: the download just made, of the history itself: " + exports.get(0));
                assertTrue(exports.stream().anyMatch(e -> e.contains("viewer") && e.contains("shipment_status")
                        && e.contains("XLSX") && e.contains("COMPLETED")), "the viewer's export: " + exports);

                browser.driver.findElement(By.id("nav-admin-actions")).click();
                browser.waitFor(ROWS);
                assertEquals("Admin actions", browser.text(By.tagName("h1")));
                List<String> actions = browser.driver.findElements(ROWS).stream().map(WebElement::getText).toList();
                assertTrue(actions.stream().anyMatch(a -> a.contains("admin") && a.contains("SET_INTERVAL")
                        && a.contains("daily_uploads") && a.contains("PT7H")), "the interval changed: " + actions);
            } finally {
                api.put("schedules/daily_uploads", "admin", "{\"refreshInterval\":\"\"}");
                sql.execute("DROP MATERIALIZED VIEW IF EXISTS reports.it_history_failing");
            }
        }
    }
}
