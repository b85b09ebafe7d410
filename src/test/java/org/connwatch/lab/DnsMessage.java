package org.connwatch.lab;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lab's DNS messages (RFC 1035), built and read by hand: a query for one name, the server's
 * reply (one A record, no record, or an error code) and the addresses a reply carries.
 *
 * <p>Reading is bounds-checked throughout: a message that is cut short, has a name longer than
 * 255 characters, a compression pointer that does not point backwards or an unknown label type
 * raises an {@link IllegalArgumentException} saying what is wrong, never an index error.
 * Names are read in lower case with bytes other than letters, digits, {@code -} and {@code _}
 * written {@code \xNN}, so they are safe to print.
 */
final class DnsMessage {
    static final int HEADER = 12;
    static final int TYPE_A = 1;
    static final int TYPE_AAAA = 28;
    static final int CLASS_IN = 1;
    static final int NOERROR = 0;
    static final int FORMERR = 1;
    static final int NXDOMAIN = 3;
    static final int NOTIMP = 4;
    /** The time to live of the server's answers, seconds. */
    static final int TTL = 300;

    private static final int QR = 0x8000;
    private static final int AA = 0x0400;
    private static final int RD = 0x0100;
    private static final int OPCODE_AND_RD = 0x7900;
    private static final int MAX_NAME = 255;
    private static final int MAX_POINTERS = 16;
    private static final int MAX_RECORDS = 64;

    private DnsMessage() {
    }

    /** The header and the one question of a message, and the offset where the question ends. */
    record Question(int id, int flags, String name, int type, int qclass, int end) {
        int opcode() {
            return (flags >> 11) & 0xF;
        }
    }

    /** What a reply says: its id, response code, question name and the addresses of its A records. */
    record Reply(int id, int rcode, String name, List<InetAddress> addresses) {
    }

    /** A standard query (recursion desired) for {@code name} of {@code type}. */
    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + name.length() + 6);
        u16(out, id);
        u16(out, RD);
        u16(out, 1);
        u16(out, 0);
        u16(out, 0);
        u16(out, 0);
        writeName(out, name);
        u16(out, type);
        u16(out, CLASS_IN);
        return out.toByteArray();
    }

    /** Reads the header and the question of a message holding exactly one. */
    static Question question(byte[] b, int len) {
        if (len < HEADER) {
            throw new IllegalArgumentException("shorter than a DNS header (" + len + " bytes)");
        }
        int count = u16(b, 4, len);
        if (count != 1) {
            throw new IllegalArgumentException(count + " questions, not 1");
        }
        Name name = readName(b, HEADER, len);
        return new Question(u16(b, 0, len), u16(b, 2, len), name.text(), u16(b, name.end(), len),
                u16(b, name.end() + 2, len), name.end() + 4);
    }

    /**
     * The authoritative reply to a query: its question repeated, then one A record when
     * {@code ipv4} is given (4 bytes), else none, with the response code {@code rcode}.
     */
    static byte[] reply(byte[] query, Question q, int rcode, byte[] ipv4) {
        if (ipv4 != null && ipv4.length != 4) {
            throw new IllegalArgumentException("an A record holds 4 bytes, not " + ipv4.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(q.end() + 16);
        u16(out, q.id());
        u16(out, QR | (q.flags() & OPCODE_AND_RD) | AA | rcode);
        u16(out, 1);
        u16(out, ipv4 == null ? 0 : 1);
        u16(out, 0);
        u16(out, 0);
        out.write(query, HEADER, q.end() - HEADER);
        if (ipv4 != null) {
            u16(out, 0xC000 | HEADER); // the name: a pointer to the question's
            u16(out, TYPE_A);
            u16(out, CLASS_IN);
            u16(out, TTL >>> 16);
            u16(out, TTL & 0xFFFF);
            u16(out, 4);
            out.writeBytes(ipv4);
        }
        return out.toByteArray();
    }

    /** A reply without a question, for a query whose question cannot be read or answered. */
    static byte[] error(int id, int flags, int rcode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER);
        u16(out, id);
        u16(out, QR | (flags & OPCODE_AND_RD) | rcode);
        for (int i = 0; i < 4; i++) {
            u16(out, 0);
        }
        return out.toByteArray();
    }

    /** Reads a reply: its code, the first question's name and the addresses of its A records. */
    static Reply readReply(byte[] b, int len) {
        if (len < HEADER) {
            throw new IllegalArgumentException("shorter than a DNS header (" + len + " bytes)");
        }
        int flags = u16(b, 2, len);
        if ((flags & QR) == 0) {
            throw new IllegalArgumentException("a query, not a reply");
        }
        int questions = u16(b, 4, len);
        int answers = u16(b, 6, len);
        if (questions > MAX_RECORDS || answers > MAX_RECORDS) {
            throw new IllegalArgumentException(questions + " questions and " + answers + " answers: too many");
        }
        int pos = HEADER;
        String name = null;
        for (int i = 0; i < questions; i++) {
            Name n = readName(b, pos, len);
            name = name == null ? n.text() : name;
            pos = n.end() + 4;
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (int i = 0; i < answers; i++) {
            Name n = readName(b, pos, len);
            int type = u16(b, n.end(), len);
            int length = u16(b, n.end() + 8, len);
            int data = n.end() + 10;
            if (data + length > len) {
                throw new IllegalArgumentException("answer " + (i + 1) + " runs past the end");
            }
            if (type == TYPE_A && length == 4) {
                addresses.add(address(b, data));
            }
            pos = data + length;
        }
        return new Reply(u16(b, 0, len), flags & 0xF, name, List.copyOf(addresses));
    }

    private static InetAddress address(byte[] b, int off) {
        try {
            return InetAddress.getByAddress(new byte[] {b[off], b[off + 1], b[off + 2], b[off + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    /** A name read from a message, and the offset just after it where it was written. */
    private record Name(String text, int end) {
    }

    /**
     * Reads the name at {@code off}: labels ending in an empty one, or in a compression pointer,
     * which must point backwards (so following them ends) and is followed at most 16 times.
     */
    private static Name readName(byte[] b, int off, int len) {
        StringBuilder text = new StringBuilder();
        int pos = off;
        int end = -1;
        int pointers = 0;
        int wireLength = 1;
        while (true) {
            if (pos >= len) {
                throw new IllegalArgumentException("a name runs past the end of the message");
            }
            int label = b[pos] & 0xFF;
            if (label == 0) {
                return new Name(text.toString(), end < 0 ? pos + 1 : end);
            }
            if ((label & 0xC0) == 0xC0) {
                if (pos + 1 >= len) {
                    throw new IllegalArgumentException("a compression pointer is cut");
                }
                int target = ((label & 0x3F) << 8) | (b[pos + 1] & 0xFF);
                if (target >= pos || ++pointers > MAX_POINTERS) {
                    throw new IllegalArgumentException("a compression pointer to " + target + " at " + pos
                            + " does not point back");
                }
                end = end < 0 ? pos + 2 : end;
                pos = target;
                continue;
            }
            if ((label & 0xC0) != 0) {
                throw new IllegalArgumentException("unknown label type 0x" + Integer.toHexString(label));
            }
            wireLength += label + 1;
            if (pos + 1 + label > len || wireLength > MAX_NAME) {
                throw new IllegalArgumentException(pos + 1 + label > len ? "a label runs past the end"
                        : "a name longer than 255 bytes");
            }
            if (!text.isEmpty()) {
                text.append('.');
            }
            for (int i = pos + 1; i <= pos + label; i++) {
                appendSafe(text, b[i] & 0xFF);
            }
            pos += label + 1;
        }
    }

    private static void appendSafe(StringBuilder text, int c) {
        if (c >= 'A' && c <= 'Z') {
            text.append((char) (c + 32));
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
            text.append((char) c);
        } else {
            text.append(String.format(Locale.ROOT, "\\x%02x", c));
        }
    }

    /** Writes a name as labels; only letters, digits, dashes and underscores, 63 per label, 255 in all. */
    private static void writeName(ByteArrayOutputStream out, String name) {
        if (!name.matches("([A-Za-z0-9_-]{1,63}\\.)*[A-Za-z0-9_-]{1,63}\\.?") || name.length() > 253) {
            throw new IllegalArgumentException("not a host name: " + name);
        }
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            out.write(l.length);
            out.writeBytes(l);
        }
        out.write(0);
    }

    private static int u16(byte[] b, int off, int len) {
        if (off < 0 || off + 2 > len) {
            throw new IllegalArgumentException("the message ends at " + len + ", before offset " + (off + 2));
        }
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xFF);
        out.write(v & 0xFF);
    }
}
