package org.connwatch.source.capture.flow;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** DNS messages byte by byte, for a tiny responder in the tests (no name compression). */
final class DnsBytes {
    static final int A = 1;
    static final int CNAME = 5;
    static final int AAAA = 28;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private DnsBytes() {
    }

    /** A standard query with one question. */
    static byte[] query(int id, String name, int type) {
        DnsBytes b = new DnsBytes();
        b.u16(id).u16(0x0100).u16(1).u16(0).u16(0).u16(0).name(name).u16(type).u16(1);
        return b.out.toByteArray();
    }

    /** One record of an answer: an address for A/AAAA, a name for CNAME. */
    record Answer(String name, int type, Object data) {
    }

    /** A response to a query for {@code question} with the given answers, in order. */
    static byte[] response(int id, String question, int type, Answer... answers) {
        DnsBytes b = new DnsBytes();
        b.u16(id).u16(0x8180).u16(1).u16(answers.length).u16(0).u16(0).name(question).u16(type).u16(1);
        for (Answer a : answers) {
            b.name(a.name()).u16(a.type()).u16(1).u32(300);
            byte[] data = a.type() == CNAME ? new DnsBytes().name((String) a.data()).out.toByteArray()
                    : ((InetAddress) a.data()).getAddress();
            b.u16(data.length);
            b.out.writeBytes(data);
        }
        return b.out.toByteArray();
    }

    /** The id of a message. */
    static int id(byte[] message) {
        return (message[0] & 0xff) << 8 | (message[1] & 0xff);
    }

    private DnsBytes name(String name) {
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            out.write(l.length);
            out.writeBytes(l);
        }
        out.write(0);
        return this;
    }

    private DnsBytes u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    private DnsBytes u32(int v) {
        return u16(v >>> 16).u16(v & 0xffff);
    }
}
