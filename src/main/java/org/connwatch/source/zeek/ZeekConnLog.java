package org.connwatch.source.zeek;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.connwatch.records.Connection;

/**
 * Reads Zeek conn.log files, as analysts have them, into {@link Connection} records (observer
 * ZEEK): the ASCII (TSV) format with its header block or JSON lines, plain or gzip-compressed
 * (told by the magic bytes, not the name), one file, several, or a directory of rotated logs.
 *
 * <p>Streaming: records go to the sink as they are read, in file order, and memory stays bounded
 * whatever the input (lines longer than 64 KiB are cut and skipped). Nothing in a file makes it
 * throw: malformed lines are counted, with the first few quoted (file and line number), lines it
 * cannot represent are counted by reason, and a file that breaks off is reported and the next
 * one read. See {@link ZeekLineParser} for the formats, {@link ConnMapper} for the mapping to a
 * Connection and {@link ZeekConnState} for the states.
 */
public final class ZeekConnLog {
    private ZeekConnLog() {
    }

    /**
     * Reads each input in turn: a file (whatever its name), or a directory, whose conn logs are
     * read in time order and whose other logs are skipped.
     *
     * @throws NoSuchFileException   when an input does not exist (before anything is read)
     * @throws AccessDeniedException when an input cannot be read (before anything is read)
     * @throws IOException           when a directory cannot be listed
     */
    public static ReadReport read(List<Path> inputs, Consumer<Connection> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw new NoSuchFileException(input.toString(), null, "no such Zeek log file or directory");
            }
            if (!Files.isReadable(input)) {
                throw new AccessDeniedException(input.toString(), null, "cannot read this Zeek log file or directory");
            }
        }
        ReportBuilder report = new ReportBuilder();
        for (Path input : inputs) {
            List<Path> files = Files.isDirectory(input) ? LogDirectory.connLogs(input, report) : List.of(input);
            for (Path file : files) {
                readFile(file, sink, report);
            }
        }
        return report.build();
    }

    /**
     * Reads one stream, such as standard input, that holds a conn log (plain or gzip).
     *
     * @param source how the report names it
     */
    public static ReadReport read(InputStream in, String source, Consumer<Connection> sink) {
        ReportBuilder report = new ReportBuilder();
        try {
            ZeekLogReader.read(LogOpener.wrap(in, source), source, sink, report);
        } catch (IOException e) {
            report.problem(Samples.shown(String.valueOf(e.getMessage()), 300));
        }
        return report.build();
    }

    private static void readFile(Path file, Consumer<Connection> sink, ReportBuilder report) {
        try (InputStream in = LogOpener.open(file)) {
            report.file(file);
            ZeekLogReader.read(in, file.toString(), sink, report);
        } catch (LogOpener.UnsupportedCompressionException e) {
            report.problem(e.getMessage());
        } catch (IOException e) {
            report.problem(Samples.shown(file.toString(), 200) + ": cannot be read: "
                    + Samples.shown(String.valueOf(e.getMessage()), 120));
        }
    }
}
