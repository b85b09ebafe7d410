package org.connwatch.source.zeek;

/**
 * Undoes the escaping of Zeek's ASCII writer: a byte it will not write as is (the separator, a
 * control character, a non-UTF-8 byte, a literal "-" or "(empty)" that would read as unset or
 * empty) is written as {@code \xHH}. Any other backslash is kept as it stands.
 */
final class ZeekEscapes {
    private ZeekEscapes() {
    }

    /** The text with every {@code \xHH} replaced by the character U+00HH. */
    static String unescape(String s) {
        int at = s.indexOf('\\');
        if (at < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        sb.append(s, 0, at);
        for (int i = at; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.charAt(i + 1) == 'x'
                    && hex(s.charAt(i + 2)) >= 0 && hex(s.charAt(i + 3)) >= 0) {
                sb.append((char) (hex(s.charAt(i + 2)) * 16 + hex(s.charAt(i + 3))));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
