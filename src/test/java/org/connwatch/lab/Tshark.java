package org.connwatch.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a capture file with tshark, Wireshark's dissectors being the reference a test checks a
 * capture against: {@link #fields} gives, for each packet a display filter keeps, the values of
 * some fields ({@code tshark -T fields}), several occurrences of a field joined by commas.
 */
public final class Tshark {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private Tshark() {
    }

    /** The tshark binary, from PATH or the usual directories; empty when it is not installed. */
    public static Optional<Path> binary() {
        return which("tshark");
    }

    /** A program on PATH or in the usual bin directories. */
    static Optional<Path> which(String program) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(Arrays.asList(path.split(":")));
        }
        dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, program)).filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * The values of {@code fields} in each packet of {@code file} that {@code filter} keeps, one
     * list per packet, in file order.
     *
     * @param options more tshark options before the filter ({@code -d tcp.port==8443,http},
     *                {@code -o http.desegment_body:FALSE})
     * @throws IOException when tshark is missing or fails (its error output quoted)
     */
    public static List<List<String>> fields(Path file, String filter, List<String> options, String... fields)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary().orElseThrow(() -> new IOException("no tshark")).toString(),
                "-r", file.toString(), "-n", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
                "-E", "aggregator=,"));
        cmd.addAll(options);
        cmd.addAll(List.of("-Y", filter));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Lab.ExecResult r = Lab.run(cmd, TIMEOUT).orThrow();
        List<List<String>> rows = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isEmpty()) {
                rows.add(List.of(line.split("\t", -1)));
            }
        }
        return rows;
    }

    /** The same, with no extra options. */
    public static List<List<String>> fields(Path file, String filter, String... fields) throws IOException {
        return fields(file, filter, List.of(), fields);
    }

    /** Each row's values joined by single spaces, for assertions that read like the capture. */
    public static List<String> lines(List<List<String>> rows) {
        return rows.stream().map(r -> String.join(" ", r)).toList();
    }
}
