package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * System test of the real EAR on Payara Server, in a real browser: signing in through the login page, the report
 * catalog, and the signups report whose numbers are computed here independently from the base table.
 */
class SignInAndMonthlySignupsIT {

    @Test
    void viewerSeesTheSignupsOfEveryMonthAsTheBaseTableHasThemAndTheirChart() throws Exception {
        Map<String, Long> expected = signupsPerMonthFromUsersTable();
        assertTrue(expected.size() > 12, "demo data spans years of months, got " + expected.size());

        try (Browser browser = new Browser()) {
            browser.open("reports/report.xhtml?name=monthly_signups");
            browser.signIn("viewer", "viewer");

            // Signing in continues to the page first asked for.
            By rows = By.cssSelector("[id='table-form:rows'] tbody tr");
            browser.waitFor(rows);
            assertTrue(browser.driver.getCurrentUrl().endsWith("/reports/report.xhtml?name=monthly_signups"),
                    browser.driver.getCurrentUrl());
            Map<String, Long> shown = new LinkedHashMap<>();
            for (WebElement row : browser.driver.findElements(rows)) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                shown.put(cells.get(0).getText().trim(), Long.parseLong(cells.get(1).getText().trim()
                        .replace(",", "")));
            }
            assertEquals(expected, shown);
            // Its totals line (totals: signups): the sum over every row, under the table.
            List<WebElement> footer = browser.driver.findElements(By.cssSelector("[id='table-form:rows'] tfoot td"));
            assertEquals(List.of("Total", String.format(Locale.ENGLISH, "%,d",
                    expected.values().stream().mapToLong(Long::longValue).sum())),
                    footer.stream().map(td -> td.getText().trim()).toList());
            assertTrue(browser.text(By.id("freshness-sentence"))
                            .matches("Data as of \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC; .*"),
                    "data as of: " + browser.text(By.id("freshness-sentence")));
            assertEquals("viewer", browser.text(By.id("signed-in-user")));

            // The chart its SQL file asks for (chart: bar x=month y=signups), drawn by Chart.js over the same rows.
            browser.waitFor(By.cssSelector("[id='chart'] canvas"));
            Object plotted = ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("""
                    const chart = Chart.getChart(document.querySelector("[id='chart'] canvas"));
                    return chart ? [chart.config.type, chart.data.labels.length,
                                    chart.data.datasets[0].data.reduce((a, b) => a + b, 0)] : null;""");
            assertEquals(List.of("bar", (long) expected.size(),
                    expected.values().stream().mapToLong(Long::longValue).sum()), plotted);
        }
    }

    @Test
    void catalogListsEverySeedReportWithItsRowCount() throws Exception {
        try (Browser browser = new Browser()) {
            browser.open("");
            browser.signIn("viewer", "viewer");
            browser.waitFor(By.id("catalog"));
            Map<String, String> rowCounts = new LinkedHashMap<>();
            for (WebElement row : browser.driver.findElements(By.cssSelector("#catalog tbody tr"))) {
                rowCounts.put(row.findElement(By.cssSelector(".report-view code")).getText().trim(),
                        row.findElement(By.className("row-count")).getText().trim().replace(",", ""));
            }
            // By section (Shipments, Uploads, Users), then by title, as people look for them.
            assertEquals(List.of("results_agg", "shipment_status", "monthly_upload_peaks", "daily_uploads",
                    "monthly_uploads", "weekly_uploads", "monthly_signups", "user_directory"),
                    List.copyOf(rowCounts.keySet()));
            try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
                for (var entry : rowCounts.entrySet()) {
                    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM reports." + entry.getKey())) {
                        rs.next();
                        assertEquals(String.valueOf(rs.getLong(1)), entry.getValue(), entry.getKey());
                    }
                }
            }
            assertTrue(browser.driver.findElement(By.linkText("Signups per month")).isDisplayed());
        }
    }

    @Test
    void wrongPasswordIsRefusedWithAClearMessage() throws Exception {
        try (Browser browser = new Browser()) {
            browser.open("");
            browser.signIn("viewer", "not-the-password");
            browser.waitFor(By.id("login:messages"));
            assertTrue(browser.text(By.id("login:messages")).contains("Wrong user name or password."),
                    browser.text(By.id("login:messages")));
            assertTrue(browser.driver.findElements(By.id("catalog")).isEmpty());
        }
    }

    @Test
    void auditorWithoutTheViewerRoleSeesNoReportData() throws Exception {
        try (Browser browser = new Browser()) {
            browser.open("reports/report.xhtml?name=monthly_signups");
            browser.signIn("auditor", "auditor");
            // The reports/ folder is for report viewers (web.xml): the application's "not allowed" page.
            browser.waitFor(By.tagName("h1"));
            assertEquals("Not allowed", browser.text(By.tagName("h1")));
            assertTrue(browser.driver.findElements(By.cssSelector("[id='table-form:rows']")).isEmpty());
            // The catalog names the reports and their freshness for every role, without links to their rows.
            browser.open("");
            browser.waitFor(By.id("no-reports-role"));
            assertTrue(browser.driver.findElement(By.id("catalog")).isDisplayed());
            assertTrue(browser.driver.findElements(By.linkText("Signups per month")).isEmpty());
            assertTrue(browser.driver.findElement(By.id("catalog")).getText().contains("Signups per month"));
        }
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        try (Browser browser = new Browser()) {
            browser.open("");
            browser.signIn("demo", "demo");
            browser.waitFor(By.id("catalog"));
            browser.driver.findElement(By.id("session:logout")).click();
            browser.waitFor(By.id("login:username"));
            browser.open("reports/report.xhtml?name=monthly_signups");
            browser.waitFor(By.id("login:username"));
            assertTrue(browser.driver.findElements(By.cssSelector("[id='table-form:rows']")).isEmpty(),
                    "a signed-out browser must not see report data");
        }
    }

    /** Signups per month (UTC), straight from demo.users, formatted as the page shows dates. */
    private static Map<String, Long> signupsPerMonthFromUsersTable() throws SQLException {
        Map<String, Long> expected = new LinkedHashMap<>();
        try (Connection db = TestStack.database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT to_char(joined_at AT TIME ZONE 'UTC', 'YYYY-MM-01') AS month, count(*)
                     FROM demo.users
                     GROUP BY 1
                     ORDER BY 1""")) {
            while (rs.next()) {
                expected.put(rs.getString(1), rs.getLong(2));
            }
        }
        return expected;
    }
}
