package org.connwatch.source.capture.app;

/**
 * Turns bytes from a packet into text that is safe to store, print and compare: the one escaping
 * every application-layer parser uses for the names it returns.
 *
 * <p>Printable ASCII ({@code 0x20} to {@code 0x7e}) is kept; every other byte, and the backslash
 * itself (so that an escape in the text always means an escaped byte), is written as {@code \xNN}
 * with two lower-case hex digits. The text is cut at {@value #MAX_CHARS} characters (or a smaller
 * maximum), never inside an escape. A name {@code "bad\x00\n.com"} on the wire reads
 * {@code bad\x00\x0a.com}; {@code caf\xc3\xa9} is the UTF-8 of "café", kept as its bytes.
 */
public final class PacketText {
    /** The most characters any returned text has. */
    public static final int MAX_CHARS = 255;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PacketText() {
    }

    /**
     * The bytes {@code b[off, off + len)} as escaped text of at most {@code maxChars} (and at most
     * {@value #MAX_CHARS}) characters. A range that reaches past the array is cut to the array.
     */
    public static String escape(byte[] b, int off, int len, int maxChars) {
        return text(b, off, len, maxChars, false);
    }

    /** Like {@link #escape}, with the ASCII letters A to Z lower-cased first (for host and domain names). */
    public static String escapeLowerCase(byte[] b, int off, int len, int maxChars) {
        return text(b, off, len, maxChars, true);
    }

    private static String text(byte[] b, int off, int len, int maxChars, boolean lowerCase) {
        if (b == null || off < 0 || len <= 0 || off >= b.length) {
            return "";
        }
        int max = Math.clamp(maxChars, 0, MAX_CHARS);
        int n = Math.min(len, b.length - off);
        StringBuilder sb = new StringBuilder(Math.min(max, n));
        append(sb, b, off, n, max, lowerCase, false);
        return sb.toString();
    }

    /**
     * Appends the escaped bytes to {@code sb} while it stays within {@code maxChars}.
     *
     * @param escapeDot also escape {@code '.'} (a dot inside one DNS label, which would otherwise
     *                  read as a label boundary)
     * @return false when the text was cut (a byte did not fit)
     */
    static boolean append(StringBuilder sb, byte[] b, int off, int len, int maxChars, boolean lowerCase,
                          boolean escapeDot) {
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            if (lowerCase && c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            boolean plain = c >= 0x20 && c <= 0x7e && c != '\\' && !(escapeDot && c == '.');
            if (sb.length() + (plain ? 1 : 4) > maxChars) {
                return false;
            }
            if (plain) {
                sb.append((char) c);
            } else {
                sb.append('\\').append('x').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
        return true;
    }
}
