package org.connwatch.detect.blocklist;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits text into lines (at {@code \n}; a trailing {@code \r} and a leading byte-order mark
 * dropped) holding at most {@code maxChars} of any line: the rest of a longer line is skipped and
 * the line flagged as cut, so a file without line breaks cannot fill the memory.
 */
final class LineReader {
    /** One line: its number (from 1), its text (only the start when cut) and whether it was cut. */
    record Line(long number, String text, boolean cut) {
    }

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[1 << 14];
    private int position;
    private int limit;
    private long number;

    LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line, or null at the end. */
    Line next() throws IOException {
        StringBuilder sb = null;
        boolean cut = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (sb == null) {
                        return null;
                    }
                    break;
                }
            }
            if (sb == null) {
                sb = new StringBuilder(64);
                number++;
            }
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int room = maxChars - sb.length();
            int take = Math.min(room, end - position);
            sb.append(buffer, position, take);
            cut |= take < end - position;
            if (end < limit) {
                position = end + 1;
                break;
            }
            position = limit;
        }
        int length = sb.length();
        if (!cut && length > 0 && sb.charAt(length - 1) == '\r') {
            sb.setLength(length - 1);
        }
        if (number == 1 && !sb.isEmpty() && sb.charAt(0) == '\uFEFF') {
            sb.deleteCharAt(0);
        }
        return new Line(number, sb.toString(), cut);
    }
}
