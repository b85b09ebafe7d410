package org.connwatch.source.capture.file;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs tshark and the tools that ship with it (editcap, capinfos) for the tests: the reference reader. */
final class Tshark {
    private Tshark() {
    }

    /** tshark shows no time (a Simple Packet Block has none). */
    static final long NO_TIME = Long.MIN_VALUE;

    /** One frame as tshark shows it. */
    record Frame(long epochNanos, int interfaceId, int length, int capturedLength) {
    }

    /** True when tshark runs here. */
    static boolean available() {
        try {
            return run(List.of("tshark", "--version")).exitCode == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The frames tshark reads from a file (up to where it stops, if the file is damaged). */
    static List<Frame> frames(Path file) throws IOException {
        Result r = run(List.of("tshark", "-n", "-r", file.toString(), "-T", "fields", "-E", "separator=/t",
                "-e", "frame.time_epoch", "-e", "frame.interface_id", "-e", "frame.len", "-e", "frame.cap_len"));
        List<Frame> frames = new ArrayList<>();
        for (String line : r.stdout.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            frames.add(new Frame(f[0].isEmpty() ? NO_TIME : nanos(f[0]), f[1].isEmpty() ? 0 : Integer.parseInt(f[1]),
                    Integer.parseInt(f[2]), Integer.parseInt(f[3])));
        }
        return frames;
    }

    /** One field of every frame, as tshark prints it. */
    static List<String> field(Path file, String field) throws IOException {
        Result r = run(List.of("tshark", "-n", "-r", file.toString(), "-T", "fields", "-e", field));
        return r.stdout.lines().toList();
    }

    /** Runs editcap with the given arguments; fails when it does. */
    static void editcap(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("editcap"));
        command.addAll(List.of(args));
        Result r = run(command);
        if (r.exitCode != 0) {
            throw new IOException("editcap failed: " + r.stderr);
        }
    }

    /** The packet count capinfos gives. */
    static long capinfosCount(Path file) throws IOException {
        Result r = run(List.of("capinfos", "-c", "-M", "-T", "-r", file.toString()));
        String[] f = r.stdout.strip().split("\t");
        return Long.parseLong(f[f.length - 1]);
    }

    /** Seconds with up to nine decimals, as tshark prints frame.time_epoch, in nanoseconds. */
    static long nanos(String epoch) {
        return new BigDecimal(epoch).movePointRight(9).longValueExact();
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        // Read stderr on the side, so a chatty tool never blocks on a full pipe.
        StringBuilder err = new StringBuilder();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.append(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command + " did not finish");
            }
            drain.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new Result(p.exitValue(), out, err.toString());
    }
}
