package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin pages in a real browser: Debian's headless chromium through {@code /usr/bin/chromedriver}
 * against the shared test server, with one finished acme import that rejected rows.
 */
class AdminPagesIT {

    private static WebDriver browser;
    private static ImportSteps.Job job;
    private static String base;
    private static AdminHttp http;
    /** Where the browser saves downloads. */
    private static Path downloads;

    @BeforeAll
    static void importAndStartTheBrowser() {
        ImportSteps acme = ImportSteps.acme();
        MappingXml mapping = MappingXml.create(ImportSteps.unique("Admin Pages")).key("EMAIL", 9).column("Name", 0)
                .map("EMAIL", "Name");
        job = acme.run(mapping, """
                Email,Name
                ada@example.org,Ada
                not-an-email,<b>Bad</b>
                grace@example.org,Grace
                ,Nobody
                ada@example.org,Ada Again
                """);
        assertEquals("COMPLETE", job.status(), job.description());
        base = "http://127.0.0.1:" + TestServer.shared().httpPort();
        http = new AdminHttp(TestServer.shared().httpPort());

        try {
            downloads = Files.createTempDirectory("admin-downloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        browser = Chromium.start(options);
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.get(base + "/admin/login");
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    private void signIn(String username, String password) {
        browser.get(base + "/admin/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        clickAndWait(browser.findElement(By.id("sign-in")));
    }

    /** Clicks and waits until the next page replaced this one (a click does not wait for navigation). */
    private static void clickAndWait(WebElement element) {
        element.click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> isGone(element));
    }

    /** Stale; chromedriver sometimes says so as "node does not belong to the document" instead. */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    private static String sessionCookie() {
        Cookie c = browser.manage().getCookieNamed(AdminServlet.SESSION_COOKIE);
        return c.getName() + "=" + c.getValue();
    }

    private static void screenshot(String name) throws IOException {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aSignedInUserSeesTheFinishedImportOpensItsRejectedRowsDownloadsTheErrorFileAndSignsOut() throws IOException {
        // given
        signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);

        // then the jobs list shows the job, newest first, finished
        assertTrue(browser.getCurrentUrl().endsWith("/admin/jobs"), browser.getCurrentUrl());
        WebElement row = browser.findElement(By.id("job-" + job.id()));
        assertTrue(row.getText().contains("COMPLETE"), row.getText());
        assertTrue(row.getText().contains("100%"), row.getText());
        List<WebElement> rows = browser.findElements(By.cssSelector("#jobs tbody tr"));
        List<Long> ids = rows.stream().map(r -> Long.parseLong(r.getAttribute("id").substring(4))).toList();
        assertEquals(ids.stream().sorted(Comparator.reverseOrder()).toList(), ids, "newest first");
        screenshot("admin-jobs.png");

        // when the job is opened
        clickAndWait(row.findElement(By.linkText(String.valueOf(job.id()))));

        // then the summary comes first: status, counts, rejected rows by reason, both result files
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("Job " + job.id()));
        WebElement summary = browser.findElement(By.id("summary"));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(
                "return arguments[0].compareDocumentPosition(document.getElementById('parameters'))"
                        + " === Node.DOCUMENT_POSITION_FOLLOWING && !!arguments[0].querySelector('.status-complete');", summary));
        assertEquals("2", browser.findElement(By.id("count-added")).getText());
        assertEquals("0", browser.findElement(By.id("count-updated")).getText());
        assertEquals("3", browser.findElement(By.id("count-rejected")).getText());
        String reasons = browser.findElement(By.id("rejected-by-reason")).getText();
        assertTrue(reasons.contains("BAD_EMAIL 1") && reasons.contains("DUPLICATE 1"), reasons);
        HttpResponse<String> report = http.get("/admin/jobs/" + job.id() + "/result-file", sessionCookie());
        assertEquals(200, report.statusCode());
        assertTrue(report.body().contains("TOTAL_ROWS"), report.body());
        assertEquals(job.id() + ".res", browser.findElement(By.id("result-file")).getText().replaceAll(".* (\\S+\\.res).*", "$1"));
        // the mapping file is folded until asked for
        assertFalse(browser.findElement(By.id("mapping")).isDisplayed(), "the mapping shows before it is unfolded");
        browser.findElement(By.cssSelector("#mapping-details summary")).click();
        assertTrue(browser.findElement(By.id("mapping")).getText().contains("LIST_IMPORT"));
        // its parameters and rejected rows are there, markup in values shown as text
        String parameters = browser.findElement(By.id("parameters")).getText();
        assertTrue(parameters.contains("TOTAL_ROWS 5") && parameters.contains("BAD_ADDRESSES 2"), parameters);
        String rejected = browser.findElement(By.id("rejected")).getText();
        assertTrue(rejected.contains("BAD_EMAIL") && rejected.contains("not-an-email"), rejected);
        assertTrue(rejected.contains("DUPLICATE"), rejected);
        screenshot("admin-job.png");

        // when the error file link is clicked, the browser saves the CSV
        WebElement link = browser.findElement(By.id("error-file"));
        String href = link.getAttribute("href");
        link.click();
        Path saved = downloads.resolve(job.id() + ".err");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> Files.isRegularFile(saved));
        String csv = Files.readString(saved);
        assertTrue(csv.startsWith("ROW,") && csv.contains("not-an-email"), csv);
        HttpResponse<String> served = http.get(href.substring(base.length()), sessionCookie());
        assertTrue(served.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        assertEquals(302, http.get(href.substring(base.length()), null).statusCode(),
                "without a session the file is not served: sign in first");

        // when signing out
        clickAndWait(browser.findElement(By.id("sign-out")));

        // then
        assertTrue(browser.getCurrentUrl().contains("/admin/login"), browser.getCurrentUrl());
        browser.get(base + "/admin/jobs/" + job.id());
        assertTrue(browser.getCurrentUrl().contains("/admin/login?next="), browser.getCurrentUrl());
    }

    @Test
    void anotherOrganizationsUserNeitherListsNorOpensTheJob() {
        signIn(TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD);

        assertTrue(browser.getCurrentUrl().endsWith("/admin/jobs"), browser.getCurrentUrl());
        assertTrue(browser.findElements(By.id("job-" + job.id())).isEmpty(), "acme's job listed for globex");

        browser.get(base + "/admin/jobs/" + job.id());
        assertEquals("Not found", browser.findElement(By.tagName("h1")).getText());

        String session = sessionCookie();
        HttpResponse<String> foreign = http.get("/admin/jobs/" + job.id(), session);
        HttpResponse<String> missing = http.get("/admin/jobs/999999999", session);
        assertEquals(404, foreign.statusCode());
        assertEquals(missing.statusCode(), foreign.statusCode());
        assertEquals(missing.body(), foreign.body(), "another organization's job answers exactly as a missing one");
        assertEquals(404, http.get("/admin/jobs/" + job.id() + "/error-file", session).statusCode());
    }

    @Test
    void aWrongPasswordStaysOnTheSignInPageWithAnError() {
        signIn(TestUsers.GLOBEX_USER, "not-the-password");

        assertTrue(browser.getCurrentUrl().endsWith("/admin/login"), browser.getCurrentUrl());
        assertTrue(browser.findElement(By.id("login-error")).getText().contains("wrong"));
        assertFalse(browser.findElement(By.id("username")).getAttribute("value").isEmpty());
        assertTrue(browser.manage().getCookieNamed(AdminServlet.SESSION_COOKIE) == null);
    }

    @Test
    void aRunningJobsPageShowsItsProgressLiveAndItsEndWithoutAManualReloadAndAWaitingOneIsCanceled()
            throws InterruptedException {
        // given a large import that is running
        ImportSteps acme = ImportSteps.acme();
        long listId = acme.createDatabase(MappingXml.create(ImportSteps.unique("Live")).key("EMAIL", 9).column("Name", 0)
                .map("EMAIL", "Name"), "Email,Name\nfirst@example.org,First\n");
        StringBuilder big = new StringBuilder("Email,Name\n");
        for (int i = 0; i < 300_000; i++) {
            big.append("live").append(i).append("@example.org,Name ").append(i).append('\n');
        }
        String source = acme.upload(ImportSteps.unique("live") + ".csv", big.toString().getBytes(StandardCharsets.UTF_8));
        String map = acme.upload(ImportSteps.unique("live") + ".xml",
                MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "Name").xml().getBytes(StandardCharsets.UTF_8));
        long running = acme.importList(map, source);
        long waiting = acme.importList(map, source);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(acme.status(running).status().equals("RUNNING") && acme.status(running).count("TOTAL_ROWS") > 0)) {
            assertTrue(System.nanoTime() < deadline, "the import never ran");
            Thread.sleep(10);
        }
        signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);

        // when the job queued behind it is canceled with its page's button, which asks first
        browser.get(base + "/admin/jobs/" + waiting);
        clickAndWait(browser.findElement(By.id("cancel")));
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("Cancel job " + waiting + "?"));
        assertEquals("WAITING", acme.status(waiting).status(), "asking is not canceling");
        assertEquals(List.of(), axe("cancel confirmation"));
        clickAndWait(browser.findElement(By.id("confirm-cancel")));

        // then it ends CANCELED, and the page says so
        assertFalse(browser.findElement(By.id("cancel-notice")).getText().isEmpty());
        assertEquals("CANCELED", acme.awaitJob(waiting).status());
        browser.navigate().refresh();
        assertEquals(1, browser.findElements(By.cssSelector("h1 .status-canceled")).size(), "the page shows CANCELED");
        assertTrue(browser.findElements(By.id("cancel")).isEmpty(), "no cancel button on an ended job");

        // when the running job's page is open and left alone
        browser.get(base + "/admin/jobs/" + running);
        String first = browser.findElement(By.className("progress-text")).getText();
        ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");

        // then the bar moves on the same page, and the page shows the end by itself
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b ->
                !b.findElement(By.className("progress-text")).getText().equals(first)
                        && Boolean.TRUE.equals(((JavascriptExecutor) b).executeScript("return window.notReloaded === true;"))
                || b.findElements(By.className("status-complete")).size() > 0);
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(
                ExpectedConditions.presenceOfElementLocated(By.className("status-complete")));
        assertTrue(browser.findElement(By.className("progress-text")).getText().startsWith("100%"));

        // and its rows per second over its life are drawn from its checkpoints, with a text alternative
        WebElement chart = browser.findElement(By.cssSelector("#rate-chart svg[role=img]"));
        assertTrue(browser.findElement(By.id("rate-chart-desc")).getAttribute("textContent").contains("checkpoints"));
        assertTrue(chart.findElement(By.tagName("polyline")).getAttribute("points").split(" ").length >= 2,
                "a line of at least two checkpoints");
        assertFalse(browser.findElements(By.cssSelector("#rate-chart details tbody tr")).isEmpty(), "the table behind the chart");
    }

    @Test
    void aSystemAdministratorSeesEveryOrganizationAndPicksOneInTheFilter() throws IOException {
        // given a globex job beside acme's
        ImportSteps.Job globex = ImportSteps.globex().run(MappingXml.create(ImportSteps.unique("Globex Pages"))
                .key("EMAIL", 9).map("EMAIL"), "Email\nglobex@example.org\n");
        signIn(TestUsers.ROOT_USER, TestUsers.ROOT_PASSWORD);
        assertTrue(browser.findElement(By.id("job-" + job.id())).getText().contains("acme"));
        assertTrue(browser.findElement(By.id("job-" + globex.id())).getText().contains("globex"));
        screenshot("admin-jobs-all-organizations.png");

        // when
        new Select(browser.findElement(By.id("organization"))).selectByVisibleText("globex");
        clickAndWait(browser.findElement(By.cssSelector("#job-filter button[type=submit]")));

        // then
        assertTrue(browser.findElements(By.id("job-" + job.id())).isEmpty(), "acme's job under the globex filter");
        assertEquals(1, browser.findElements(By.id("job-" + globex.id())).size());
        assertEquals("globex", new Select(browser.findElement(By.id("organization"))).getFirstSelectedOption().getText());
        assertTrue(browser.getCurrentUrl().matches(".*[?&]tz=[A-Za-z]+%2F[A-Za-z_]+.*|.*[?&]tz=UTC.*"),
                "the browser sent its time zone: " + browser.getCurrentUrl());

        // the databases page draws contacts and opt-outs over time, with the table it is drawn from
        browser.get(base + "/admin/databases");
        assertEquals(1, browser.findElements(By.cssSelector("#contacts-chart svg[role=img]")).size());
        assertEquals(2, browser.findElements(By.cssSelector("#contacts-chart polyline")).size());
        assertTrue(browser.findElement(By.id("contacts-chart-desc")).getAttribute("textContent").contains("contacts"));

        // when an acme job is opened by the system administrator
        browser.get(base + "/admin/jobs/" + job.id());
        assertTrue(browser.findElement(By.id("rejected")).getText().contains("not-an-email"));
    }

    @Test
    void timesAreShownInTheViewersTimeZone() {
        signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        ((ChromeDriver) browser).executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Tokyo"));
        try {
            browser.get(base + "/admin/jobs/" + job.id());

            WebElement submitted = browser.findElement(By.cssSelector(".timings time"));
            assertTrue(submitted.getText().contains("GMT+9"), submitted.getText());
            assertTrue(submitted.getDomAttribute("datetime").endsWith("Z"), "the page carries the instant");
        } finally {
            ((ChromeDriver) browser).executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
        }
    }

    @Test
    void everyPageMeetsTheWcagAAndAaRulesAxeChecks() {
        List<String> problems = new ArrayList<>();
        browser.get(base + "/admin/login");
        problems.addAll(axe("sign-in"));
        signIn(TestUsers.ROOT_USER, TestUsers.ROOT_PASSWORD);
        for (String page : List.of("/admin/jobs", "/admin/jobs/" + job.id(), "/admin/databases", "/admin/jobs/999999999",
                "/admin/flows", "/admin/jobs/" + job.id() + "/hot-folder")) {
            browser.get(base + page);
            problems.addAll(axe(page));
        }

        assertEquals(List.of(), problems);
    }

    /** axe-core's WCAG 2 A and AA rules on the current page: one line per violation found. */
    private static List<String> axe(String page) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        assertFalse(results.isErrored(), page + ": axe did not run");
        assertFalse(results.getPasses().isEmpty(), page + ": axe checked nothing");
        return results.getViolations().stream()
                .map(v -> page + ": " + v.getId() + " (" + v.getImpact() + ") " + v.getHelp() + " at "
                        + v.getNodes().stream().map(n -> String.valueOf(n.getTarget())).toList())
                .toList();
    }

    @Test
    void signingInAndOpeningAJobWorkWithTheKeyboardAlone() {
        browser.get(base + "/admin/login");

        // the user name field has the focus; Tab moves to the password, Enter submits
        WebElement username = browser.switchTo().activeElement();
        assertEquals("username", username.getAttribute("id"));
        username.sendKeys(TestUsers.ACME_USER, Keys.TAB);
        WebElement password = browser.switchTo().activeElement();
        assertEquals("password", password.getAttribute("id"));
        password.sendKeys(TestUsers.ACME_PASSWORD, Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/admin/jobs"));

        // the first Tab reaches the skip link, which jumps to the content
        new Actions(browser).sendKeys(Keys.TAB).perform();
        WebElement skip = browser.switchTo().activeElement();
        assertEquals("Skip to content", skip.getText());
        // a job link is reachable by Tab and opens with Enter
        WebElement link = browser.findElement(By.id("job-" + job.id())).findElement(By.tagName("a"));
        for (int i = 0; i < 60 && !link.equals(browser.switchTo().activeElement()); i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        assertEquals(link, browser.switchTo().activeElement(), "the job link is never reached with Tab");
        link.sendKeys(Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.urlMatches(".*/admin/jobs/" + job.id() + "$"));
    }

    @Test
    void theJobsListFitsA1280PixelWindowWithoutAHorizontalScrollBar() throws IOException {
        // given the widest list: a system administrator's, with the organization column
        browser.manage().window().setSize(new Dimension(1280, 900));
        signIn(TestUsers.ROOT_USER, TestUsers.ROOT_PASSWORD);
        browser.get(base + "/admin/jobs");
        assertFalse(browser.findElements(By.cssSelector("#jobs tbody tr")).isEmpty(), "no jobs to lay out");

        // then neither the page nor the table's own scroller scrolls sideways
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertTrue(((Number) js.executeScript("return window.innerWidth;")).longValue() >= 1200, "the window is not 1280 px");
        screenshot("admin-jobs-1280.png");
        assertEquals(Boolean.TRUE, js.executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;"),
                "the page scrolls sideways at 1280 px");
        Object table = js.executeScript("var s = document.getElementById('jobs').parentElement;"
                + " return s.scrollWidth <= s.clientWidth ? 'fits' : s.scrollWidth + ' > ' + s.clientWidth;");
        assertEquals("fits", table, "the jobs table scrolls sideways at 1280 px");
        // and an action wraps only after an underscore: no part of it spreads over two lines
        Object broken = js.executeScript("return [...document.querySelectorAll('#jobs td.action')]"
                + ".flatMap(td => [...td.childNodes].filter(n => n.nodeType === 3 && n.textContent.length > 0))"
                + ".filter(n => { const r = document.createRange(); r.selectNodeContents(n); return r.getClientRects().length > 1; })"
                + ".map(n => n.textContent).join(',');");
        assertEquals("", broken, "action names broken inside a word");
    }

    @Test
    void aFinishedJobBecomesAHotFolderFromItsPageAndAnExistingNameIsRefusedBesideTheField() {
        signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        browser.get(base + "/admin/jobs/" + job.id());
        String flow = ImportSteps.unique("browser");

        // when the job's link is followed and a flow name given
        clickAndWait(browser.findElement(By.id("make-hot-folder")));
        browser.findElement(By.id("flow-name")).sendKeys(flow);
        clickAndWait(browser.findElement(By.id("make-flow")));

        // then the Flows page says it is ready and lists it with the default mode
        assertTrue(browser.getCurrentUrl().contains("/admin/flows"), browser.getCurrentUrl());
        assertTrue(browser.findElement(By.id("flow-created")).getText().contains("flows/" + flow), "no notice");
        assertTrue(browser.findElement(By.id("flow-flows-" + flow)).getText().contains(".createNewList"));

        // when the same name is given again, the form says why beside the field and keeps the name
        browser.get(base + "/admin/jobs/" + job.id() + "/hot-folder");
        browser.findElement(By.id("flow-name")).sendKeys(flow);
        clickAndWait(browser.findElement(By.id("make-flow")));
        assertTrue(browser.findElement(By.id("hot-folder-error")).getText().contains("There is already a flow " + flow));
        assertEquals(flow, browser.findElement(By.id("flow-name")).getAttribute("value"));
        assertEquals("true", browser.findElement(By.id("flow-name")).getAttribute("aria-invalid"));
        assertEquals(List.of(), axe("hot folder refused"));
    }

    @Test
    void thePagesFitAPhoneWidth() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        signIn(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        browser.get(base + "/admin/jobs/" + job.id());

        Object overflow = ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth > window.innerWidth + 1;");
        screenshot("admin-job-phone.png");
        assertEquals(Boolean.FALSE, overflow, "the page scrolls sideways at phone width; only tables may");
    }
}
