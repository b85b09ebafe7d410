package org.connwatch.source.zeek;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens a log file, decompressing it when its first bytes say gzip ({@code 1f 8b}), whatever its
 * name. Files compressed otherwise (bzip2, xz, zstd: log archivers can be set to use any of
 * them) are refused with a message that says so, rather than read as junk lines.
 */
final class LogOpener {
    private static final int BUFFER = 1 << 16;

    private LogOpener() {
    }

    /** A file compressed in a format connwatch does not read. */
    static final class UnsupportedCompressionException extends IOException {
        UnsupportedCompressionException(String message) {
            super(message);
        }
    }

    static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return wrap(new BufferedInputStream(raw, BUFFER), file.toString());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The stream, decompressed if it starts with the gzip magic bytes. */
    static InputStream wrap(InputStream in, String name) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, BUFFER);
        buffered.mark(6);
        byte[] head = buffered.readNBytes(6);
        buffered.reset();
        if (startsWith(head, 0x1f, 0x8b)) {
            return new GZIPInputStream(buffered, BUFFER);
        }
        String other = startsWith(head, 'B', 'Z', 'h') ? "bzip2"
                : startsWith(head, 0xfd, '7', 'z', 'X', 'Z', 0) ? "xz"
                : startsWith(head, 0x28, 0xb5, 0x2f, 0xfd) ? "zstd"
                : null;
        if (other != null) {
            throw new UnsupportedCompressionException(Samples.shown(name, 200) + ": compressed with " + other
                    + ", which connwatch does not read: decompress it first");
        }
        return buffered;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
