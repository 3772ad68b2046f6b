package dev.dispositions.gateway.console;

import dev.dispositions.gateway.GatewayIntegrationTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium (Debian's chromium and chromium-driver, as .ci/run installs them), one browser per
 * test class. Screenshots go to target/console-screenshots (the README's are copies of them).
 */
abstract class ChromiumTest extends GatewayIntegrationTest {
    protected static WebDriver browser;
    protected static WebDriverWait wait;

    @BeforeAll
    static void startChromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver", "/usr/bin/chromedriver"))).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    protected String url(String hash) {
        return "http://localhost:" + port + "/console/index.html" + hash;
    }

    protected WebElement shown(By by) {
        try {
            return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not shown: " + by + "; the page says: " + browser.findElement(By.tagName("body")).getText(), e);
        }
    }

    protected void screenshot(String name) throws Exception {
        Path dir = Path.of("target/console-screenshots");
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    protected void signIn() {
        signIn(ADMIN_KEY);
    }

    protected void signIn(String apiKey) {
        browser.get(url("#/"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        WebElement key = shown(By.id("api-key"));
        key.clear();
        key.sendKeys(apiKey);
        browser.findElement(By.cssSelector("#sign-in button")).click();
    }

}
