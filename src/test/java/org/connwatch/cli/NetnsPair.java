package org.connwatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two network namespaces joined by a veth cable, for tests that capture real traffic without
 * touching the machine's own network: the client side {@code A} ({@value #CLIENT}/24 on
 * {@value #CLIENT_IF}) and the server side {@code B} ({@value #SERVER_1} and {@value #SERVER_2},
 * /24, on {@value #SERVER_IF}), each with an on-link route to the other's block. IPv6 is off in
 * both, so nothing but the test's own traffic (and the ARP it needs) crosses the cable.
 *
 * <p>Names are {@code cwcli<pid>-<n>-a} and {@code -b}; {@link #close()} stops whatever still runs
 * inside and removes both (a shutdown hook does it too); namespaces of runs whose JVM has died are
 * removed when a new pair is made.
 */
final class NetnsPair implements AutoCloseable {
    static final String CLIENT = "10.99.0.1";
    static final String SERVER_1 = "198.51.100.7";
    static final String SERVER_2 = "198.51.100.8";
    static final String CLIENT_IF = "veth-a";
    static final String SERVER_IF = "veth-b";
    private static final String PREFIX = "cwcli";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String a;
    private final String b;
    private final Thread cleanup;

    private NetnsPair(String a, String b) {
        this.a = a;
        this.b = b;
        this.cleanup = new Thread(this::remove, "netns-cleanup");
    }

    /** Why namespaces cannot be made here; empty when they can (root and {@code ip}). */
    static Optional<String> unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.of("network namespaces need root (running as " + System.getProperty("user.name") + ")");
        }
        if (ip().isEmpty()) {
            return Optional.of("no 'ip' command (Debian package iproute2)");
        }
        return Optional.empty();
    }

    /** Makes the pair. */
    static NetnsPair create() throws IOException {
        removeStale();
        String base = PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        NetnsPair pair = new NetnsPair(base + "-a", base + "-b");
        Runtime.getRuntime().addShutdownHook(pair.cleanup);
        try {
            for (String ns : List.of(pair.a, pair.b)) {
                run("ip", "netns", "add", ns);
                run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                        "net.ipv6.conf.default.disable_ipv6=1");
                run("ip", "-n", ns, "link", "set", "lo", "up");
            }
            run("ip", "-n", pair.a, "link", "add", CLIENT_IF, "type", "veth", "peer", "name", SERVER_IF,
                    "netns", pair.b);
            run("ip", "-n", pair.a, "addr", "add", CLIENT + "/24", "dev", CLIENT_IF);
            run("ip", "-n", pair.b, "addr", "add", SERVER_1 + "/24", "dev", SERVER_IF);
            run("ip", "-n", pair.b, "addr", "add", SERVER_2 + "/24", "dev", SERVER_IF);
            run("ip", "-n", pair.a, "link", "set", CLIENT_IF, "up");
            run("ip", "-n", pair.b, "link", "set", SERVER_IF, "up");
            run("ip", "-n", pair.a, "route", "add", "198.51.100.0/24", "dev", CLIENT_IF);
            run("ip", "-n", pair.b, "route", "add", "10.99.0.0/24", "dev", SERVER_IF);
            return pair;
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    /** The client namespace's name. */
    String a() {
        return a;
    }

    /** The server namespace's name. */
    String b() {
        return b;
    }

    /** The words that run a command inside a namespace: {@code ip netns exec NS}. */
    static List<String> inside(String namespace) {
        return List.of(ip().orElseThrow(), "netns", "exec", namespace);
    }

    @Override
    public void close() {
        remove();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook
        }
    }

    private void remove() {
        for (String ns : List.of(a, b)) {
            killInside(ns);
            try {
                run("ip", "netns", "del", ns);
            } catch (IOException e) {
                // not made, or already gone
            }
        }
    }

    /** Kills what still runs in a namespace: only processes this test started can be there. */
    private static void killInside(String ns) {
        try {
            for (String word : run("ip", "netns", "pids", ns).split("\\s+")) {
                if (word.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(word)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (IOException e) {
            // no such namespace
        }
    }

    /** Removes the pairs of earlier runs whose JVM is gone. */
    private static void removeStale() {
        try {
            for (String line : run("ip", "netns", "list").split("\n")) {
                String ns = line.strip().split("\\s+")[0];
                if (!ns.startsWith(PREFIX)) {
                    continue;
                }
                String pid = ns.substring(PREFIX.length()).split("-")[0];
                if (pid.matches("\\d+") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    killInside(ns);
                    run("ip", "netns", "del", ns);
                }
            }
        } catch (IOException e) {
            // nothing to remove; making the pair reports the real problem
        }
    }

    private static Optional<String> ip() {
        return List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip").stream()
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }

    /** Runs a command to its end; its output, or an IOException quoting its error output. */
    static String run(String... command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        if (cmd.getFirst().equals("ip")) {
            cmd.set(0, ip().orElseThrow(() -> new IOException("no ip command")));
        }
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " still runs after 30 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                    + new String(err.join(), StandardCharsets.UTF_8).strip());
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
