package org.connwatch.source.capture.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What tshark says a capture's conversations are, for cross-checking the flow tracker: the
 * {@code -z conv,tcp} / {@code -z conv,udp} tables, and exact per-stream sums of frame lengths
 * (the tables print bytes rounded to kB and MB).
 *
 * <p>A line of tshark 4.0's table reads
 * <pre>
 * 127.0.0.1:42988            &lt;-&gt; 127.0.0.1:40077                  5 5338 bytes       6 409 bytes      11 5747 bytes     0.000000000         0.2003
 * </pre>
 * address A:port, address B:port, then frames and bytes B to A ({@code <-}), A to B ({@code ->}),
 * the total, the relative start and the duration.
 */
final class TsharkConversations {
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+):(\\d+)\\s+<->\\s+(\\S+):(\\d+)\\s+(\\d+)\\s+(\\d+ \\S+)\\s+(\\d+)\\s+(\\d+ \\S+)\\s+(\\d+)\\s+(\\d+ \\S+)\\s+.*$");

    private TsharkConversations() {
    }

    /** One end's share of a conversation: frames and bytes it sent. */
    record Side(String endpoint, long frames, String bytesText, long bytes) {
    }

    /** A conversation as tshark lists it; {@code bytes} are exact only when from {@link #exact}. */
    record Conversation(String transport, Side a, Side b) {
        /** The two ends, in a fixed order, as a key. */
        String key() {
            return transport + " " + (a.endpoint().compareTo(b.endpoint()) < 0 ? a.endpoint() + " " + b.endpoint()
                    : b.endpoint() + " " + a.endpoint());
        }
    }

    static boolean available() {
        try {
            return run(List.of("tshark", "--version")).contains("TShark");
        } catch (IOException e) {
            return false;
        }
    }

    /** The rows of {@code tshark -q -z conv,<transport>} ({@code tcp} or {@code udp}). */
    static List<Conversation> table(Path file, String transport) throws IOException {
        String out = run(List.of("tshark", "-r", file.toString(), "-q", "-z", "conv," + transport));
        List<Conversation> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                rows.add(new Conversation(transport,
                        new Side(m.group(1) + ":" + m.group(2), Long.parseLong(m.group(7)), m.group(8), -1),
                        new Side(m.group(3) + ":" + m.group(4), Long.parseLong(m.group(5)), m.group(6), -1)));
            }
        }
        return rows;
    }

    /** Exact frames and bytes per stream and sender, from {@code -T fields} ({@code tcp.stream}, {@code udp.stream}). */
    static List<Conversation> exact(Path file, String transport) throws IOException {
        String out = run(List.of("tshark", "-r", file.toString(), "-Y", transport, "-T", "fields", "-E",
                "separator=/t", "-e", transport + ".stream", "-e", "ip.src", "-e", "ipv6.src", "-e",
                transport + ".srcport", "-e", "ip.dst", "-e", "ipv6.dst", "-e", transport + ".dstport", "-e",
                "frame.len", "-e", "icmp.type", "-e", "icmpv6.type"));
        Map<String, Map<String, long[]>> streams = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 10 || f[0].isEmpty() || f[0].contains(",") || !f[8].isEmpty() || !f[9].isEmpty()) {
                continue; // no stream, two headers of the protocol, or an ICMP error quoting one
            }
            String src = first(f[1], f[2]) + ":" + first(f[3]);
            String dst = first(f[4], f[5]) + ":" + first(f[6]);
            Map<String, long[]> sides = streams.computeIfAbsent(f[0], k -> new LinkedHashMap<>());
            long[] s = sides.computeIfAbsent(src, k -> new long[2]);
            sides.computeIfAbsent(dst, k -> new long[2]);
            s[0]++;
            s[1] += Long.parseLong(first(f[7]));
        }
        List<Conversation> rows = new ArrayList<>();
        for (Map<String, long[]> sides : streams.values()) {
            List<Map.Entry<String, long[]>> e = new ArrayList<>(sides.entrySet());
            if (e.size() != 2) {
                continue; // a stream of one address:port talking to itself
            }
            rows.add(new Conversation(transport, side(e.get(0)), side(e.get(1))));
        }
        return rows;
    }

    private static Side side(Map.Entry<String, long[]> e) {
        return new Side(e.getKey(), e.getValue()[0], formatSize(e.getValue()[1]), e.getValue()[1]);
    }

    /** A multi-valued field (tunnels, ICMP errors) keeps its first value. */
    private static String first(String... values) {
        for (String v : values) {
            if (!v.isEmpty()) {
                int comma = v.indexOf(',');
                return comma < 0 ? v : v.substring(0, comma);
            }
        }
        return "";
    }

    /** Bytes the way tshark 4.0 prints them in its tables: whole units of 1000 once the number reaches 10 of them. */
    static String formatSize(long bytes) {
        String[] prefixes = {"P", "T", "G", "M", "k"};
        for (int i = 0; i < prefixes.length; i++) {
            long unit = (long) Math.pow(1000, prefixes.length - i);
            if (bytes / unit >= 10) {
                return bytes / unit + " " + prefixes[i] + "B";
            }
        }
        return bytes + " bytes";
    }

    private static String run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
