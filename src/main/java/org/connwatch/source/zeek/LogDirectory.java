package org.connwatch.source.zeek;

import org.connwatch.io.BoundedLineReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the conn logs in a directory of Zeek logs, such as an archive of hourly rotated files
 * ({@code 2024-03-10/conn.00:00:00-01:00:00.log.gz}, ..., {@code conn.log}), and orders them by
 * time.
 *
 * <p>Each file's first lines are read: a file whose {@code #path} (or JSON {@code _path}) is
 * {@code conn} is a conn log, one whose path is anything else is not; a file that says nothing
 * is a conn log when its name starts with {@code conn.} (so {@code conn-summary.log} and
 * {@code dns.log} are not). The conn logs are ordered by the {@code ts} of their first record,
 * then by path (files without records first). Subdirectories are searched down to
 * {@value #MAX_DEPTH} levels; hidden files are left out.
 */
final class LogDirectory {
    static final int MAX_DEPTH = 3;
    /** How many lines of a file are looked at to find its path and first ts. */
    private static final int PROBE_LINES = 64;

    private LogDirectory() {
    }

    private record Probe(Path file, boolean conn, Instant firstTs) {
    }

    /** The conn logs of the directory, in time order; the others are counted in the report. */
    static List<Path> connLogs(Path dir, ReportBuilder report) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir, MAX_DEPTH)) {
            files = all.filter(p -> !p.equals(dir) && Files.isRegularFile(p))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) { // a subdirectory that cannot be listed
            throw e.getCause();
        }
        List<Probe> conn = new ArrayList<>();
        for (Path file : files) {
            Probe probe = probe(file);
            if (probe.conn()) {
                conn.add(probe);
            } else {
                report.skipped(ReadReport.SKIP_NOT_CONN_FILES);
            }
        }
        conn.sort(Comparator.comparing(Probe::firstTs, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Probe::file));
        return conn.stream().map(Probe::file).toList();
    }

    private static Probe probe(Path file) {
        String declared = null;
        Instant firstTs = null;
        try (InputStream in = LogOpener.open(file)) {
            BoundedLineReader lines = new BoundedLineReader(in, ZeekLogReader.MAX_LINE_BYTES);
            ZeekLineParser parser = new ZeekLineParser();
            for (int i = 0; i < PROBE_LINES; i++) {
                BoundedLineReader.Line line = lines.next();
                if (line == null) {
                    break;
                }
                LineResult r = line.cut() ? LineResult.NOTHING : parser.parse(line.text());
                declared = parser.declaredPath();
                if (r instanceof LineResult.Parsed p) {
                    firstTs = p.connection().firstSeen();
                    break;
                }
                if (declared != null && !declared.equals("conn")) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unreadable now: judged by its name; reading it later reports what is wrong.
        }
        boolean conn = declared != null ? declared.equals("conn") : nameSaysConn(file);
        return new Probe(file, conn, firstTs);
    }

    private static boolean nameSaysConn(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("conn.") || name.equals("conn");
    }
}
