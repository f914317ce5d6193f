package ai.mirroros.licensing.web;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Test helper: Debian's headless Chromium driven through its chromedriver. Both paths are given to Selenium, so
 * Selenium Manager never looks for (or downloads) a browser or a driver. Without them the tests are skipped, unless
 * {@code LICENSING_BROWSER_TESTS=required} (as in {@code .ci/run}), where a missing browser fails them.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String REQUIRED_ENV = "LICENSING_BROWSER_TESTS";
    static final int DESKTOP_WIDTH = 1440;
    static final int MOBILE_WIDTH = 390;
    /** A screenshot taller than this is cut: a page that long is a bug of its own, and the PNG stays reviewable. */
    private static final int SCREENSHOT_HEIGHT_MAX = 9000;

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test class when Chromium or its driver is missing, or fails it when they are required. */
    static void requireInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (installed) {
            return;
        }
        String message = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install chromium chromium-driver)";
        if ("required".equals(System.getenv(REQUIRED_ENV))) {
            Assertions.fail(message + "; " + REQUIRED_ENV + "=required, so their absence is a failure");
        }
        Assumptions.abort(message + "; skipped (set " + REQUIRED_ENV + "=required to fail instead)");
    }

    static Browser start() {
        Path profile;
        try {
            profile = Files.createTempDirectory("licensing-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
                "--force-prefers-reduced-motion", "--lang=en-US", "--window-size=" + DESKTOP_WIDTH + ",1000",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new Browser(driver, profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** The console entries since the last call (the driver hands each entry out once). */
    List<LogEntry> consoleEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** The whole page at {@code width} pixels wide, as a PNG under {@code target/screenshots/}. */
    Path screenshot(String name, int width) {
        Dimension before = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new Dimension(width, 1000));
            settle();
            long height = (Long) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
            driver.manage().window().setSize(new Dimension(width, (int) Math.min(height, SCREENSHOT_HEIGHT_MAX)));
            driver.executeScript("window.scrollTo(0, 0)");
            settle();
            Path file = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** Lets the page lay itself out again after a resize (Chart.js redraws on the next animation frame). */
    private void settle() {
        driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile.toFile());
        }
    }

    private static void deleteQuietly(File file) {
        File[] children = file.listFiles();
        if (children != null) {
            for (File child : children) {
                deleteQuietly(child);
            }
        }
        file.delete();
    }
}
