package org.connwatch.present;

/**
 * Makes text from other programs or the network safe to print on a terminal: control characters
 * (which could move the cursor or recolour the screen) and invalid surrogates are shown as
 * {@code \xNN} / {@code \\uNNNN} escapes, and over-long text is cut.
 */
public final class SafeText {
    private SafeText() {
    }

    /**
     * The text with control characters escaped, cut to {@code max} characters (with "..."). The cut
     * never splits an escape or a surrogate pair: either would print as something misleading.
     */
    public static String terminal(String s, int max) {
        if (s == null) {
            return "";
        }
        if (s.length() <= max && plainAscii(s)) {
            return s; // the common case: nothing to escape or cut
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 3);
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            int used = 1;
            String piece;
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                piece = String.format("\\x%02x", (int) c);
            } else if (Character.isSurrogate(c)) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                used = pair ? 2 : 1;
                piece = pair ? s.substring(i, i + 2) : String.format("\\u%04x", (int) c);
            } else if (c == '\u202e' || c == '\u202d' || c == '\u2066' || c == '\u2067' || c == '\u2068'
                    || c == '\u2069' || c == '\u202a' || c == '\u202b' || c == '\u202c') {
                piece = String.format("\\u%04x", (int) c); // bidirectional overrides hide what a name says
            } else {
                piece = String.valueOf(c);
            }
            if (sb.length() + piece.length() > max) {
                return sb.append("...").toString();
            }
            sb.append(piece);
            i += used;
        }
        return sb.toString();
    }

    private static boolean plainAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
