package org.connwatch.source.capture.app;

/**
 * Finds the host an HTTP/1.x request is for, from the start of a TCP payload. Pure: no I/O, no
 * exceptions for any input, work bounded by the input's length.
 *
 * <pre>
 *   GET /index.html HTTP/1.1\r\n
 *   Host: www.Example.com:8080\r\n      -> "www.example.com"
 *   User-Agent: curl/8.5.0\r\n
 *   \r\n
 * </pre>
 * The payload must start with a request line: a method token (an upper-case letter, then such
 * letters, {@code -} or {@code _}: GET, POST, HEAD, PUT, DELETE, OPTIONS, CONNECT, PATCH,
 * M-SEARCH ...), one space, the request target, one space and {@code HTTP/1.}<i>digit</i>, ended
 * by CRLF or a bare LF. The host is then the value of the first {@code Host} header (name
 * case-insensitive, blanks around the value dropped); for CONNECT it is the authority of the
 * request line ({@code CONNECT example.com:443 HTTP/1.1}); when the headers end without a Host
 * header, the authority of an absolute request target ({@code GET http://example.com/ HTTP/1.0}).
 * A port is stripped (only when it is digits after a single colon), an IPv6 literal loses its
 * brackets ({@code [2001:db8::1]:80} gives {@code 2001:db8::1}) and any user info before
 * {@code @} of an absolute target is dropped. The result is ASCII lower-cased and escaped
 * ({@link PacketText}). A line only counts when its line break is within the bytes given: a
 * request cut before its Host line ends gives null.
 */
public final class HttpRequestHost {
    private static final int MAX_METHOD = 24;
    private static final byte[] CONNECT = {'C', 'O', 'N', 'N', 'E', 'C', 'T'};
    private static final byte[] HOST = {'h', 'o', 's', 't', ':'};
    private static final byte[] VERSION = {' ', 'H', 'T', 'T', 'P', '/', '1', '.'};

    private HttpRequestHost() {
    }

    /**
     * The host of the HTTP/1.x request that starts at {@code b[off]}, lower case, without port
     * or brackets; null when the bytes are not a request or name no host within {@code len} bytes.
     */
    public static String host(byte[] b, int off, int len) {
        if (b == null || off < 0 || len <= 0 || off > b.length - len) {
            return null;
        }
        int end = off + len;
        if (b[off] < 'A' || b[off] > 'Z') {
            return null;
        }
        int p = off + 1;
        while (p < end && p - off < MAX_METHOD && methodChar(b[p])) {
            p++;
        }
        if (p >= end || b[p] != ' ') {
            return null;
        }
        boolean connect = p - off == CONNECT.length && matches(b, off, CONNECT, false);
        int lineEnd = indexOf(b, p, end, '\n');
        if (lineEnd < 0) {
            return null;
        }
        int version = lineStop(b, p, lineEnd) - VERSION.length - 1;
        if (version <= p + 1 || !matches(b, version, VERSION, false) || !digit(b[version + VERSION.length])) {
            return null;
        }
        int target = p + 1;
        if (connect) {
            return authority(b, target, version);
        }
        int line = lineEnd + 1;
        while (true) {
            int next = indexOf(b, line, end, '\n');
            if (next < 0) {
                return null; // the headers are cut: the Host header may be in what is missing
            }
            int stop = lineStop(b, line, next);
            if (stop == line) {
                return absoluteTarget(b, target, version); // the empty line that ends the headers
            }
            if (stop - line >= HOST.length && matches(b, line, HOST, true)) {
                int from = line + HOST.length;
                while (from < stop && blank(b[from])) {
                    from++;
                }
                while (stop > from && blank(b[stop - 1])) {
                    stop--;
                }
                return authority(b, from, stop);
            }
            line = next + 1;
        }
    }

    /** The host of an absolute target {@code scheme://[userinfo@]authority[/...]}, else null. */
    private static String absoluteTarget(byte[] b, int from, int to) {
        int p = from;
        while (p < to && p - from < 16 && letter(b[p])) {
            p++;
        }
        if (p == from || p + 3 > to || b[p] != ':' || b[p + 1] != '/' || b[p + 2] != '/') {
            return null;
        }
        int start = p + 3;
        int stop = start;
        while (stop < to && b[stop] != '/' && b[stop] != '?' && b[stop] != '#') {
            stop++;
        }
        for (int i = stop - 1; i >= start; i--) {
            if (b[i] == '@') {
                start = i + 1;
                break;
            }
        }
        return authority(b, start, stop);
    }

    /** The host of {@code host[:port]} or {@code [v6]:port} in {@code b[from, to)}; null when empty. */
    private static String authority(byte[] b, int from, int to) {
        int hostStart = from;
        int hostEnd = to;
        if (from < to && b[from] == '[') {
            hostStart = from + 1;
            hostEnd = indexOf(b, hostStart, to, ']');
            if (hostEnd < 0) {
                return null;
            }
        } else {
            int colon = indexOf(b, from, to, ':');
            if (colon >= 0 && indexOf(b, colon + 1, to, ':') < 0 && digits(b, colon + 1, to)) {
                hostEnd = colon;
            }
        }
        if (hostEnd <= hostStart) {
            return null;
        }
        return PacketText.escapeLowerCase(b, hostStart, hostEnd - hostStart, PacketText.MAX_CHARS);
    }

    /** Where the line ending at the LF at {@code lf} stops, without its CR. */
    private static int lineStop(byte[] b, int lineStart, int lf) {
        return lf > lineStart && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code b[at ...]} starts with {@code what} (ASCII case ignored if asked); the caller checked the length. */
    private static boolean matches(byte[] b, int at, byte[] what, boolean ignoreCase) {
        for (int i = 0; i < what.length; i++) {
            int c = b[at + i];
            if (ignoreCase && c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != what[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!digit(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean methodChar(byte c) {
        return (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    }

    private static boolean letter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean blank(byte c) {
        return c == ' ' || c == '\t';
    }
}
