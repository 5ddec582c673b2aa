package io.cellota.server.app;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium driven by Selenium: Debian's {@code chromium} and {@code chromedriver}
 * ({@code apt-get install chromium chromium-driver}, as README and .ci/run do), never a browser downloaded at run time.
 * Started with the flags this machine needs (no sandbox as root, no background networking in a closed network) and
 * a fresh profile, in a laptop-sized window. Waits are WebDriverWaits on what the page shows, never sleeps.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    private Browser(ChromeDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    /** A browser on a fresh profile, for the server at {@code base} (http://127.0.0.1:port). */
    static Browser open(String base) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromedriver: "
                    + "apt-get install chromium chromium-driver");
        }
        Path profile = Files.createTempDirectory("cellota-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1440,1000", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile, base);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Goes to a page of the console, e.g. {@code /#/firmware}. */
    void go(String path) {
        driver.get(base + path);
    }

    /** Waits until {@code by} is visible and returns it. */
    WebElement visible(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits until an element {@code by} shows {@code text}. */
    void text(By by, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    /** Signs in through the sign-in form and waits for the console's header. */
    void signIn(String name, String password) {
        go("/");
        visible(By.id("signin-name")).sendKeys(name);
        driver.findElement(By.id("signin-password")).sendKeys(password);
        driver.findElement(By.id("signin-submit")).click();
        text(By.id("whoami"), name);
    }

    /** A PNG of the window into {@code file}. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        driver.executeScript("window.scrollTo(0, 0);");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    /** What the page wrote to its console (errors included), for a failing test's output. */
    String consoleLog() {
        StringBuilder out = new StringBuilder();
        driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(e -> out.append(e.getLevel()).append(' ').append(e.getMessage()).append('\n'));
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            String log = consoleLog();
            if (!log.isEmpty()) {
                System.out.println("browser console:\n" + log);
            }
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
