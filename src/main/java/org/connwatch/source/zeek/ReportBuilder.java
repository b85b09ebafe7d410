package org.connwatch.source.zeek;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects a {@link ReadReport} while reading; keeps a bounded number of examples and problems. */
final class ReportBuilder {
    static final int MAX_EXAMPLES = 5;
    private static final int MAX_PROBLEMS = 50;

    private final List<Path> files = new ArrayList<>();
    private long records;
    private long malformed;
    private final List<String> examples = new ArrayList<>();
    private final Map<String, Long> skipped = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long problemsLeftOut;

    void file(Path file) {
        files.add(file);
    }

    void record() {
        records++;
    }

    /** @param reason escaped and short already; {@code line} is the raw line (or its start) */
    void malformed(String source, long lineNumber, String reason, String line) {
        malformed++;
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(Samples.shown(source, 120) + ":" + lineNumber + ": " + reason + ": " + Samples.line(line));
        }
    }

    void skipped(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    void problem(String text) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(text);
        } else {
            problemsLeftOut++;
        }
    }

    ReadReport build() {
        List<String> p = new ArrayList<>(problems);
        if (problemsLeftOut > 0) {
            p.add("and " + problemsLeftOut + " more file(s) with problems");
        }
        return new ReadReport(files, records, malformed, examples, skipped, p);
    }
}
