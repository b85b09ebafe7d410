package org.connwatch.cli;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/** DNS messages for the tests' tiny responder: an A query and its answer with one address (RFC 1035, uncompressed). */
final class DnsWire {
    private DnsWire() {
    }

    /** A recursive query for the A record of {@code name}. */
    static byte[] query(int id, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, id, 0x0100, 0);
        question(out, name);
        return out.toByteArray();
    }

    /** The answer to a query: its id and question echoed, and {@code address} (null: no answer) for 300 s. */
    static byte[] answer(byte[] query, int length, InetAddress address) {
        String name = questionName(query, length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        header(out, (query[0] & 0xff) << 8 | (query[1] & 0xff), 0x8180, address == null ? 0 : 1);
        question(out, name);
        if (address != null) {
            name(out, name);
            u16(out, 1); // A
            u16(out, 1); // IN
            u16(out, 0);
            u16(out, 300); // TTL, as 32 bits
            byte[] a = address.getAddress();
            u16(out, a.length);
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    /** The name a query asks about (labels read up to the root; empty for a message too short). */
    static String questionName(byte[] message, int length) {
        StringBuilder name = new StringBuilder();
        int at = 12;
        while (at < length && message[at] > 0 && at + 1 + message[at] <= length) {
            name.append(name.isEmpty() ? "" : ".").append(new String(message, at + 1, message[at],
                    StandardCharsets.US_ASCII));
            at += 1 + message[at];
        }
        return name.toString();
    }

    private static void header(ByteArrayOutputStream out, int id, int flags, int answers) {
        u16(out, id);
        u16(out, flags);
        u16(out, 1);
        u16(out, answers);
        u16(out, 0);
        u16(out, 0);
    }

    private static void question(ByteArrayOutputStream out, String name) {
        name(out, name);
        u16(out, 1); // A
        u16(out, 1); // IN
    }

    private static void name(ByteArrayOutputStream out, String name) {
        for (String label : name.split("\\.")) {
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            out.write(l.length);
            out.writeBytes(l);
        }
        out.write(0);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }
}
