package org.connwatch.present.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's chromium driven by Playwright, without Playwright's own browser download: the driver is
 * told to skip it, and the browser is {@value #EXECUTABLE} (installed by .ci/run).
 */
final class Chromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    final Playwright playwright;
    final Browser browser;
    private final Path home;

    Chromium() throws IOException {
        this(EXECUTABLE);
    }

    /** Through {@code executable}, for example a script that runs chromium in a network namespace. */
    Chromium(Path executable) throws IOException {
        // Its own HOME and XDG directories: chromium makes its config folder (and the missing parents) mode
        // 0700, which must not happen under target/test-home, where other tests' unprivileged children read.
        home = Files.createTempDirectory("connwatch-chromium");
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(executable)
                .setHeadless(true)
                .setEnv(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve("config").toString(),
                        "XDG_CACHE_HOME", home.resolve("cache").toString(), "PATH", System.getenv("PATH")))
                .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu")));
    }

    static boolean available() {
        return Files.isExecutable(EXECUTABLE);
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
