package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.HttpsTestServer;
import io.listgate.support.TestUsers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin pages in headless chromium over HTTPS, on the HTTPS-only test server. The browser is told
 * to accept the test authority's certificate, as a person would accept it once.
 */
class AdminHttpsIT {

    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void startTheBrowser() {
        base = HttpsTestServer.shared().base();
        ChromeOptions options = new ChromeOptions();
        options.setAcceptInsecureCerts(true);
        browser = Chromium.start(options);
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aUserSignsInOverHttpsAndGetsASecureSessionCookie() {
        // when
        browser.get(base + "/admin/login");
        browser.findElement(By.id("username")).sendKeys(TestUsers.ACME_USER);
        browser.findElement(By.id("password")).sendKeys(TestUsers.ACME_PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> b.getCurrentUrl().endsWith("/admin/jobs"));

        // then
        assertTrue(browser.getCurrentUrl().startsWith(base + "/admin/jobs"), browser.getCurrentUrl());
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("Import jobs"), browser.getPageSource());
        Cookie session = browser.manage().getCookieNamed(AdminServlet.SESSION_COOKIE);
        assertTrue(session.isSecure(), "the session cookie is Secure over HTTPS");
        assertTrue(session.isHttpOnly());

        // when signing out
        browser.findElement(By.id("sign-out")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> b.getCurrentUrl().contains("/admin/login"));

        // then
        assertEquals(base + "/admin/login", browser.getCurrentUrl().replaceAll("\\?.*", ""));
    }
}
