package org.connwatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process a test starts and talks to: its standard output and error are kept line by line (so
 * the test can wait for a line on either), its standard input is written to, and it can be sent a
 * signal by its pid. Closing it ends it (SIGTERM, then SIGKILL) when it still runs.
 */
final class ChildProcess implements AutoCloseable {
    /** Options of the child JVMs: quick to start, small. */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
            "-XX:-UsePerfData", "-Djava.net.preferIPv4Stack=true", "--enable-native-access=ALL-UNNAMED");

    private final String label;
    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private int streamsOpen = 2;

    private ChildProcess(String label, Process process) {
        this.label = label;
        this.process = process;
        Thread.ofPlatform().daemon().name(label + "-out").start(() -> pump(process.getInputStream(), out));
        Thread.ofPlatform().daemon().name(label + "-err").start(() -> pump(process.getErrorStream(), err));
    }

    /** Starts a command. */
    static ChildProcess start(String label, List<String> command) throws IOException {
        return new ChildProcess(label, new ProcessBuilder(command).start());
    }

    /** The words that run a main class of this JVM's class path with this JVM's java binary. */
    static List<String> java(Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPTIONS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void pump(InputStream in, List<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            synchronized (this) {
                streamsOpen--;
                notifyAll();
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** The lines of standard output so far. */
    synchronized List<String> out() {
        return List.copyOf(out);
    }

    /** The lines of standard error so far. */
    synchronized List<String> err() {
        return List.copyOf(err);
    }

    /** Waits for a line of standard output matching {@code test}. */
    String awaitOut(Predicate<String> test, Duration timeout) throws IOException {
        return await(out, test, timeout);
    }

    /** Waits for a line of standard error matching {@code test}. */
    String awaitErr(Predicate<String> test, Duration timeout) throws IOException {
        return await(err, test, timeout);
    }

    private synchronized String await(List<String> lines, Predicate<String> test, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < lines.size(); seen++) {
                if (test.test(lines.get(seen))) {
                    return lines.get(seen);
                }
            }
            long left = deadline - System.nanoTime();
            if (streamsOpen == 0 || left <= 0) {
                throw new IOException(label + (left <= 0 ? " did not print the awaited line in " + timeout
                        : " ended without the awaited line") + "; stdout: " + out + "; stderr: " + err);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + label, e);
            }
        }
    }

    /** Writes a line to standard input. */
    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Sends a signal ({@code TERM}, {@code INT}) to the process, by its pid. */
    void signal(String name) throws IOException {
        NetnsPair.run("kill", "-s", name, Long.toString(process.pid()));
    }

    /** Waits for the process to end and its output to be read; its exit code. */
    int awaitExit(Duration timeout) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(label + " still runs after " + timeout + "; stderr: " + err());
            }
            synchronized (this) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (streamsOpen > 0 && System.nanoTime() < deadline) {
                    wait(100);
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + label, e);
        }
    }

    /** Closes standard input, then ends the process if it has not ended within 5 s. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return label + "[pid " + process.pid() + "]";
    }
}
