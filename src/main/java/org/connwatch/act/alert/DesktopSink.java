package org.connwatch.act.alert;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.connwatch.detect.Severity;
import org.connwatch.present.SafeText;

/**
 * Alerts as desktop notifications through {@code notify-send} (libnotify): the title names the
 * severity and the rule, the body is the reason, the urgency follows the severity (critical and
 * high: critical; medium: normal; low and info: low). The program is started with an argument list,
 * never through a shell, with {@code --} before the texts, so a program or host name such as
 * {@code $(reboot)} or {@code -h} is one inert argument; the body is escaped for the notification
 * markup ({@code &amp; &lt; &gt;}), so {@code <img src=x>} shows as text. Control characters are made
 * visible ({@link SafeText}). Each notification runs on the sink's queue thread, at most
 * {@value #TIMEOUT_SECONDS} s.
 */
public final class DesktopSink implements AlertSink {
    /** The program looked for on the PATH. */
    public static final String PROGRAM = "notify-send";
    static final int TIMEOUT_SECONDS = 10;
    private static final int QUEUE = 100;

    private final Path program;
    private final DeliveryCounter counter;
    private final DeliveryQueue<List<String>> queue;

    /** A sink that runs {@code program} (an absolute path to notify-send or a stand-in). */
    public DesktopSink(Path program, Consumer<String> notices) {
        this.program = program;
        this.counter = new DeliveryCounter(name(), notices);
        this.queue = new DeliveryQueue<>(name(), QUEUE, this::run, counter);
    }

    /** {@code notify-send} on the PATH of the given environment, if it is there and executable. */
    public static Optional<Path> find(Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue; // an empty entry means the working directory: never run a program from there
            }
            Path candidate = Path.of(dir, PROGRAM);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /** The command line for one alert: the program, then options, {@code --}, the title and the body. */
    List<String> command(Alert alert) {
        String title = "connwatch: " + alert.severity().label() + " " + alert.ruleId();
        if (alert instanceof HeldBackAlert h) {
            title = "connwatch: " + h.count() + " more finding" + (h.count() == 1 ? "" : "s") + " held back";
        }
        return List.of(program.toString(), "--app-name=connwatch", "--urgency=" + urgency(alert.severity()),
                "--category=network", "--", SafeText.terminal(title, 120),
                markup(SafeText.terminal(alert.message(), 1000)));
    }

    static String urgency(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "critical";
            case MEDIUM -> "normal";
            case LOW, INFO -> "low";
        };
    }

    /** The text escaped for the body markup of the Desktop Notifications Specification. */
    static String markup(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String name() {
        return "desktop";
    }

    @Override
    public void deliver(Alert alert) {
        queue.offer(command(alert));
    }

    private void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                counter.failed(PROGRAM + " did not finish in " + TIMEOUT_SECONDS + " s");
            } else if (p.exitValue() != 0) {
                counter.failed(PROGRAM + " exited with status " + p.exitValue()
                        + " (is there a desktop session bus for this user?)");
            } else {
                counter.sent();
            }
        } catch (IOException e) {
            counter.failed("cannot run " + program + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            counter.failed("stopped while " + PROGRAM + " ran");
        }
    }

    @Override
    public SinkCounts counts() {
        return new SinkCounts(name(), counter.sentCount(), 0, 0, counter.failedCount(), counter.droppedCount());
    }

    @Override
    public void close() {
        queue.close();
    }
}
