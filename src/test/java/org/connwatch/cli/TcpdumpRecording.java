package org.connwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@code tcpdump -w FILE} running while a test makes traffic. {@link #start} returns once tcpdump
 * has opened the interface; {@link #close} returns once it has written every packet it read and
 * exited (it runs unbuffered in immediate mode; SIGTERM makes it flush and stop).
 */
final class TcpdumpRecording implements AutoCloseable {
    private final Process process;
    private final Path file;
    private final StringBuilder errors = new StringBuilder();

    private TcpdumpRecording(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** Why recordings cannot be made here (not root, no tcpdump or tshark); empty when they can. */
    static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("capturing needs root (running as " + System.getProperty("user.name") + ")");
        }
        for (String tool : List.of("tcpdump", "tshark")) {
            if (!Files.isExecutable(Path.of("/usr/bin", tool)) && !Files.isExecutable(Path.of("/usr/sbin", tool))) {
                return Optional.of("no " + tool + " (Debian packages tcpdump, tshark)");
            }
        }
        return Optional.empty();
    }

    /**
     * Starts tcpdump and waits until it listens.
     *
     * @param prefix words before {@code tcpdump}, such as {@code ip netns exec NS}; or none
     * @param filter a capture filter; blank for every packet
     */
    static TcpdumpRecording start(List<String> prefix, String iface, Path file, String filter) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("tcpdump", "-i", iface, "-w", file.toString(), "-U", "--immediate-mode", "-n", "-s", "0",
                "-Z", "root", "-B", "8192"));
        if (!filter.isBlank()) {
            cmd.add(filter);
        }
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        TcpdumpRecording r = new TcpdumpRecording(p, file);
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("tcpdump-stderr").start(() -> r.readErrors(p.getErrorStream(), listening));
        try {
            if (!listening.get(30, TimeUnit.SECONDS)) {
                throw new IOException("tcpdump did not start: " + String.join(" ", cmd) + ": " + r.errors());
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw e;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("tcpdump did not start: " + r.errors(), e);
        }
        return r;
    }

    private void readErrors(InputStream in, CompletableFuture<Boolean> listening) {
        try (in) {
            StringBuilder line = new StringBuilder();
            for (int b; (b = in.read()) != -1; ) {
                if (b != '\n') {
                    line.append((char) b);
                    continue;
                }
                synchronized (errors) {
                    errors.append(line).append('\n');
                }
                if (line.indexOf("listening on") >= 0) {
                    listening.complete(true);
                }
                line.setLength(0);
            }
        } catch (IOException e) {
            // tcpdump ended
        }
        listening.complete(false);
    }

    /** What tcpdump said on stderr. */
    String errors() {
        synchronized (errors) {
            return errors.toString().strip();
        }
    }

    /**
     * Stops tcpdump once it has caught up (the file did not grow for a second: on a busy machine
     * it can lag behind the traffic) and waits until it has exited.
     */
    @Override
    public void close() throws IOException {
        try {
            long size = -1;
            long stableSince = System.nanoTime();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() - stableSince < TimeUnit.SECONDS.toNanos(1) && System.nanoTime() < deadline) {
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
