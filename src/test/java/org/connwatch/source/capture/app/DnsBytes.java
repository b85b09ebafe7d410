package org.connwatch.source.capture.app;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Builds DNS messages byte by byte for tests: the same fields a DNS server writes, in order. */
final class DnsBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** The 12-byte header. */
    DnsBytes header(int id, int flags, int questions, int answers, int authority, int additional) {
        return u16(id).u16(flags).u16(questions).u16(answers).u16(authority).u16(additional);
    }

    /** A name as labels ending with the zero byte; "" is the root. */
    DnsBytes name(String dotted) {
        return labels(dotted).u8(0);
    }

    /** The labels of a name without the final zero (a pointer follows). */
    DnsBytes labels(String dotted) {
        if (!dotted.isEmpty()) {
            for (String label : dotted.split("\\.")) {
                byte[] raw = label.getBytes(StandardCharsets.ISO_8859_1);
                u8(raw.length);
                out.writeBytes(raw);
            }
        }
        return this;
    }

    /** A compression pointer to offset {@code to} of the message. */
    DnsBytes pointer(int to) {
        return u16(0xc000 | to);
    }

    /** A question's type and class IN (after its name). */
    DnsBytes typeIn(int type) {
        return u16(type).u16(1);
    }

    /** The fixed part of a resource record after its owner name, then its data. */
    DnsBytes record(int type, int rrClass, long ttl, byte[] data) {
        u16(type).u16(rrClass).u32(ttl).u16(data.length);
        out.writeBytes(data);
        return this;
    }

    DnsBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    DnsBytes u8(int v) {
        out.write(v);
        return this;
    }

    DnsBytes u16(int v) {
        return u8(v >>> 8).u8(v & 0xff);
    }

    DnsBytes u32(long v) {
        return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
    }

    /** Where the next byte goes (for a pointer to it). */
    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** The message with its 2-byte length in front, as DNS over TCP sends it. */
    byte[] tcpBytes() {
        byte[] m = bytes();
        byte[] framed = new byte[m.length + 2];
        framed[0] = (byte) (m.length >>> 8);
        framed[1] = (byte) m.length;
        System.arraycopy(m, 0, framed, 2, m.length);
        return framed;
    }

    /** The bytes of an address literal. */
    static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** A name in wire form (for CNAME data). */
    static byte[] wireName(String dotted) {
        return new DnsBytes().name(dotted).bytes();
    }
}
