package org.connwatch.present.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.connwatch.cli.Main;
import org.connwatch.lab.Lab;
import org.connwatch.lab.LabHost;
import org.connwatch.lab.LabProcess;
import org.connwatch.lab.LabRole;
import org.connwatch.lab.Sink;
import org.connwatch.lab.Upload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard of a real {@code connwatch serve} (monitor, SQLite history, web server) running inside
 * a host of the namespace lab, with chromium started in the same namespace: the live table shows the
 * host's real connections (an upload, and a program whose command line is the hostile name
 * {@code <img src=x onerror=alert(1)>}), the overview its finding, acknowledged from the page, and the
 * traffic chart the upload's bytes.
 */
class LabDashboardTest {
    static final String HOSTILE = SampleData.HOSTILE;

    @TempDir
    Path state;

    @Test
    void aLiveDaemonInTheLabShowsItsConnectionsAndFindings() throws Exception {
        Lab.assumeAvailable();
        assumeTrue(Chromium.available(), "needs Debian's chromium at /usr/bin/chromium");
        try (Lab lab = Lab.start()) {
            LabHost ws = lab.addHost("ws", LabRole.WORKSTATION, "10.77.1.10/24");
            LabHost srv = lab.addHost("srv", LabRole.SERVER, "10.77.1.20/24");
            srv.java(Sink.class, "443");
            srv.java(Sink.class, "31337");
            List<String> serve = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "serve", "--state-dir", state.toString(), "--poll", "500ms"));
            LabProcess daemon = ws.spawn(serve.toArray(String[]::new));
            // A program whose command line starts with the hostile name (argv[0]), connected to an unusual port.
            ws.spawn("bash", "-c", "exec 3<>/dev/tcp/10.77.1.20/31337; exec -a \"$0\" sleep 600", HOSTILE);
            ws.java(Upload.class, "10.77.1.20", "443", "--bytes", "3000000", "--rate", "1000000");

            Path wrapper = state.resolve("chromium-in-ws");
            Files.writeString(wrapper, "#!/bin/sh\nexec ip netns exec " + ws.namespace() + " /usr/bin/chromium \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
            List<String> dialogs = new CopyOnWriteArrayList<>();
            try (Chromium chromium = new Chromium(wrapper)) {
                Page page = chromium.browser.newPage();
                page.onDialog(d -> {
                    dialogs.add(d.message());
                    d.dismiss();
                });
                openWhenUp(page, "http://127.0.0.1:7878/connections", daemon);
                Locator shell = page.locator("#live tbody tr", new Page.LocatorOptions().setHasText(":31337"));
                assertThat(shell).hasCount(1, new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions()
                        .setTimeout(20_000));
                assertThat(shell.locator("td.process")).hasAttribute("title", HOSTILE + " 600");
                assertThat(page.locator("#live tbody tr", new Page.LocatorOptions().setHasText("10.77.1.20:443")))
                        .hasCount(1);
                assertThat(page.locator("img")).hasCount(0);

                page.navigate("http://127.0.0.1:7878/");
                Locator finding = page.locator("li.finding", new Page.LocatorOptions().setHasText("31337"));
                assertThat(finding.first()).isVisible(new com.microsoft.playwright.assertions.LocatorAssertions
                        .IsVisibleOptions().setTimeout(20_000));
                String id = finding.first().getAttribute("data-finding");
                Locator chosen = page.locator("li.finding[data-finding='" + id + "']");
                chosen.locator("button.ack").click();
                assertThat(page.locator("#message")).containsText("finding " + id + ": acknowledged");
                assertThat(chosen).hasAttribute("data-status", "acknowledged");
                assertThat(page.locator("#chart-caption")).containsText("sent");
                page.waitForCondition(() -> !page.locator("#chart-caption").textContent().contains("sent 0 B"),
                        new Page.WaitForConditionOptions().setTimeout(20_000));

                page.navigate("http://127.0.0.1:7878/inspect?program=sleep");
                assertThat(page.locator("#timeline tbody tr").first()).containsText("10.77.1.20:31337");
                assertThat(page.locator("li.finding[data-finding='" + id + "']")).hasCount(1);
                assertThat(page.locator("img")).hasCount(0);
            }
            assertThat(dialogs).isEmpty();
        }
    }

    /** The daemon needs a moment to open its history and start serving. */
    private static void openWhenUp(Page page, String url, LabProcess daemon) throws InterruptedException {
        for (int i = 0; i < 60; i++) {
            try {
                page.navigate(url);
                return;
            } catch (com.microsoft.playwright.PlaywrightException e) {
                Thread.sleep(500);
            }
        }
        throw new AssertionError("the daemon did not serve " + url + " within 30 s: " + daemon);
    }
}
