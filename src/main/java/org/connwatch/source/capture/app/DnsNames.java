package org.connwatch.source.capture.app;

/**
 * Reads the domain names of a DNS message (RFC 1035 section 4.1.4): a sequence of labels, each a
 * length byte (1 to 63) and that many bytes, ended by a zero byte or by a compression pointer (two
 * bytes {@code 11pppppp pppppppp}: the rest of the name is at offset p of the message).
 *
 * <p>Hostile names cannot make the work unbounded: a pointer must lead to a place before where
 * the current run of labels started (so every jump goes strictly backwards and no loop is
 * possible), at most {@value #MAX_POINTERS} pointers are followed, and a name of more than
 * {@value #MAX_WIRE_OCTETS} octets (length bytes included, as RFC 1035 counts) is malformed. The
 * other label types ({@code 01} and {@code 10}, RFC 6891's extended labels) are malformed.
 */
final class DnsNames {
    /** The most octets a name has on the wire, length bytes and the final zero included. */
    static final int MAX_WIRE_OCTETS = 255;
    /** The most compression pointers followed within one name. */
    static final int MAX_POINTERS = 16;

    private DnsNames() {
    }

    /**
     * Where the name that starts at {@code pos} ends in place (the offset after its zero byte or
     * its pointer), without following pointers; -1 when it runs past {@code limit} or is malformed.
     */
    static int skip(byte[] b, int pos, int limit) {
        int octets = 1;
        while (pos < limit) {
            int l = b[pos] & 0xff;
            if (l == 0) {
                return pos + 1;
            }
            if ((l & 0xc0) == 0xc0) {
                return pos + 2 <= limit ? pos + 2 : -1;
            }
            if ((l & 0xc0) != 0) {
                return -1;
            }
            octets += l + 1;
            if (octets > MAX_WIRE_OCTETS) {
                return -1;
            }
            pos += 1 + l;
        }
        return -1;
    }

    /**
     * The name that starts at {@code pos}, its labels joined by dots, ASCII lower-cased and escaped
     * ({@link PacketText}, with a dot inside a label escaped too), cut at
     * {@value PacketText#MAX_CHARS} characters; {@code "."} for the root; null when malformed.
     *
     * @param message where the message starts (compression offsets count from there)
     * @param limit   where the message ends
     */
    static String read(byte[] b, int message, int pos, int limit) {
        StringBuilder sb = new StringBuilder(64);
        boolean fits = true;
        boolean first = true;
        int runStart = pos;
        int pointers = 0;
        int octets = 1;
        while (true) {
            if (pos >= limit) {
                return null;
            }
            int l = b[pos] & 0xff;
            if (l == 0) {
                break;
            }
            if ((l & 0xc0) == 0xc0) {
                if (pos + 1 >= limit) {
                    return null;
                }
                int target = message + (((l & 0x3f) << 8) | (b[pos + 1] & 0xff));
                if (target >= runStart || ++pointers > MAX_POINTERS) {
                    return null;
                }
                pos = target;
                runStart = target;
                continue;
            }
            if ((l & 0xc0) != 0) {
                return null;
            }
            octets += l + 1;
            if (octets > MAX_WIRE_OCTETS || pos + 1 + l > limit) {
                return null;
            }
            if (fits && !first) {
                fits = sb.length() < PacketText.MAX_CHARS;
                if (fits) {
                    sb.append('.');
                }
            }
            if (fits) {
                fits = PacketText.append(sb, b, pos + 1, l, PacketText.MAX_CHARS, true, true);
            }
            first = false;
            pos += 1 + l;
        }
        if (first) {
            return ".";
        }
        if (!fits && !sb.isEmpty() && sb.charAt(sb.length() - 1) == '.') {
            sb.setLength(sb.length() - 1); // the dot fitted, the label after it did not
        }
        return sb.toString();
    }
}
