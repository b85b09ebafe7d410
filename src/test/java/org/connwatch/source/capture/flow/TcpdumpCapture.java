package org.connwatch.source.capture.flow;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A running {@code tcpdump -w}, for tests that make real traffic and then read what was captured.
 * Started, it has opened the interface (its "listening on" line was seen); closed, it has written
 * every packet it read (it runs with {@code -U --immediate-mode}, and SIGTERM makes it flush and exit).
 */
final class TcpdumpCapture implements AutoCloseable {
    private final Process process;
    private final Path file;
    private final StringBuilder errors = new StringBuilder();

    private TcpdumpCapture(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** Why captures cannot be made here (not root, no tcpdump or tshark); empty when they can. */
    static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("capturing needs root (running as " + System.getProperty("user.name") + ")");
        }
        for (String tool : List.of("tcpdump", "tshark")) {
            if (List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin").stream().noneMatch(d -> Files.isExecutable(Path.of(d, tool)))) {
                return Optional.of("no " + tool + " (Debian packages tcpdump, tshark)");
            }
        }
        return Optional.empty();
    }

    /**
     * Starts tcpdump and waits until it listens.
     *
     * @param prefix    words before {@code tcpdump} ({@code ip netns exec NS}), or none
     * @param options   more options ({@code -y LINUX_SLL2})
     * @param filter    a capture filter, or empty for everything
     */
    static TcpdumpCapture start(List<String> prefix, String iface, Path file, List<String> options, String filter)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("tcpdump", "-i", iface, "-w", file.toString(), "-U", "--immediate-mode", "-B", "16384", "-n", "-Z", "root", "-s", "0"));
        cmd.addAll(options);
        if (!filter.isBlank()) {
            cmd.add(filter);
        }
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        TcpdumpCapture capture = new TcpdumpCapture(p, file);
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (capture.errors) {
                        capture.errors.append(line).append('\n');
                    }
                    if (line.contains("listening on")) {
                        listening.complete(true);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            listening.complete(false);
        }, "tcpdump-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!listening.get(20, TimeUnit.SECONDS)) {
                throw new IOException("tcpdump did not start: " + String.join(" ", cmd) + ": " + capture.errors());
            }
        } catch (Exception e) {
            p.destroyForcibly();
            throw e instanceof IOException io ? io : new IOException("tcpdump did not start: " + capture.errors(), e);
        }
        return capture;
    }

    String errors() {
        synchronized (errors) {
            return errors.toString().strip();
        }
    }

    /**
     * Stops the capture once it has caught up (the file has not grown for a second: on a busy
     * machine tcpdump can lag behind the traffic, and what it has not read when it stops is lost),
     * and waits until the file is complete.
     */
    @Override
    public void close() throws IOException {
        try {
            long size = -1;
            long stableSince = System.nanoTime();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (System.nanoTime() - stableSince < 1_000_000_000L && System.nanoTime() < deadline) {
                Thread.sleep(100);
                long now = Files.exists(file) ? Files.size(file) : 0;
                if (now != size) {
                    size = now;
                    stableSince = System.nanoTime();
                }
            }
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("tcpdump did not stop: " + errors());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
