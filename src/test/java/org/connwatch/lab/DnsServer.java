package org.connwatch.lab;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The lab's DNS server, over UDP: authoritative for a fixed table of names, it answers an A query
 * for one of them with its address, any other type for them with no record, and any other name
 * with NXDOMAIN. It recurses for nobody. A datagram that is not a query it can read is answered
 * FORMERR when it has a header (NOTIMP for other opcodes and classes), ignored when it is a reply,
 * and counted either way.
 *
 * <p>{@code DnsServer [--port 53] [--bind IP] NAME=IPV4...}. Prints
 * {@code listening port=P udp names=N}, then per query
 * {@code query remote=IP:PORT name=N type=T rcode=R answer=IP} ({@code answer=-} without one)
 * and per unusable datagram {@code junk n=K remote=IP:PORT bytes=N reason=WORDS_JOINED}.
 */
public final class DnsServer {
    private DnsServer() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            int port = (int) args.number("port", 53);
            Map<String, byte[]> table = new LinkedHashMap<>();
            for (String entry : args.positional()) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("usage: DnsServer [--port 53] [--bind IP] NAME=IPV4...; not " + entry);
                }
                table.put(entry.substring(0, eq).toLowerCase(Locale.ROOT),
                        InetAddress.ofLiteral(entry.substring(eq + 1)).getAddress());
            }
            DatagramSocket socket = new DatagramSocket(
                    new InetSocketAddress(InetAddress.ofLiteral(args.opt("bind", "0.0.0.0")), port));
            LabProgram.exitOnStdinEnd();
            LabProgram.say("listening port=" + socket.getLocalPort() + " udp names=" + table.size());
            serve(socket, table);
        } catch (Exception e) {
            LabProgram.fail("DnsServer", e);
        }
    }

    private static void serve(DatagramSocket socket, Map<String, byte[]> table) throws Exception {
        byte[] buf = new byte[4096];
        long junk = 0;
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            String remote = LabProgram.text(p.getSocketAddress());
            byte[] reply;
            try {
                if (p.getLength() >= DnsMessage.HEADER && (buf[2] & 0x80) != 0) {
                    throw new IllegalArgumentException("a reply, not a query");
                }
                DnsMessage.Question q = DnsMessage.question(p.getData(), p.getLength());
                if (q.opcode() != 0 || q.qclass() != DnsMessage.CLASS_IN) {
                    reply = DnsMessage.error(q.id(), q.flags(), DnsMessage.NOTIMP);
                    LabProgram.say("query remote=" + remote + " name=" + q.name() + " type=" + q.type()
                            + " rcode=" + DnsMessage.NOTIMP + " answer=-");
                } else {
                    byte[] address = table.get(q.name());
                    int rcode = address == null ? DnsMessage.NXDOMAIN : DnsMessage.NOERROR;
                    byte[] answer = q.type() == DnsMessage.TYPE_A ? address : null;
                    reply = DnsMessage.reply(p.getData(), q, rcode, answer);
                    LabProgram.say("query remote=" + remote + " name=" + q.name() + " type=" + q.type()
                            + " rcode=" + rcode + " answer="
                            + (answer == null ? "-" : InetAddress.getByAddress(answer).getHostAddress()));
                }
            } catch (IllegalArgumentException e) {
                junk++;
                LabProgram.say("junk n=" + junk + " remote=" + remote + " bytes=" + p.getLength() + " reason="
                        + e.getMessage().replace(' ', '_'));
                reply = formatError(p.getData(), p.getLength());
            }
            if (reply != null) {
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            }
        }
    }

    /** FORMERR for a query with a readable header; nothing for a reply or a datagram without a header. */
    private static byte[] formatError(byte[] b, int len) {
        if (len < DnsMessage.HEADER || (b[2] & 0x80) != 0) {
            return null;
        }
        int id = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int flags = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        return DnsMessage.error(id, flags, DnsMessage.FORMERR);
    }
}
