package org.connwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.source.capture.file.CaptureFile;
import org.connwatch.source.capture.file.CaptureReadReport;

/**
 * The files of {@code analyze} and {@code ls --from} sorted by what they hold, told by their first
 * bytes: packet captures (the pcap and pcapng magic numbers), and Zeek conn.logs (a directory of
 * them; a file whose first character, after any byte-order mark and blank space, is {@code #} of
 * the TSV header or <code>{</code> of JSON lines; a compressed file, which the log reader opens or
 * names the compression of; an empty file). Anything else is refused with one line saying what
 * it begins with, rather than being read as a log with every line malformed.
 *
 * @param captures the capture files, in the order given
 * @param logs     the conn.logs and directories, in the order given
 */
record RecordedInputs(List<Path> captures, List<Path> logs) {
    /** How much of a file's head is looked at for the first character. */
    private static final int HEAD = 4096;

    RecordedInputs {
        captures = List.copyOf(captures);
        logs = List.copyOf(logs);
    }

    /**
     * Sorts the inputs.
     *
     * @throws NoSuchFileException when one does not exist
     * @throws IOException         when one cannot be read, or is neither a capture nor a conn.log
     */
    static RecordedInputs sort(List<Path> inputs) throws IOException {
        List<Path> captures = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (Path p : inputs) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString(), null, "no such file or directory");
            }
            if (Files.isDirectory(p)) {
                logs.add(p);
            } else if (CaptureFile.isCapture(p)) {
                captures.add(p);
            } else if (mayBeConnLog(p)) {
                logs.add(p);
            } else {
                CaptureReadReport looked = CaptureFile.read(p, (ns, ifId, link, data, off, cap, orig) -> { });
                throw new IOException(p + ": " + looked.warning() + "; nor a Zeek conn.log (TSV with its "
                        + "#fields header, or JSON lines)");
            }
        }
        return new RecordedInputs(captures, logs);
    }

    private static boolean mayBeConnLog(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD);
        }
        if (head.length == 0 || compressed(head)) {
            return true;
        }
        int i = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf
                ? 3 : 0;
        while (i < head.length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
            i++;
        }
        return i == head.length || head[i] == '#' || head[i] == '{';
    }

    /** gzip, bzip2, xz, zstd: the log reader decompresses gzip and names the others. */
    private static boolean compressed(byte[] head) {
        int b0 = head[0] & 0xff;
        int b1 = head.length > 1 ? head[1] & 0xff : -1;
        return (b0 == 0x1f && b1 == 0x8b) || (b0 == 'B' && b1 == 'Z') || (b0 == 0xfd && b1 == '7')
                || (b0 == 0x28 && b1 == 0xb5);
    }
}
