package org.connwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What tshark says about a capture file, for checking connwatch against it: the conversation
 * tables of {@code tshark -q -z conv,tcp} and {@code conv,udp}, and fields of each packet.
 *
 * <p>A row of tshark 4.0's conversation table:
 * <pre>
 * 127.0.0.1:42988            &lt;-&gt; 127.0.0.1:40077                  5 5338 bytes       6 409 bytes      11 5747 bytes     0.000000000         0.2003
 * </pre>
 * end A, end B, then frames and bytes from B to A ({@code <-}), from A to B ({@code ->}), the
 * total, the start relative to the first packet, and the duration. Bytes are whole frames, printed
 * exactly below 10 kB and rounded down to kB, MB ... from there.
 */
final class Tshark {
    private static final Pattern ROW = Pattern.compile("^(\\S+):(\\d+)\\s+<->\\s+(\\S+):(\\d+)\\s+(\\d+)\\s+(\\d+ \\S+)"
            + "\\s+(\\d+)\\s+(\\d+ \\S+)\\s+\\d+\\s+\\d+ \\S+\\s+\\S+\\s+\\S+$");

    private Tshark() {
    }

    /** A conversation: what each end sent, bytes as tshark prints them. */
    record Conversation(String transport, String a, long framesFromA, String bytesFromA, String b, long framesFromB,
                        String bytesFromB) {
        /** The same conversation told from the other end (tables list the ends in either order). */
        Conversation turned() {
            return new Conversation(transport, b, framesFromB, bytesFromB, a, framesFromA, bytesFromA);
        }

        /** The two ends in a fixed order, so that a conversation compares equal however it was told. */
        Conversation normalised() {
            return a.compareTo(b) <= 0 ? this : turned();
        }
    }

    /** The rows of {@code -z conv,tcp} or {@code -z conv,udp}. */
    static List<Conversation> conversations(Path file, String transport) throws IOException {
        List<Conversation> rows = new ArrayList<>();
        for (String line : run("-r", file.toString(), "-q", "-z", "conv," + transport).split("\n")) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                rows.add(new Conversation(transport, m.group(1) + ":" + m.group(2), Long.parseLong(m.group(7)),
                        m.group(8), m.group(3) + ":" + m.group(4), Long.parseLong(m.group(5)), m.group(6)));
            }
        }
        return rows;
    }

    /** Flows as connwatch exports them (JSON documents) told as tshark conversations, normalised. */
    static List<Conversation> ofExport(List<JsonNode> flows) {
        return flows.stream().map(f -> new Conversation(f.at("/network/transport").asText(),
                f.at("/source/ip").asText() + ":" + f.at("/source/port").asInt(), f.at("/source/packets").asLong(),
                bytesText(f.at("/source/bytes").asLong()),
                f.at("/destination/ip").asText() + ":" + f.at("/destination/port").asInt(),
                f.at("/destination/packets").asLong(), bytesText(f.at("/destination/bytes").asLong()))
                .normalised()).toList();
    }

    /** Bytes the way tshark 4.0 prints them in its tables: whole units of 1000 once there are 10 of them. */
    static String bytesText(long bytes) {
        String[] prefixes = {"k", "M", "G", "T", "P"};
        String shown = bytes + " bytes";
        long unit = 1000;
        for (String prefix : prefixes) {
            if (bytes / unit >= 10) {
                shown = bytes / unit + " " + prefix + "B";
            }
            if (unit > Long.MAX_VALUE / 1000) {
                break;
            }
            unit *= 1000;
        }
        return shown;
    }

    /** A line per packet (that matches a display filter; all when it is blank): the fields, tab-separated. */
    static List<String> fields(Path file, String displayFilter, String... fields) throws IOException {
        List<String> args = new ArrayList<>(List.of("-r", file.toString(), "-T", "fields", "-E", "separator=/t"));
        if (!displayFilter.isBlank()) {
            args.addAll(List.of("-Y", displayFilter));
        }
        for (String f : fields) {
            args.addAll(List.of("-e", f));
        }
        String out = run(args.toArray(String[]::new));
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** Runs tshark; its standard output, or an IOException quoting its error output when it fails. */
    static String run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tshark"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " still runs after 120 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                    + new String(err.join(), StandardCharsets.UTF_8).strip());
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
