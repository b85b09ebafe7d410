package org.connwatch.source.zeek;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What reading Zeek conn logs gave: how many records, and what was left out and why.
 *
 * @param files             the files read, in the order read
 * @param records           connections handed to the sink
 * @param malformed         lines that did not parse (over-long lines included)
 * @param malformedExamples the first few of them, each {@code FILE:LINE: REASON: SAMPLE}, escaped
 *                          and cut to about 200 characters
 * @param skipped           well-formed lines or files left out, by reason (the {@code SKIP_*} texts)
 * @param problems          files that could not be read to the end, or at all (a truncated gzip
 *                          file, an unsupported compression, a read error), each with why
 */
public record ReadReport(List<Path> files, long records, long malformed, List<String> malformedExamples,
                         Map<String, Long> skipped, List<String> problems) {

    /** Reason: a line of a log whose {@code #path} or {@code _path} is not conn (dns.log read by name). */
    public static final String SKIP_NOT_CONN_LINES = "lines of a log that is not conn";
    /** Reason: a proto other than tcp, udp and icmp ({@code unknown_transport}). */
    public static final String SKIP_UNSUPPORTED_PROTO = "lines with an unsupported proto";
    /** Reason: a file in a given directory that is not a conn log (by #path, or by name). */
    public static final String SKIP_NOT_CONN_FILES = "files in a directory that are not conn logs";

    public ReadReport {
        files = List.copyOf(files);
        malformedExamples = List.copyOf(malformedExamples);
        skipped = Map.copyOf(skipped);
        problems = List.copyOf(problems);
    }

    /** True when every file was read to its end. */
    public boolean complete() {
        return problems.isEmpty();
    }

    /** How many were skipped for one reason (0 when none). */
    public long skipped(String reason) {
        return skipped.getOrDefault(reason, 0L);
    }

    /** One paragraph for a person: the counts, the first malformed line and the problems. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(records).append(" connection(s) from ").append(files.size()).append(" file(s)");
        if (!skipped.isEmpty()) {
            sb.append("; skipped ").append(skipped.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        }
        if (malformed > 0) {
            sb.append("; ").append(malformed).append(" malformed line(s), the first: ").append(malformedExamples.getFirst());
        }
        for (String p : problems) {
            sb.append("; ").append(p);
        }
        return sb.toString();
    }
}
