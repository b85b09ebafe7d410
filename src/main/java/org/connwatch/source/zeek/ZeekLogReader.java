package org.connwatch.source.zeek;

import org.connwatch.io.BoundedLineReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.zip.ZipException;
import org.connwatch.records.Connection;

/**
 * Reads one Zeek conn log stream (already decompressed) line by line into a sink, counting what
 * it leaves out. A stream that breaks off (a truncated gzip file) ends the reading of that stream
 * with a problem in the report; the records before the break are kept.
 */
final class ZeekLogReader {
    /** Longer lines are cut, counted as malformed and skipped; conn.log lines are a few hundred bytes. */
    static final int MAX_LINE_BYTES = 1 << 16;

    private ZeekLogReader() {
    }

    /** @param source how the report names the stream (a file path) */
    static void read(InputStream in, String source, Consumer<Connection> sink, ReportBuilder report) {
        read(in, source, sink, report, MAX_LINE_BYTES);
    }

    static void read(InputStream in, String source, Consumer<Connection> sink, ReportBuilder report,
                     int maxLineBytes) {
        BoundedLineReader lines = new BoundedLineReader(in, maxLineBytes);
        ZeekLineParser parser = new ZeekLineParser();
        try {
            for (BoundedLineReader.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.cut()) {
                    report.malformed(source, line.number(), "line longer than " + maxLineBytes + " bytes",
                            line.text());
                    continue;
                }
                switch (parser.parse(line.text())) {
                    case LineResult.Parsed p -> {
                        report.record();
                        sink.accept(p.connection());
                    }
                    case LineResult.Skipped s -> report.skipped(s.reason());
                    case LineResult.Malformed m -> report.malformed(source, line.number(), m.reason(), line.text());
                    case LineResult.Nothing n -> {
                        // a header or blank line
                    }
                }
            }
        } catch (IOException e) {
            report.problem(Samples.shown(source, 200) + ": reading stopped at line " + lines.lineNumber() + ": "
                    + describe(e));
        }
    }

    private static String describe(IOException e) {
        String message = Samples.shown(String.valueOf(e.getMessage()), 120);
        if (e instanceof EOFException || e instanceof ZipException) {
            return "the compressed data is truncated or corrupt (" + message + ")";
        }
        return message;
    }
}
