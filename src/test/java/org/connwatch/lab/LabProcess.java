package org.connwatch.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A process running inside a lab namespace (usually one of the lab's traffic programs). Its
 * standard output is collected line by line; its standard error goes to a log file. Closing it
 * closes its standard input (the lab programs stop cleanly on that), then terminates it if needed.
 *
 * <p>The lab programs print one line when they are ready, made of {@code key=value} words
 * ({@code connected local=10.77.0.20:40000 remote=10.77.0.25:25}): {@link #field} reads them.
 */
public final class LabProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final Path errorLog;
    private final boolean stopsOnStdinEnd;
    private final List<String> lines = new ArrayList<>();
    private boolean outputEnded;
    private volatile String firstLine;

    private LabProcess(String label, Process process, Path errorLog, boolean stopsOnStdinEnd) {
        this.label = label;
        this.process = process;
        this.errorLog = errorLog;
        this.stopsOnStdinEnd = stopsOnStdinEnd;
        Thread.ofPlatform().daemon().name("lab-out-" + label).start(this::pump);
    }

    /**
     * Starts a command. {@code stopsOnStdinEnd}: the program stops by itself when its standard
     * input ends (the lab programs do); others are sent SIGTERM when asked to stop.
     */
    static LabProcess start(String label, List<String> command, Path errorLog, boolean stopsOnStdinEnd)
            throws IOException {
        Files.createDirectories(errorLog.getParent());
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(errorLog.toFile()))
                .start();
        return new LabProcess(label, p, errorLog, stopsOnStdinEnd);
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away
        } finally {
            synchronized (lines) {
                outputEnded = true;
                lines.notifyAll();
            }
        }
    }

    /** Waits for the first line of output (the lab programs' "ready" line). */
    LabProcess awaitReady(Duration timeout) throws IOException {
        firstLine = awaitLine(l -> true, timeout);
        return this;
    }

    /** A name for messages: {@code host/Program}. */
    public String label() {
        return label;
    }

    public Process process() {
        return process;
    }

    /** The pid: {@code ip netns exec} execs the command, so this is the program's own pid. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The first line of output, once {@link LabHost#java} has waited for it; else null. */
    public String firstLine() {
        return firstLine;
    }

    /** The {@code key=value} words of the first line. */
    public Map<String, String> fields() {
        return fields(firstLine);
    }

    /** One value of the first line ({@code local}, {@code remote}, {@code port}...); null when absent. */
    public String field(String key) {
        return fields().get(key);
    }

    /** The port of an {@code ip:port} value of the first line. */
    public int portOf(String key) {
        String v = field(key);
        if (v == null) {
            throw new IllegalStateException(label + " said no " + key + "= in: " + firstLine);
        }
        return Integer.parseInt(v.substring(v.lastIndexOf(':') + 1));
    }

    /** Parses the {@code key=value} words of a line. */
    public static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        if (line == null) {
            return out;
        }
        for (String word : line.trim().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                out.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return out;
    }

    /** Every line printed so far, the first included. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines printed so far that start with a word ({@code accept}, {@code beacon}...). */
    public List<String> lines(String firstWord) {
        return lines().stream().filter(l -> l.equals(firstWord) || l.startsWith(firstWord + " ")).toList();
    }

    /**
     * Waits for a line (already printed or to come) matching {@code test}, and returns it.
     *
     * @throws IOException when the output ends or the time runs out first; it quotes the error log
     */
    public String awaitLine(Predicate<String> test, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (test.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                if (outputEnded) {
                    throw new IOException(label + " ended its output without the awaited line"
                            + exitNote() + errorTail());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException(label + " did not print the awaited line within " + timeout
                            + "; it printed " + lines + errorTail());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted waiting for " + label, e);
                }
            }
        }
    }

    /** Waits for a line starting with this word. */
    public String awaitLine(String firstWord, Duration timeout) throws IOException {
        return awaitLine(l -> l.equals(firstWord) || l.startsWith(firstWord + " "), timeout);
    }

    /**
     * Waits until the program's standard error holds {@code text} (a capture's "listening on"),
     * checking its log every 50 ms; returns the line that holds it.
     *
     * @throws IOException when the program ends or the time runs out first
     */
    public String awaitErrorText(String text, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Files.exists(errorLog)) {
                for (String line : Files.readAllLines(errorLog, StandardCharsets.UTF_8)) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException(label + (process.isAlive() ? " did not write '" + text + "' to stderr within "
                        + timeout : " ended" + exitNote() + " before writing '" + text + "'") + errorTail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + label, e);
            }
        }
    }

    /** Waits for the process to end and its output to be read; returns the exit code. */
    public int awaitExit(Duration timeout) throws IOException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(label + " still runs after " + timeout + errorTail());
            }
            synchronized (lines) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!outputEnded && System.nanoTime() < deadline) {
                    lines.wait(100);
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + label, e);
        }
    }

    /** Writes one line to the program's standard input. */
    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The file the program's standard error goes to. */
    public Path errorLog() {
        return errorLog;
    }

    /** The end of the error log, for messages. */
    public String errorTail() {
        try {
            String text = Files.exists(errorLog) ? Files.readString(errorLog) : "";
            if (text.isBlank()) {
                return "";
            }
            return "; its stderr (" + errorLog + ") ends:\n"
                    + text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "";
        }
    }

    private String exitNote() {
        return process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
    }

    /** Asks the program to stop: closes its standard input (and sends SIGTERM to a non-lab program). */
    void requestStop() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        if (!stopsOnStdinEnd) {
            terminate();
        }
    }

    /**
     * Sends SIGTERM. Through the process handle, not {@link Process#destroy()}, which also closes
     * this end of the program's output pipes at once, so whatever the program writes while it
     * shuts down (a capture's last flows) would be lost.
     */
    private void terminate() {
        process.toHandle().destroy();
    }

    /** Waits up to {@code grace} for the program to stop, then terminates it, then kills it. */
    void awaitStop(Duration grace) {
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            terminate();
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return;
            }
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the program as {@link #close()} does (standard input closed; SIGTERM for a program that
     * is not a lab program), waits up to {@code grace} for it to end and returns its exit code.
     *
     * @throws IOException when it still runs after {@code grace} (it is then killed)
     */
    public int stop(Duration grace) throws IOException {
        requestStop();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IOException(label + " did not stop within " + grace + " and was killed" + errorTail());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted stopping " + label, e);
        }
        return awaitExit(Duration.ofSeconds(5));
    }

    /** Stops the program: closes its standard input, waits a little, then terminates it. */
    @Override
    public void close() {
        requestStop();
        awaitStop(Duration.ofSeconds(3));
    }

    @Override
    public String toString() {
        return label + "[pid " + process.pid() + "]" + (firstLine == null ? "" : ": " + firstLine);
    }
}
