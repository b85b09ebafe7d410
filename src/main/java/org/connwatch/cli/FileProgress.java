package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.connwatch.present.SafeText;

/**
 * A progress bar on standard error while a file is read, fed with the bytes read so far. It
 * appears only when standard error is a terminal and only once the reading has taken more than
 * {@link #DELAY_NANOS} (a file read in a moment shows nothing), and it is erased by nothing: it
 * ends on its own line before the report is printed.
 *
 * <p>Called from the reading thread only.
 */
final class FileProgress implements LongConsumer, AutoCloseable {
    /** How long reading runs before the bar appears: half a second. */
    static final long DELAY_NANOS = 500_000_000L;

    private final String task;
    private final long total;
    private final boolean enabled;
    private final long started = System.nanoTime();
    private ProgressBar bar;

    private FileProgress(String task, long total, boolean enabled) {
        this.task = task;
        this.total = total;
        this.enabled = enabled;
    }

    /** A progress bar for reading {@code file}, shown only when standard error is a terminal. */
    static FileProgress of(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = 0;
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String safe = SafeText.terminal(name, 40);
        return new FileProgress(safe.isEmpty() ? "reading" : safe, size, size > 0 && standardErrorIsTerminal());
    }

    /** One that never shows (for tests and for output that is not a terminal). */
    static FileProgress none() {
        return new FileProgress("", 0, false);
    }

    @Override
    public void accept(long bytesRead) {
        if (!enabled) {
            return;
        }
        if (bar == null) {
            if (System.nanoTime() - started < DELAY_NANOS) {
                return;
            }
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" MiB", 1L << 20)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(System.err, true))).build();
        }
        bar.stepTo(Math.min(bytesRead, total));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.stepTo(total);
            bar.close();
            bar = null;
        }
    }

    /** True when file descriptor 2 is a terminal (Linux: it links to a tty or pty device). */
    static boolean standardErrorIsTerminal() {
        if (System.getenv("TERM") != null && System.getenv("TERM").equals("dumb")) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
