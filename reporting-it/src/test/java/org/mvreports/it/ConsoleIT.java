package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The refresh administrators' console in Chromium, as admin, on the real stack: a refresh started from it goes
 * running, then done, without a reload; a job is stopped and restarted from it; an interval changed in place is in
 * force for the API and in the admin-action record, an invalid one is refused with its reason and changes nothing,
 * and one changed by someone else meanwhile is not overwritten.
 */
class ConsoleIT {

    private static final Pattern STARTED = Pattern.compile("Refresh job (\\d+) started");
    private static final Pattern RESTARTED = Pattern.compile("restarted as (\\d+)");

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @Test
    void aRefreshStartedFromTheConsoleGoesRunningThenDoneWithoutAReload() throws Exception {
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            // A sleep per row (the sleep names the row: otherwise PostgreSQL runs it once): 6 seconds in all.
            sql.execute("CREATE MATERIALIZED VIEW reports.it_console_slow AS SELECT g AS id"
                    + " FROM generate_series(1, 12) g, LATERAL (SELECT pg_sleep(0.5 * sign(g))) pause WITH NO DATA");
            // Refreshed once before, so the console knows how long it takes.
            assertEquals("COMPLETED", api.awaitEnd(api.startJob("admin",
                    "{\"views\":[\"it_console_slow\"]}")).getString("batchStatus"));
            try (Browser browser = console()) {
                browser.waitFor(reportRow("it_console_slow"));
                browser.driver.findElement(By.xpath(xpath(reportRow("it_console_slow"))
                        + "//div[contains(@class,'ui-chkbox-box')]")).click();
                // Forced: its sources (none) have not changed since, so it would be skipped.
                browser.driver.findElement(By.cssSelector("[id='console:force'] .ui-chkbox-box")).click();
                browser.driver.findElement(By.id("console:refresh-selected")).click();
                long job = number(STARTED, awaitMessage(browser, "started"));

                // The poll shows it running, then done, while the page stays as it is.
                browser.waitFor(By.xpath(xpath(jobRow(job))
                        + "//li[contains(@class,'view-RUNNING')][code[text()='it_console_slow']]"));
                // While it runs: its time left, on the page and in the API, from how long it took before.
                String timeLeft = browser.text(By.xpath(xpath(jobRow(job)) + "//div[@class='time-left']"));
                assertTrue(timeLeft.endsWith("left") && !timeLeft.contains("unknown"), timeLeft);
                JsonObject running = ApiClient.json(api.get("refresh-jobs/" + job, "admin")).asJsonObject();
                if (running.getString("batchStatus").equals("STARTED")) {
                    assertTrue(running.getString("remaining").startsWith("PT"), running.toString());
                    assertTrue(running.containsKey("expectedEnd"), running.toString());
                }
                browser.waitFor(By.xpath(xpath(jobRow(job)) + "//span[normalize-space()='COMPLETED']"));
                assertTrue(browser.text(jobRow(job)).contains("1 report: 1 refreshed"), browser.text(jobRow(job)));

                // Its row opens into the chart of its recent refreshes: two have run.
                browser.driver.findElement(By.xpath(xpath(reportRow("it_console_slow"))
                        + "//div[contains(@class,'ui-row-toggler')]")).click();
                By chart = By.xpath(xpath(reportRow("it_console_slow"))
                        + "/following-sibling::tr[1][contains(@class,'ui-expanded-row-content')]");
                browser.waitFor(By.xpath(xpath(chart) + "//canvas"));
                assertTrue(browser.text(chart).contains("The last 2 refreshes of it_console_slow that ran"),
                        browser.text(chart));
                assertEquals("COMPLETED", api.awaitEnd(job).getString("batchStatus"));
            } finally {
                sql.execute("DROP MATERIALIZED VIEW reports.it_console_slow");
            }
        }
    }

    @Test
    void aJobIsStoppedAndRestartedFromTheConsole() throws Exception {
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            // 15 seconds: time enough to stop the job while it runs, on a busy machine too.
            sql.execute("CREATE MATERIALIZED VIEW reports.it_console_stop_a AS SELECT g AS id"
                    + " FROM generate_series(1, 30) g, LATERAL (SELECT pg_sleep(0.5 * sign(g))) pause WITH NO DATA");
            sql.execute("CREATE MATERIALIZED VIEW reports.it_console_stop_b AS SELECT id"
                    + " FROM reports.it_console_stop_a WITH NO DATA");
            // Started on the API (as on another node): a page opened while a job runs looks every 2 seconds.
            long job = api.startJob("admin", "{\"views\":[\"it_console_stop_a\"]}");
            try (Browser browser = console()) {
                browser.waitFor(By.xpath(xpath(jobRow(job))
                        + "//li[contains(@class,'view-RUNNING')][code[text()='it_console_stop_a']]"));
                browser.driver.findElement(By.xpath(xpath(jobRow(job)) + "//button[contains(@id,':stop')]")).click();
                confirm(browser);
                awaitMessage(browser, "is asked to stop");
                browser.waitFor(By.xpath(xpath(jobRow(job)) + "//span[normalize-space()='STOPPED']"));
                assertEquals("STOPPED", api.awaitEnd(job).getString("batchStatus"));
                assertTrue(browser.text(jobRow(job)).contains("it_console_stop_b waiting"), browser.text(jobRow(job)));

                browser.driver.findElement(By.xpath(xpath(jobRow(job)) + "//button[contains(@id,':restart')]"))
                        .click();
                confirm(browser);
                long restarted = number(RESTARTED, awaitMessage(browser, "restarted as"));
                browser.waitFor(By.xpath(xpath(jobRow(restarted)) + "//span[normalize-space()='COMPLETED']"));
                assertEquals("COMPLETED", api.awaitEnd(restarted).getString("batchStatus"));
            } finally {
                sql.execute("DROP MATERIALIZED VIEW reports.it_console_stop_b, reports.it_console_stop_a");
            }
        }
    }

    @Test
    void anIntervalIsChangedInPlaceAndNeitherAnInvalidOneNorAnOutOfDateEditChangesAnything() throws Exception {
        try (Browser browser = console()) {
            setInterval(browser, "monthly_signups", "2 hours");
            awaitMessage(browser, "monthly_signups is refreshed every 2 hours from now on.");
            assertEquals("PT2H", interval("monthly_signups"));
            JsonObject recorded = ApiClient.json(api.get("admin-actions?action=SET_INTERVAL&view=monthly_signups"
                    + "&size=1", "auditor")).asJsonObject().getJsonArray("rows").getJsonObject(0);
            assertEquals("admin", recorded.getString("acted_by"));
            assertEquals("PT2H", recorded.getString("new_value"));

            setInterval(browser, "monthly_signups", "every now and then");
            String refused = awaitMessage(browser, "was not changed");
            assertTrue(refused.contains("neither '<n> minutes|hours|days' nor an ISO-8601 duration"), refused);
            assertEquals("PT2H", interval("monthly_signups"), "an invalid interval changes nothing");

            // Someone else changes it while this page still shows 2 hours: this page's edit is refused, not lost.
            assertEquals(200, api.put("schedules/monthly_signups", "admin",
                    "{\"refreshInterval\":\"3 hours\",\"expectedInterval\":\"PT2H\"}").statusCode());
            setInterval(browser, "monthly_signups", "4 hours");
            String conflict = awaitMessage(browser, "meanwhile");
            assertTrue(conflict.contains("it is 3 hours now"), conflict);
            assertEquals("PT3H", interval("monthly_signups"));
            assertEquals("3 hours", intervalField(browser, "monthly_signups").getAttribute("value"));

            HttpResponse<String> outOfDate = api.put("schedules/monthly_signups", "admin",
                    "{\"refreshInterval\":\"PT5H\",\"expectedInterval\":\"PT2H\"}");
            assertEquals(409, outOfDate.statusCode(), outOfDate.body());
            assertEquals("PT3H", ApiClient.json(outOfDate).asJsonObject().getJsonArray("details").getString(0));
        } finally {
            assertEquals(200, api.put("schedules/monthly_signups", "admin", "{\"refreshInterval\":\"\"}")
                    .statusCode());
        }
    }

    private static Browser console() throws Exception {
        Browser browser = new Browser();
        browser.open("admin/");
        browser.signIn("admin", "admin");
        browser.waitFor(By.id("console:reports"));
        return browser;
    }

    private static By reportRow(String view) {
        return By.xpath("//tbody[@id='console:reports_data']/tr[.//code[text()='" + view + "']]");
    }

    private static By jobRow(long execution) {
        return By.xpath("//tbody[@id='console:executions_data']/tr[.//span[@data-job='" + execution + "']]");
    }

    private static String xpath(By by) {
        return by.toString().substring("By.xpath: ".length());
    }

    private static WebElement intervalField(Browser browser, String view) {
        return browser.driver.findElement(By.xpath(xpath(reportRow(view)) + "//input[contains(@id,':interval')]"));
    }

    private static void setInterval(Browser browser, String view, String typed) {
        WebElement field = intervalField(browser, view);
        field.clear();
        field.sendKeys(typed);
        browser.driver.findElement(By.xpath(xpath(reportRow(view)) + "//button[contains(@id,':save-interval')]"))
                .click();
    }

    private static void confirm(Browser browser) throws Exception {
        browser.waitFor(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes"));
        Await.value("the confirmation to show", java.time.Duration.ofSeconds(10),
                () -> browser.driver.findElement(By.cssSelector(".ui-confirm-dialog .ui-confirmdialog-yes")),
                WebElement::isDisplayed).click();
    }

    /** Waits for a message of the console containing {@code part}; returns its text. */
    private static String awaitMessage(Browser browser, String part) throws Exception {
        return Await.value("a message saying '" + part + "'", java.time.Duration.ofSeconds(30), () -> {
            try {
                return browser.driver.findElements(By.cssSelector("#console\\:messages li")).stream()
                        .map(WebElement::getText).filter(text -> text.contains(part)).findFirst().orElse("");
            } catch (StaleElementReferenceException redrawnMeanwhile) {
                return "";
            }
        }, text -> !text.isEmpty());
    }

    private static long number(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertTrue(m.find(), text);
        return Long.parseLong(m.group(1));
    }

    private String interval(String view) throws Exception {
        return ApiClient.json(api.get("schedules", "admin")).asJsonObject().getJsonArray("reports").stream()
                .map(JsonValue::asJsonObject).filter(r -> r.getString("view").equals(view)).findFirst()
                .orElseThrow().getString("refreshInterval");
    }
}
