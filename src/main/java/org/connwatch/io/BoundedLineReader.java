package org.connwatch.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into UTF-8 lines (at {@code \n}, a trailing {@code \r} and a leading
 * byte-order mark dropped; invalid UTF-8 replaced) while holding at most {@code maxLineBytes} of
 * any line: the rest of a longer line is read and thrown away, and the line is flagged as cut.
 * Memory stays bounded whatever the input: every reader of untrusted text files uses it. Not
 * thread-safe.
 */
public final class BoundedLineReader {
    /** One line: its number (from 1), its text (only the start when cut) and whether it was cut. */
    public record Line(long number, String text, boolean cut) {
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[512];
    private long lineNumber;

    public BoundedLineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The number of the last line returned (or being read when an exception came), 0 before any. */
    public long lineNumber() {
        return lineNumber;
    }

    /** The next line, or null at the end of the stream. */
    public Line next() throws IOException {
        int length = 0;
        boolean cut = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            if (!any) {
                any = true;
                lineNumber++;
            }
            int newline = indexOfNewline(position, limit);
            int end = newline < 0 ? limit : newline;
            int take = Math.min(end - position, maxLineBytes - length);
            if (take < end - position) {
                cut = true;
            }
            if (take > 0) {
                if (length + take > line.length) {
                    line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(line.length * 2, length + take)));
                }
                System.arraycopy(buffer, position, line, length, take);
                length += take;
            }
            position = end;
            if (newline >= 0) {
                position++;
                break;
            }
        }
        if (!cut && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        int start = lineNumber == 1 && length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB
                && line[2] == (byte) 0xBF ? 3 : 0; // a byte-order mark opening the file
        return new Line(lineNumber, new String(line, start, length - start, StandardCharsets.UTF_8), cut);
    }

    private int indexOfNewline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
