package org.connwatch.source.capture.app;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.records.IpAddresses;

/**
 * Parses a DNS message (RFC 1035) from a UDP payload (port 53, and mDNS on 5353, which uses the
 * same format) or a TCP payload (a 2-byte length, then the message). Pure: no I/O, no exceptions
 * for any input, and work bounded by the input's length.
 *
 * <p>A response for {@code example.com A} (hex, the second name a compression pointer to offset 12):
 * <pre>
 *   1a2b 8180 0001 0001 0000 0000                     id, flags (QR, RD, RA), 1 question, 1 answer
 *   07 6578616d706c65 03 636f6d 00  0001 0001         example.com, type A, class IN
 *   c00c 0001 0001 00000e10 0004 5db8d822             -> A 93.184.216.34, TTL 3600
 * </pre>
 *
 * <p>What is "not DNS" (null): fewer than 12 bytes; an opcode that is not assigned (only 0 query,
 * 1 inverse query, 2 status, 4 notify, 5 update, 6 DSO are); no record in any section; a first
 * question whose name is malformed or that does not fit. A message cut after its first question
 * (a short capture, a truncated datagram, a TCP message spanning segments) keeps the answers read
 * up to the cut. Further questions and the records that are not A, AAAA or CNAME are skipped
 * without reading their names; an A or AAAA record of the wrong length or another class than IN,
 * and a record whose owner name or CNAME target is malformed, is left out.
 */
public final class DnsParser {
    /** The most answers kept from one message; later ones are not read. */
    public static final int MAX_ANSWERS = 64;

    private static final int HEADER = 12;
    private static final int CLASS_IN = 1;

    private DnsParser() {
    }

    /** The message in the UDP payload {@code b[off, off + len)}; null when it is not a DNS message. */
    public static DnsMessage parse(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < HEADER || off > b.length - len) {
            return null;
        }
        return message(b, off, off + len);
    }

    /**
     * The first message in the TCP payload {@code b[off, off + len)} (port 53: each message is
     * preceded by its length in 2 bytes, RFC 1035 section 4.2.2); null when it is not a DNS
     * message. A message longer than the bytes given is read as far as they go.
     */
    public static DnsMessage parseTcp(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < 2 + HEADER || off > b.length - len) {
            return null;
        }
        int declared = u16(b, off);
        if (declared < HEADER) {
            return null;
        }
        return message(b, off + 2, off + 2 + Math.min(declared, len - 2));
    }

    private static DnsMessage message(byte[] b, int start, int end) {
        int flags = u16(b, start + 2);
        int opcode = (flags >>> 11) & 0xf;
        if (opcode == 3 || opcode > 6) {
            return null;
        }
        int questions = u16(b, start + 4);
        int answers = u16(b, start + 6);
        if (questions + answers + u16(b, start + 8) + u16(b, start + 10) == 0) {
            return null;
        }
        int pos = start + HEADER;
        String queryName = null;
        int queryType = 0;
        for (int q = 0; q < questions; q++) {
            int nameEnd = DnsNames.skip(b, pos, end);
            if (q == 0) {
                if (nameEnd < 0 || nameEnd + 4 > end) {
                    return null;
                }
                queryName = DnsNames.read(b, start, pos, end);
                if (queryName == null) {
                    return null;
                }
                queryType = u16(b, nameEnd);
            } else if (nameEnd < 0 || nameEnd + 4 > end) {
                return header(b, start, flags, queryName, queryType, List.of());
            }
            pos = nameEnd + 4;
        }
        List<DnsAnswer> kept = new ArrayList<>(Math.min(answers, 8));
        for (int a = 0; a < answers && kept.size() < MAX_ANSWERS; a++) {
            int nameEnd = DnsNames.skip(b, pos, end);
            if (nameEnd < 0 || nameEnd + 10 > end) {
                break;
            }
            int type = u16(b, nameEnd);
            int rrClass = u16(b, nameEnd + 2) & 0x7fff; // mDNS uses the top bit as "cache flush"
            long ttl = u32(b, nameEnd + 4);
            int rdLength = u16(b, nameEnd + 8);
            int data = nameEnd + 10;
            if (rdLength > end - data) {
                break;
            }
            DnsAnswer answer = answer(b, start, end, pos, type, rrClass, ttl, data, rdLength);
            if (answer != null) {
                kept.add(answer);
            }
            pos = data + rdLength;
        }
        return header(b, start, flags, queryName, queryType, kept);
    }

    private static DnsAnswer answer(byte[] b, int start, int end, int namePos, int type, int rrClass, long ttl,
                                    int data, int rdLength) {
        boolean address = (type == DnsAnswer.A && rdLength == 4) || (type == DnsAnswer.AAAA && rdLength == 16);
        if (!(address && rrClass == CLASS_IN) && type != DnsAnswer.CNAME) {
            return null;
        }
        String name = DnsNames.read(b, start, namePos, end);
        if (name == null) {
            return null;
        }
        if (address) {
            byte[] raw = new byte[rdLength];
            System.arraycopy(b, data, raw, 0, rdLength);
            InetAddress ip = IpAddresses.fromBytes(raw);
            return new DnsAnswer(name, type, ip, null, ttl);
        }
        // The target must lie within the record's data, though pointers in it may lead anywhere before it.
        String target = DnsNames.skip(b, data, data + rdLength) == data + rdLength
                ? DnsNames.read(b, start, data, end) : null;
        return target == null ? null : new DnsAnswer(name, type, null, target, ttl);
    }

    private static DnsMessage header(byte[] b, int start, int flags, String queryName, int queryType,
                                     List<DnsAnswer> answers) {
        return new DnsMessage(u16(b, start), (flags & 0x8000) != 0, flags & 0xf, queryName, queryType, answers);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }
}
