package org.mvreports.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The API page ({@code api-docs.xhtml}): Swagger UI shows the application's operations, grouped by the tags of its
 * description and only this application's, and "Try it out" runs a call as the user signed in on the page.
 */
class ApiDocsPageIT {

    @Test
    void showsTheApisOperationsByTagAndTryItOutRunsAsTheSignedInUser() throws Exception {
        try (Browser browser = new Browser(1280, 900)) {
            browser.open("api-docs.xhtml");
            browser.signIn("viewer", "viewer");
            browser.waitFor(By.cssSelector("#swagger-ui[data-rendered='true'] .opblock"));

            Set<String> tags = browser.driver.findElements(By.cssSelector(".opblock-tag")).stream()
                    .map(tag -> tag.getAttribute("data-tag")).collect(Collectors.toSet());
            assertEquals(Set.of("Reports", "Refresh jobs", "Schedules", "History", "Console", "Alerts"), tags);
            List<String> paths = browser.driver.findElements(By.cssSelector(".opblock-summary-path")).stream()
                    .map(path -> path.getAttribute("data-path")).toList();
            assertTrue(paths.stream().allMatch(path -> path.startsWith("/api/")), "only this API: " + paths);
            assertTrue(paths.contains("/api/reports/{name}/rows"), paths.toString());

            WebElement catalog = browser.driver.findElement(By.id("operations-Reports-reports"));
            catalog.findElement(By.cssSelector(".opblock-summary")).click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(driver ->
                    catalog.findElements(By.cssSelector(".try-out__btn")).size() == 1);
            catalog.findElement(By.cssSelector(".try-out__btn")).click();
            catalog.findElement(By.cssSelector(".execute")).click();
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(driver ->
                    !catalog.findElements(By.cssSelector(".live-responses-table tbody .response-col_status")).isEmpty());
            String status = catalog.findElement(By.cssSelector(".live-responses-table tbody .response-col_status"))
                    .getText().trim();
            assertTrue(status.startsWith("200"), "the catalog, read as viewer: " + status);
            assertTrue(catalog.findElement(By.cssSelector(".live-responses-table tbody .microlight")).getText()
                    .contains("monthly_signups"), "the catalog's reports are in the answer");
        }
    }
}
