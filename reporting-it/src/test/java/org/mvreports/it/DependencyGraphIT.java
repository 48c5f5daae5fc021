package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console's dependency graph in Chromium, as admin: every report of the catalog and every relation they read is a
 * node (counted independently, from PostgreSQL's catalog), for the demo and with 200 more generated views; the search
 * focuses one; a report is recoloured while it refreshes; a report clicked is refreshed from the page.
 */
class DependencyGraphIT {

    /** The reports, and the distinct relations they read that are not reports: from pg_depend, as the engine reads. */
    private static final String COUNTS = """
            WITH reads AS (
                SELECT DISTINCT v.oid AS report, d.refobjid AS relation
                FROM pg_class v
                JOIN pg_namespace n ON n.oid = v.relnamespace AND n.nspname = 'reports'
                JOIN pg_rewrite r ON r.ev_class = v.oid
                JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                                AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> v.oid
                WHERE v.relkind = 'm')
            SELECT (SELECT count(*) FROM pg_class v JOIN pg_namespace n ON n.oid = v.relnamespace
                    WHERE n.nspname = 'reports' AND v.relkind = 'm'),
                   (SELECT count(DISTINCT relation) FROM reads
                    WHERE relation NOT IN (SELECT report FROM reads))""";

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @Test
    void everyReportAndSourceIsDrawnAndSearchFocusesOne() throws Exception {
        try (Browser browser = graph()) {
            assertNodeCounts(browser);
            WebElement search = browser.driver.findElement(By.id("graph-search"));
            search.sendKeys("monthly_signups", Keys.ENTER);
            Await.until("the search to select monthly_signups", Duration.ofSeconds(10), () -> "monthly_signups"
                    .equals(js(browser, "var s = mvrGraph.$('node:selected'); return s.length === 1 ?"
                            + " s[0].data('name') : null;")));
            assertTrue(browser.text(By.id("graph-details")).startsWith("Signups per month (monthly_signups)"),
                    browser.text(By.id("graph-details")));
        }
    }

    @Test
    void twoHundredGeneratedViewsAreAllDrawn() throws Exception {
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            sql.execute("CREATE MATERIALIZED VIEW reports.it_graph_0 AS SELECT id FROM demo.users WITH NO DATA");
            for (int i = 1; i < 200; i++) {
                // Chains and fans: each reads one of the ten views before it.
                sql.execute("CREATE MATERIALIZED VIEW reports.it_graph_" + i + " AS SELECT id FROM reports.it_graph_"
                        + Math.max(0, i - 1 - i % 10) + " WITH NO DATA");
            }
            try (Browser browser = graph()) {
                assertEquals(200L, ((Number) js(browser, "return mvrGraph.nodes('.report').filter("
                        + "function (n) { return n.data('name').indexOf('it_graph_') === 0; }).length;"))
                        .longValue());
                assertNodeCounts(browser);
            } finally {
                for (int i = 199; i >= 0; i--) {
                    sql.execute("DROP MATERIALIZED VIEW reports.it_graph_" + i);
                }
            }
        }
    }

    @Test
    void aReportIsRecolouredWhileItRefreshesAndCanBeRefreshedFromThePage() throws Exception {
        try (Connection db = TestStack.database(); Statement sql = db.createStatement()) {
            sql.execute("CREATE MATERIALIZED VIEW reports.it_graph_slow AS SELECT g AS id"
                    + " FROM generate_series(1, 20) g, LATERAL (SELECT pg_sleep(0.5 * sign(g))) pause WITH NO DATA");
            try (Browser browser = graph()) {
                String node = "mvrGraph.getElementById('reports.it_graph_slow')";
                Await.until("the graph to show it_graph_slow", Duration.ofSeconds(30),
                        () -> Boolean.TRUE.equals(js(browser, "return " + node + ".length === 1;")));
                assertEquals(Boolean.FALSE, js(browser, "return " + node + ".hasClass('refreshing');"));

                // Picked in the picture, refreshed from the page.
                js(browser, node + ".emit('tap');");
                assertEquals("it_graph_slow",
                        browser.driver.findElement(By.id("graph-refresh:views")).getAttribute("value"));
                browser.driver.findElement(By.id("graph-refresh:refresh")).click();
                browser.waitFor(By.xpath("//*[@id='graph-refresh:messages']//*[contains(text(),'started')]"));

                Await.until("it_graph_slow to be drawn as refreshing", Duration.ofSeconds(30),
                        () -> Boolean.TRUE.equals(js(browser, "return " + node + ".hasClass('refreshing');")));
                Await.until("it_graph_slow to be drawn as refreshed", Duration.ofSeconds(60),
                        () -> Boolean.TRUE.equals(js(browser, "return " + node + ".hasClass('success');")));
            } finally {
                sql.execute("DROP MATERIALIZED VIEW reports.it_graph_slow");
            }
        }
    }

    private static Browser graph() throws Exception {
        Browser browser = new Browser();
        browser.open("admin/graph.xhtml");
        browser.signIn("admin", "admin");
        browser.waitFor(By.id("dependency-graph"));
        Await.until("the graph to be drawn", Duration.ofSeconds(30),
                () -> Boolean.TRUE.equals(js(browser, "return !!window.mvrGraph && mvrGraph.nodes().length > 0;")));
        return browser;
    }

    private void assertNodeCounts(Browser browser) throws Exception {
        long reports;
        long sources;
        try (Connection db = TestStack.database(); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery(COUNTS)) {
            rs.next();
            reports = rs.getLong(1);
            sources = rs.getLong(2);
        }
        assertEquals(reports, ((Number) js(browser, "return mvrGraph.nodes('.report').length;")).longValue());
        assertEquals(sources, ((Number) js(browser, "return mvrGraph.nodes('.source').length;")).longValue());
        assertEquals(reports, (long) ApiClient.json(api.get("reports", "demo")).asJsonArray().size(),
                "the catalog lists the same reports");
    }

    private static Object js(Browser browser, String script) {
        return ((JavascriptExecutor) browser.driver).executeScript(script);
    }
}
