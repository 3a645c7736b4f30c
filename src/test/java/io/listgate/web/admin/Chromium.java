package io.listgate.web.admin;

import io.listgate.support.Prerequisites;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless chromium through {@code /usr/bin/chromedriver}, so Selenium never downloads a driver. */
final class Chromium {

    private Chromium() {
    }

    /** Starts a browser with the flags a container needs, plus whatever {@code options} already holds. */
    static WebDriver start(ChromeOptions options) {
        Prerequisites.file(Path.of("/usr/bin/chromium"), "chromium");
        Prerequisites.file(Path.of("/usr/bin/chromedriver"), "chromium-driver");
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }
}
