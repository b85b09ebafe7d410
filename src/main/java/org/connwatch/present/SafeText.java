package org.connwatch.present;

/**
 * Makes text from other programs or the network safe to print on a terminal: control characters
 * (which could move the cursor or recolour the screen) and invalid surrogates are shown as
 * {@code \xNN} / {@code \\uNNNN} escapes, and over-long text is cut.
 */
public final class SafeText {
    private SafeText() {
    }

    /** The text with control characters escaped, cut to {@code max} characters (with "..."). */
    public static String terminal(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max + 3));
        int i = 0;
        for (; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (Character.isSurrogate(c)) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                        && Character.isLowSurrogate(s.charAt(i + 1));
                if (pair) {
                    sb.append(c).append(s.charAt(++i));
                } else {
                    sb.append(String.format("\\u%04x", (int) c));
                }
            } else if (c == '\u202e' || c == '\u202d' || c == '\u2066' || c == '\u2067' || c == '\u2068'
                    || c == '\u2069' || c == '\u202a' || c == '\u202b' || c == '\u202c') {
                sb.append(String.format("\\u%04x", (int) c)); // bidirectional overrides hide what a name says
            } else {
                sb.append(c);
            }
        }
        if (i < s.length()) {
            sb.setLength(Math.min(sb.length(), max));
            sb.append("...");
        }
        return sb.toString();
    }
}
