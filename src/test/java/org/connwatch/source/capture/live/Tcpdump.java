package org.connwatch.source.capture.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * tcpdump writing a capture file inside a network namespace, the reference the live capture is
 * checked against: started, waited for until it says it listens, stopped with SIGTERM (which makes
 * it flush and close the file).
 */
final class Tcpdump implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/tcpdump");

    private final Process process;
    private final Path file;
    private final List<String> errors = new ArrayList<>();

    private Tcpdump(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts {@code tcpdump -i INTERFACE -w FILE} in the namespace: nanosecond stamps, immediate
     * mode (else libpcap holds packets in its ring up to a second, and those are lost when tcpdump
     * is stopped), each packet written as it comes.
     */
    static Tcpdump start(String namespace, String interfaceName, Path file, String... filter)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace, BINARY.toString(),
                "-i", interfaceName, "-w", file.toString(), "-U", "--immediate-mode", "-n", "-Z", "root",
                "--time-stamp-precision=nano"));
        cmd.addAll(List.of(filter));
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Tcpdump t = new Tcpdump(p, file);
        CountDownLatch listening = new CountDownLatch(1);
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    synchronized (t.errors) {
                        t.errors.add(line);
                    }
                    if (line.contains("listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // tcpdump ended
            }
        });
        if (!listening.await(20, TimeUnit.SECONDS)) {
            t.close();
            throw new IOException("tcpdump did not start listening: " + t.errors());
        }
        return t;
    }

    /** Stops tcpdump and reads what it wrote. */
    PcapFile stop() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("tcpdump did not stop: " + errors());
        }
        return PcapFile.read(file);
    }

    List<String> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
