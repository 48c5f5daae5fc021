package org.mvreports.it;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver (never a downloaded browser), with the flags this
 * closed-network machine needs, and a fresh profile each time so no session leaks from one test to the next.
 */
final class Browser implements AutoCloseable {

    final WebDriver driver;

    Browser() throws IOException {
        this(1280, 1024);
    }

    /** A browser whose window is {@code width} by {@code height} CSS pixels (a phone is about 390 wide). */
    Browser(int width, int height) throws IOException {
        this(width, height, null);
    }

    /** A browser that saves downloads into {@code downloads}, without asking. */
    Browser(Path downloads) throws IOException {
        this(1280, 1024, downloads);
    }

    /** A browser whose clock is in {@code zone} (e.g. Europe/Oslo), as a reader's there is. */
    static Browser inTimeZone(String zone) throws IOException {
        return new Browser(1280, 1024, null, zone);
    }

    private Browser(int width, int height, Path downloads) throws IOException {
        this(width, height, downloads, "UTC"); // whatever the machine's zone, so that tests read known times
    }

    private Browser(int width, int height, Path downloads, String zone) throws IOException {
        ChromeOptions options = new ChromeOptions();
        if (downloads != null) {
            options.setExperimentalOption("prefs", Map.of(
                    "download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false));
        }
        options.setBinary("/usr/bin/chromium");
        // The console's messages, for tests that require a page to run with nothing refused (its security policy).
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=" + width + "," + height,
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService.Builder service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .usingAnyFreePort();
        service.withEnvironment(Map.of("TZ", zone)); // Chromium takes its zone from TZ, as any Linux program does
        driver = new ChromeDriver(service.build(), options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    void open(String pathUnderApplication) {
        driver.get(TestStack.applicationUrl() + pathUnderApplication);
    }

    void openUrl(String url) {
        driver.get(url);
    }

    /** Fills in the login form and submits it. */
    void signIn(String user, String password) {
        waitFor(By.id("login:username"));
        driver.findElement(By.id("login:username")).sendKeys(user);
        driver.findElement(By.id("login:password")).sendKeys(password);
        driver.findElement(By.id("login:submit")).click();
    }

    /** Waits for an element; on timeout keeps a screenshot and the page source in target/browser-failures. */
    void waitFor(By element) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(30))
                    .until(ExpectedConditions.presenceOfElementLocated(element));
        } catch (TimeoutException e) {
            keepEvidence(element.toString());
            throw e;
        }
    }

    private void keepEvidence(String what) {
        try {
            Path folder = Files.createDirectories(Path.of("target", "browser-failures"));
            String name = System.currentTimeMillis() + "-" + what.replaceAll("[^A-Za-z0-9]+", "_");
            Files.write(folder.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            Files.writeString(folder.resolve(name + ".html"), driver.getCurrentUrl() + "\n" + driver.getPageSource());
        } catch (IOException | RuntimeException e) {
            // Evidence is a courtesy; the test fails with its own exception either way.
        }
    }

    /** Saves what the window shows as a PNG. */
    /** The whole page, not only the window's part of it (the window grows for the picture, then shrinks back). */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Dimension window = driver.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(),
                (int) Math.min(Math.max(height + 140, window.getHeight()), 6000)));
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    /**
     * What the page's console reported as errors since the last call (scripts or styles the page's
     * Content-Security-Policy refused show up here).
     */
    List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage)
                .toList();
    }

    String text(By element) {
        waitFor(element);
        return driver.findElement(element).getText();
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** Adds a filter with the filter bar of a table page and waits for the page to reload at its new address. */
    void addFilter(String column, String condition, String value, String inUrl) {
        choose("filter-bar:filter-column", column);
        choose("filter-bar:filter-condition", condition);
        waitFor(By.id("filter-bar:filter-value"));
        driver.findElement(By.id("filter-bar:filter-value")).sendKeys(value);
        driver.findElement(By.id("filter-bar:add-filter")).click();
        awaitUrl(inUrl);
        waitFor(By.cssSelector("[id='table-form:rows'] tbody tr"));
    }

    /**
     * Picks an option of a PrimeFaces select by its label. Each choice re-renders the filter bar, and a re-render still
     * under way may replace the select or its panel between a click and the next; so the wait repeats the whole
     * gesture (open the panel if none is shown, click the option if shown) until the select shows the label.
     */
    void choose(String id, String label) {
        waitFor(By.id(id));
        By option = By.cssSelector("[id='" + id + "_items'] li[data-label='" + label + "']");
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .ignoring(StaleElementReferenceException.class)
                .ignoring(ElementNotInteractableException.class)
                .until(driver -> {
                    if (driver.findElement(By.id(id + "_label")).getText().equals(label)) {
                        return true;
                    }
                    Optional<WebElement> shown = driver.findElements(option).stream()
                            .filter(WebElement::isDisplayed).findFirst();
                    if (shown.isPresent()) {
                        shown.get().click();
                    } else {
                        driver.findElement(By.id(id)).click();
                    }
                    return false;
                });
    }

    void awaitUrl(String part) {
        new WebDriverWait(driver, Duration.ofSeconds(30))
                .until(driver -> driver.getCurrentUrl().contains(part));
    }

    /** The file of that extension once Chromium has downloaded it into {@code folder}. */
    static Path awaitDownload(Path folder, String extension) throws Exception {
        Predicate<Path> done = file -> file.toString().endsWith(extension);
        // What is seen is the folder's files: Chromium's .crdownload while the download is still under way.
        List<Path> files = Await.value("a " + extension + " file to be downloaded", Duration.ofSeconds(60), () -> {
            try (Stream<Path> listed = Files.list(folder)) {
                return listed.toList();
            }
        }, listed -> listed.stream().anyMatch(done));
        return files.stream().filter(done).findFirst().orElseThrow();
    }
}
