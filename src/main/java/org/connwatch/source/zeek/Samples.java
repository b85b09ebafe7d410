package org.connwatch.source.zeek;

/** Raw log text made safe for a message: control and format characters escaped, cut short. */
final class Samples {
    /** How much of a line a report quotes. */
    static final int LINE_CHARS = 200;
    private static final int FIELD_CHARS = 40;

    private Samples() {
    }

    /** A line for a report: at most {@value #LINE_CHARS} characters, then "...". */
    static String line(String s) {
        return shown(s, LINE_CHARS);
    }

    /** A field for a message: quoted, escaped and cut short. */
    static String field(String s) {
        return "'" + shown(s, FIELD_CHARS) + "'";
    }

    /** At most {@code max} characters of {@code s} (then "..."), escapes never split. */
    static String shown(String s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max) + 3);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            String piece;
            if (Character.isISOControl(c)) { // C0, DEL and C1 (0x9b is an 8-bit terminal escape)
                piece = String.format("\\x%02x", (int) c);
            } else if (type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE) {
                piece = String.format("\\u%04x", (int) c); // bidi overrides, zero-width, lone halves
            } else {
                piece = String.valueOf(c);
            }
            if (sb.length() + piece.length() > max) {
                return sb.append("...").toString();
            }
            sb.append(piece);
        }
        return sb.toString();
    }
}
