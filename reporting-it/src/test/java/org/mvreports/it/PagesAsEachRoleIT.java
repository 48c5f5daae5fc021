package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;

/**
 * Every page as each role sees it, in a wide and a narrow (phone) window: it renders as the application's page (no
 * server error page, no stack trace, no error in the browser's console: nothing refused by the Content-Security-Policy),
 * and a screenshot is kept in {@code target/screenshots} for people to look at
 * (name: page, role, width).
 */
class PagesAsEachRoleIT {

    /**
     * The pages, by their path under the application, each with what it shows those who may open it, and who may
     * (the roles, comma separated; "" for everyone signed in).
     */
    private static final List<String[]> PAGES = List.of(
            new String[] {"", "catalog-page", "catalog", ""},
            new String[] {"reports/report.xhtml?name=monthly_signups", "report-monthly-signups", "chart", "viewer"},
            new String[] {"reports/report.xhtml?name=shipment_status&sort=-shipped_at&filter=destination:in:Oslo,Rome",
                    "report-shipment-status", "table-form", "viewer"},
            new String[] {"history/", "refresh-history", "table-form", "admin,auditor"},
            new String[] {"history/?filter=outcome:eq:SUCCEEDED&sort=-duration_ms", "refresh-history-filtered",
                    "table-form", "admin,auditor"},
            new String[] {"history/exports.xhtml", "export-record", "table-form", "auditor"},
            new String[] {"history/admin-actions.xhtml", "admin-actions", "table-form", "auditor"},
            new String[] {"admin/", "console", "console:reports", "admin"},
            new String[] {"admin/graph.xhtml", "dependency-graph", "dependency-graph", "admin"},
            new String[] {"admin/alerts.xhtml", "alerts", "alerts:webhooks", "admin"},
            new String[] {"api-docs.xhtml", "api-docs", "swagger-ui", ""});

    private static final List<String> ROLES = List.of("viewer", "admin", "auditor");

    private static final int[][] WINDOWS = {{1280, 900}, {390, 844}};

    static List<Object[]> pagesRolesAndWindows() {
        return PAGES.stream().flatMap(page -> ROLES.stream().flatMap(role -> java.util.Arrays.stream(WINDOWS)
                .map(window -> new Object[] {page[0], page[1], page[2], page[3], role, window[0], window[1]})))
                .toList();
    }

    @ParameterizedTest(name = "{1} as {4}, {5} px wide")
    @MethodSource("pagesRolesAndWindows")
    void rendersAsTheApplicationsPage(String path, String name, String whoMaySees, String mayOpenIt, String role,
                                      int width, int height) throws Exception {
        try (Browser browser = new Browser(width, height)) {
            browser.open(path);
            browser.signIn(role, role);
            boolean mayOpen = mayOpenIt.isEmpty() || List.of(mayOpenIt.split(",")).contains(role);
            browser.waitFor(mayOpen ? By.id(whoMaySees) : By.tagName("h1"));
            if (!mayOpen) {
                assertTrue(browser.text(By.tagName("h1")).equals("Not allowed"), "other roles get the 403 page");
            }
            if (path.isEmpty() && role.equals("viewer")) {
                assertTrue(browser.driver.findElement(By.linkText("Signups per month")).isDisplayed(),
                        "every report can be opened from the catalog, on a phone too");
            }
            String body = browser.driver.findElement(By.tagName("body")).getText();
            assertFalse(body.contains("Exception") || body.contains("HTTP Status") || body.contains("Stack"),
                    name + " as " + role + ": " + body);
            assertTrue(browser.driver.getTitle().endsWith("MV Reports"), browser.driver.getTitle());
            // Nothing the page needs was refused by its Content-Security-Policy (or failed otherwise). A 403 page
            // logs its own status, which is no failure of the page.
            assertEquals(List.of(), browser.consoleErrors().stream()
                    .filter(error -> !error.contains("403 (Forbidden)")).toList(), name + " as " + role);
            browser.screenshot(Path.of("target", "screenshots", name + "-" + role + "-" + width + ".png"));
        }
    }

    /** A mistyped address gets the application's own "not found" page with a way back, never the server's. */
    @ParameterizedTest(name = "{0} px wide")
    @MethodSource("windows")
    void anUnknownAddressShowsTheApplicationsNotFoundPage(int width, int height) throws Exception {
        try (Browser browser = new Browser(width, height)) {
            browser.open("");
            browser.signIn("viewer", "viewer");
            browser.waitFor(By.id("catalog"));
            browser.open("reports/no-such-page.xhtml");
            assertEquals("Page not found", browser.text(By.tagName("h1")));
            assertEquals("Page not found — MV Reports", browser.driver.getTitle());
            browser.screenshot(Path.of("target", "screenshots", "not-found-viewer-" + width + ".png"));
            browser.driver.findElement(By.linkText("Back to the report catalog")).click();
            browser.waitFor(By.id("catalog"));
        }
    }

    static List<Object[]> windows() {
        return java.util.Arrays.stream(WINDOWS).map(window -> new Object[] {window[0], window[1]}).toList();
    }
}
