package org.connwatch.present.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.connwatch.store.FindingStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each page of the dashboard in a real headless chromium, against a running server over the sample
 * data: findings acknowledged from the page, the live table filtered and sorted, the chart zoomed,
 * the inspect views, and the hostile name {@code <img src=x onerror=alert(1)>} (as a DNS name, TLS
 * name, command line and host name) shown as text with no dialog and no Content-Security-Policy
 * violation. With {@code -Dconnwatch.screenshots=DIR} it saves a screenshot of each page there
 * (docs/screenshots is made that way).
 */
class DashboardBrowserTest {
    @TempDir
    static Path state;
    static WebFixture web;
    static Chromium chromium;

    BrowserContext context;
    Page page;
    final List<String> dialogs = new CopyOnWriteArrayList<>();
    final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Chromium.available(), "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)");
        web = WebFixture.live(new WebSettings("127.0.0.1", 0, state, false), ApplicableRules.NONE);
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (web != null) {
            web.close();
        }
    }

    @BeforeEach
    void open() {
        context = chromium.browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1400, 900));
        page = context.newPage();
        page.onDialog(d -> {
            dialogs.add(d.type() + ": " + d.message());
            d.dismiss();
        });
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                consoleErrors.add(m.text());
            }
        });
        page.onPageError(e -> consoleErrors.add("page error: " + e));
    }

    @AfterEach
    void close() {
        context.close();
        assertThat(dialogs).as("no dialog may open (a hostile name ran as HTML)").isEmpty();
        assertThat(consoleErrors).as("no script error or CSP violation").isEmpty();
    }

    String url(String path) {
        return "http://127.0.0.1:" + web.port() + path;
    }

    void noInjectedMarkup() {
        assertThat(page.locator("img").count()).as("no <img> from a hostile name").isZero();
        assertThat(page.locator("[onerror]").count()).isZero();
    }

    void screenshot(String name) throws Exception {
        String dir = System.getProperty("connwatch.screenshots");
        if (dir != null && !dir.isBlank()) {
            Files.createDirectories(Path.of(dir));
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(dir, name + ".png")).setFullPage(true));
        }
    }

    @Test
    void overviewShowsFindingsWorstFirstAndAcknowledgesFromThePage() throws Exception {
        page.navigate(url("/"));
        Locator findings = page.locator("li.finding");
        assertThat(findings).hasCount(4); // the allowed one only with "also allowed"
        assertThat(findings.evaluateAll("els => els.map(e => Number(e.dataset.finding))").toString())
                .isEqualTo("[1, 3, 2, 4]");
        Locator hostile = page.locator("li.finding[data-finding='" + SampleData.HOSTILE_FINDING + "'] .reason");
        assertThat(hostile.textContent()).isEqualTo("curl (pid 1400) connects to " + SampleData.HOSTILE
                + " for the first time");
        noInjectedMarkup();
        assertThat(page.locator("#count-open .value")).hasText(String.valueOf(web.monitor.open().size()));

        Locator irc = page.locator("li.finding[data-finding='" + SampleData.IRC_FINDING + "']");
        irc.locator("button.ack").click();
        assertThat(irc).hasAttribute("data-status", "acknowledged");
        assertThat(page.locator("#message")).containsText("acknowledged");
        assertThat(web.history.finding(SampleData.IRC_FINDING).orElseThrow().status())
                .isEqualTo(FindingStatus.ACKNOWLEDGED);
        Locator peak = page.locator("li.finding[data-finding='" + SampleData.PEAK_FINDING + "']");
        peak.locator("button.allow").click();
        assertThat(peak).hasCount(0); // allowed findings leave the list
        assertThat(web.monitor.allowed()).contains("traffic-peak:" + SampleData.PEAK_FINDING);
        page.locator("#show-all").check();
        assertThat(page.locator("li.finding")).hasCount(5);

        // The chart: the last hour, then zoomed out to 30 days, in to 15 minutes, and by dragging.
        Locator canvas = page.locator("#traffic-canvas");
        assertThat(canvas).hasAttribute("data-step", "30");
        assertThat(page.locator("#chart-caption")).containsText("peak");
        screenshot("overview");
        page.locator("button[data-range='30d']").click();
        assertThat(canvas).hasAttribute("data-step", String.valueOf(3 * 3600));
        page.locator("button[data-range='15m']").click();
        assertThat(canvas).hasAttribute("data-step", "5");
        page.locator("button[data-range='6h']").click();
        assertThat(canvas).hasAttribute("data-step", "300");
        canvas.scrollIntoViewIfNeeded();
        BoundingBox box = canvas.boundingBox();
        double y = box.y + box.height / 2;
        page.mouse().move(box.x + box.width * 0.5, y);
        page.mouse().down();
        page.mouse().move(box.x + box.width * 0.7, y, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        assertThat(canvas).not().hasAttribute("data-step", "300");
        int zoomedStep = Integer.parseInt(canvas.getAttribute("data-step"));
        assertThat(zoomedStep).isLessThan(300);
        page.locator("#zoom-out").click();
        page.waitForCondition(() -> Integer.parseInt(canvas.getAttribute("data-step")) > zoomedStep);
    }

    @Test
    void connectionsTableFiltersSortsAndShowsHostileNamesAsText() throws Exception {
        page.navigate(url("/connections"));
        Locator rows = page.locator("#live tbody tr");
        assertThat(rows).hasCount(6);
        Locator curl = page.locator("#live tr[data-id='" + SampleData.HOSTILE_CURL + "']");
        assertThat(curl.locator("td.remote")).hasText(SampleData.HOSTILE + " (203.0.113.66:443)");
        assertThat(curl.locator("td.process")).hasAttribute("title", "curl https://" + SampleData.HOSTILE);
        noInjectedMarkup();
        screenshot("connections");

        page.locator("input[name=process]").fill("sshd");
        page.locator("input[name=process]").press("Enter");
        assertThat(rows).hasCount(2);
        page.locator("input[name=process]").fill("");
        page.locator("input[name=listening]").check();
        assertThat(rows).hasCount(1);
        assertThat(page.locator("#summary")).hasText("1 of 6 open connections match");
        page.locator("input[name=listening]").uncheck();
        assertThat(rows).hasCount(6);

        page.locator("th[data-column=tx]").click();
        assertThat(page.locator("th[data-column=tx]")).hasClass(java.util.regex.Pattern.compile(".*\\bsorted\\b.*"));
        assertThat(rows.first()).hasAttribute("data-id", String.valueOf(SampleData.BROWSER));
        page.locator("th[data-column=tx]").click();
        assertThat(page.locator("th[data-column=tx]")).hasClass(java.util.regex.Pattern.compile(".*sorted-reverse.*"));
        assertThat(rows.last()).hasAttribute("data-id", String.valueOf(SampleData.BROWSER));
        assertThat(page.locator("#live tr[data-id='" + SampleData.IRC + "'] td.flags")).hasText("unusual-port");

        // It updates without a reload: a connection that closes leaves the table.
        SampleData.close(web.history, SampleData.IRC, web.now);
        assertThat(rows).hasCount(5);
    }

    @Test
    void inspectViewsShowAConnectionAProgramAndHosts() throws Exception {
        page.navigate(url("/inspect?connection=" + SampleData.HOSTILE_CURL));
        assertThat(page.locator("#inspect-title")).hasText("Connection " + SampleData.HOSTILE_CURL);
        Locator facts = page.locator("#facts");
        for (String fact : List.of("DNS name", "TLS server name")) {
            assertThat(facts.locator("dt:text-is('" + fact + "') + dd")).hasText(SampleData.HOSTILE);
        }
        assertThat(facts.locator("dt:text-is('command line') + dd")).hasText("curl https://" + SampleData.HOSTILE);
        assertThat(facts.locator("dt:text-is('device') + dd")).hasText(SampleData.HOSTILE + " 02:00:00:00:00:05");
        assertThat(page.locator("li.finding")).hasCount(1);
        noInjectedMarkup();
        screenshot("inspect-connection");

        page.navigate(url("/inspect?program=updater"));
        assertThat(page.locator("#inspect-title")).hasText("Program updater");
        assertThat(page.locator("#ports li").first()).containsText("8443/tcp out");
        assertThat(page.locator("#timeline tbody tr")).hasCount(6);
        assertThat(page.locator("li.finding .detector")).hasText("beacon");
        screenshot("inspect-program");

        page.navigate(url("/inspect?remote=203.0.113.66"));
        assertThat(page.locator("#names li").first()).containsText(SampleData.HOSTILE);
        noInjectedMarkup();

        page.navigate(url("/inspect?local=10.0.0.5"));
        assertThat(page.locator("#programs li")).not().hasCount(0);
        page.locator("#programs a:text-is('restic')").click();
        assertThat(page.locator("#inspect-title")).hasText("Program restic");
        // The form goes to any view.
        page.locator("select[name=kind]").selectOption("remote");
        page.locator("input[name=key]").fill("backup.example.net");
        page.locator("#inspect-form button[type=submit]").click();
        assertThat(page.locator("#inspect-title")).hasText("Remote host backup.example.net");
        assertThat(page.locator("#timeline tbody tr")).hasCount(1);
    }

    @Test
    void programsAndHostsRankBandwidthOverTheChosenWindow() throws Exception {
        page.navigate(url("/usage"));
        Locator programs = page.locator("#usage-program tbody tr");
        programs.first().waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE));
        assertThat(programs.first().locator("td").first()).hasText("restic");
        assertThat(page.locator("#usage-remote tbody tr").first().locator("td").first()).hasText("198.51.100.20");
        assertThat(page.locator("#usage-remote")).containsText(SampleData.HOSTILE);
        noInjectedMarkup();
        screenshot("usage");
        page.locator("#window").selectOption("900"); // the last 15 minutes: the backup is over
        assertThat(programs.first().locator("td").first()).not().hasText("restic");
        assertThat(page.locator("#usage-program")).not().containsText("restic");
    }

    @Test
    void withATokenThePageOpensThroughItsLoginUrlOnly() throws Exception {
        try (WebFixture guarded = WebFixture.live(new WebSettings("127.0.0.1", 0, state, true), ApplicableRules.NONE)) {
            String base = "http://127.0.0.1:" + guarded.port();
            com.microsoft.playwright.Response refused = page.navigate(base + "/");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(page.content()).doesNotContain("Overview");
            page.navigate(guarded.server.openUrl().toString());
            // The browser logs the refused page (and its icon) itself; after the login nothing is refused.
            consoleErrors.removeIf(e -> e.contains("status of 401"));
            assertThat(page).hasURL(base + "/");
            assertThat(page.locator("li.finding")).hasCount(4);
            page.navigate("about:blank"); // stop its polling before this server goes
        }
    }
}
