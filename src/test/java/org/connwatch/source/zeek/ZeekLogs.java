package org.connwatch.source.zeek;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.connwatch.records.Connection;

/** Test helpers: the hand-written logs in the test resources, reading them, gzip. */
final class ZeekLogs {
    private ZeekLogs() {
    }

    /** A resource of this package as a file. */
    static Path resource(String name) {
        try {
            return Path.of(ZeekLogs.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource " + name, e);
        }
    }

    /** What reading gave: the records and the report. */
    record Result(List<Connection> records, ReadReport report) {
    }

    static Result read(Path... inputs) {
        List<Connection> out = new ArrayList<>();
        try {
            ReadReport report = ZeekConnLog.read(List.of(inputs), out::add);
            return new Result(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void gzip(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
