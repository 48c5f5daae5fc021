package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The catalog of a site with hundreds of reports, in a real browser: 200 generated reports in ten sections (every
 * tenth without one, listed under "Other"), a search over title, name and description, a "needs attention" filter,
 * collapsible sections, and all of it in the address, so that reloading or bookmarking it shows the same. Refresh
 * administrators see the reports whose files have lines that could not be used; viewers do not.
 */
class CatalogPageIT {

    private static final int REPORTS = 200;

    /** The generated reports' names, it_many_001 to it_many_200. */
    private static String name(int i) {
        return "it_many_%03d".formatted(i);
    }

    /** Every seventh report's description speaks of quarterly revenue. */
    private static boolean aboutRevenue(int i) {
        return i % 7 == 0;
    }

    /** The first hundred are refreshed before the tests; the others have no data yet and need attention. */
    private static boolean refreshed(int i) {
        return i <= 100;
    }

    private final ApiClient api = new ApiClient(TestStack.applicationUrl());

    @BeforeAll
    static void twoHundredReports() throws Exception {
        sql("""
                DO $$
                BEGIN
                    FOR i IN 1..%d LOOP
                        EXECUTE format('CREATE MATERIALIZED VIEW reports.it_many_%%s AS SELECT g AS id'
                                       ' FROM generate_series(1, %%s) g WITH NO DATA', lpad(i::text, 3, '0'), i);
                        EXECUTE format('CREATE UNIQUE INDEX it_many_%%s_id ON reports.it_many_%%s (id)',
                                       lpad(i::text, 3, '0'), lpad(i::text, 3, '0'));
                        EXECUTE format('COMMENT ON MATERIALIZED VIEW reports.it_many_%%s IS %%L',
                                       lpad(i::text, 3, '0'),
                                       'title: Generated report ' || lpad(i::text, 3, '0') || E'\\n'
                                       || 'description: ' || CASE WHEN i %% 7 = 0 THEN 'Quarterly revenue of'
                                                                  ELSE 'Counts of' END
                                       || ' area ' || (i %% 10) || E'\\n'
                                       || CASE WHEN i %% 10 = 0 THEN '' ELSE 'section: Area ' || (i %% 10) END
                                       || CASE WHEN i = 42 THEN E'\\nrefresh-interval: 1 fortnight' ELSE '' END);
                    END LOOP;
                END $$""".formatted(REPORTS));
        ApiClient admin = new ApiClient(TestStack.applicationUrl());
        String views = IntStream.rangeClosed(1, REPORTS).filter(CatalogPageIT::refreshed)
                .mapToObj(i -> "\"" + name(i) + "\"").collect(Collectors.joining(","));
        long job = admin.startJob("admin", "{\"views\":[" + views + "],\"includeDependents\":false}");
        assertEquals("COMPLETED", admin.awaitEnd(job).getString("batchStatus"));
    }

    @AfterAll
    static void dropThem() throws Exception {
        sql("""
                DO $$
                BEGIN
                    FOR i IN 1..%d LOOP
                        EXECUTE format('DROP MATERIALIZED VIEW IF EXISTS reports.it_many_%%s', lpad(i::text, 3, '0'));
                    END LOOP;
                END $$""".formatted(REPORTS));
    }

    @Test
    void aViewerSearchesFiltersAndFoldsTheCatalogAndTheAddressKeepsIt() throws Exception {
        try (Browser browser = new Browser(1280, 900)) {
            browser.open("");
            browser.signIn("viewer", "viewer");
            browser.waitFor(By.id("catalog"));
            assertTrue(shownNames(browser).containsAll(names(i -> true)), "all 200 are listed");
            assertEquals(List.of("Area 1", "Area 2", "Area 3", "Area 4", "Area 5", "Area 6", "Area 7", "Area 8",
                    "Area 9", "Shipments", "Uploads", "Users", "Other"), sectionNames(browser),
                    "sections by name (the demo reports' too), Other last");

            WebElement search = browser.driver.findElement(By.id("catalog-query"));
            search.sendKeys("quarterly REVENUE", Keys.ENTER);
            awaitUrl(browser, "q=quarterly+REVENUE");
            assertEquals(names(CatalogPageIT::aboutRevenue), shownNames(browser));
            String count = browser.text(By.id("catalog-count"));
            assertTrue(count.startsWith(names(CatalogPageIT::aboutRevenue).size() + " of "), count);
            assertTrue(count.contains("Show every report"), count);

            browser.driver.findElement(By.id("catalog-attention")).click();
            awaitUrl(browser, "attention=1");
            assertEquals(names(i -> aboutRevenue(i) && !refreshed(i)), shownNames(browser),
                    "only the reports without data yet need attention here");

            // Fold "Area 7": the address says so, and a reload (a bookmark) keeps the search, filter and fold.
            WebElement area7 = section(browser, "Area 7");
            area7.findElement(By.tagName("summary")).click();
            awaitUrl(browser, "collapsed=Area+7");
            browser.driver.navigate().refresh();
            browser.waitFor(By.id("catalog"));
            assertFalse(section(browser, "Area 7").getAttribute("open") != null, "still folded after a reload");
            assertEquals("quarterly REVENUE", browser.driver.findElement(By.id("catalog-query"))
                    .getAttribute("value"));
            assertTrue(browser.driver.findElement(By.id("catalog-attention")).isSelected());
            browser.screenshot(Path.of("target", "screenshots", "catalog-200-searched-viewer-1280.png"));

            browser.driver.findElement(By.id("show-every-report")).click();
            awaitUrl(browser, "collapsed=Area+7");
            assertTrue(shownNames(browser).containsAll(names(i -> true)));
            assertTrue(browser.driver.findElements(By.className("definition-problems")).isEmpty(),
                    "a viewer is not shown the problems of reports' files");
        }
    }

    @Test
    void aRefreshAdministratorSeesWhichReportsFilesHaveProblems() throws Exception {
        for (int[] window : new int[][] {{1280, 900}, {390, 844}}) {
            try (Browser browser = new Browser(window[0], window[1])) {
                browser.open("index.xhtml?q=" + name(42));
                browser.signIn("admin", "admin");
                browser.waitFor(By.className("definition-problems"));
                String problems = browser.text(By.className("definition-problems"));
                assertTrue(problems.contains("refresh-interval: 1 fortnight"), problems);
                assertTrue(problems.contains("the default, 1 day, applies"), problems);
                assertEquals(Set.of(name(42)), shownNames(browser));
                browser.screenshot(Path.of("target", "screenshots", "catalog-problems-admin-" + window[0] + ".png"));
            }
        }
        assertTrue(ApiClient.json(api.get("reports/" + name(42), "viewer")).asJsonObject().getJsonObject("report")
                .getJsonArray("problems").size() == 1);
    }

    private static Set<String> names(java.util.function.IntPredicate which) {
        return IntStream.rangeClosed(1, REPORTS).filter(which).mapToObj(CatalogPageIT::name)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The view names of the reports listed, generated ones only. */
    private static Set<String> shownNames(Browser browser) {
        return browser.driver.findElements(By.cssSelector("#catalog .report-view code")).stream()
                .map(e -> e.getAttribute("textContent").trim()).filter(n -> n.startsWith("it_many_"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> sectionNames(Browser browser) {
        return browser.driver.findElements(By.cssSelector("details.catalog-section")).stream()
                .map(e -> e.getAttribute("data-section")).toList();
    }

    private static WebElement section(Browser browser, String name) {
        return browser.driver.findElements(By.cssSelector("details.catalog-section")).stream()
                .filter(e -> name.equals(e.getAttribute("data-section"))).findFirst().orElseThrow();
    }

    private static void awaitUrl(Browser browser, String part) throws Exception {
        Await.until("the address to hold " + part, Duration.ofSeconds(30),
                () -> browser.driver.getCurrentUrl().contains(part));
        browser.waitFor(By.id("catalog"));
    }

    private static void sql(String sql) throws SQLException {
        try (Connection db = TestStack.database(); Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }
}
