package org.connwatch.lab;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Random;

/**
 * Name lookups against the lab's {@link DnsServer}, with hand-built queries (the JDK's resolver
 * would ask the machine's own DNS, not the lab's): {@link #resolve} for the programs that connect
 * by name, and, as a main class, a client asking the same question every second, the benign
 * background of DNS traffic.
 *
 * <p>{@code DnsClient SERVER[:PORT] [--name N] [--every MS] [--count K]}: one UDP socket connected
 * to the server, so one flow. Prints {@code answered local=IP:PORT remote=IP:PORT name=N answer=IP}
 * after the first answer, then per query {@code answer n=K answer=IP}, {@code nxdomain n=K} or
 * {@code timeout n=K}.
 */
public final class DnsClient {
    private static final int ATTEMPTS = 3;
    private static final int TIMEOUT_MS = 1000;

    private DnsClient() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            InetSocketAddress server = server(args.arg(0, "DnsClient SERVER[:PORT] [--name N] [--every MS] [--count K]"));
            String name = args.opt("name", LabScenario.INTRANET_SNI);
            long every = args.number("every", 1000);
            long count = args.number("count", Long.MAX_VALUE);
            LabProgram.exitOnStdinEnd();
            Random random = new Random();
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.connect(server);
                socket.setSoTimeout(TIMEOUT_MS);
                boolean told = false;
                for (long n = 1; n <= count; n++) {
                    DnsMessage.Reply reply = null;
                    try {
                        reply = ask(socket, random.nextInt(65536), name);
                    } catch (SocketTimeoutException e) {
                        // said below
                    }
                    if (reply == null) {
                        LabProgram.say("timeout n=" + n);
                    } else if (reply.rcode() == DnsMessage.NXDOMAIN) {
                        LabProgram.say("nxdomain n=" + n);
                    } else {
                        String got = reply.addresses().isEmpty() ? "-" : reply.addresses().getFirst().getHostAddress();
                        LabProgram.say(told ? "answer n=" + n + " answer=" + got
                                : "answered local=" + LabProgram.text(socket.getLocalSocketAddress())
                                        + " remote=" + LabProgram.text(server) + " name=" + name + " answer=" + got);
                        told = true;
                    }
                    if (!LabProgram.sleep(every)) {
                        break;
                    }
                }
            }
            System.exit(0);
        } catch (Exception e) {
            LabProgram.fail("DnsClient", e);
        }
    }

    /**
     * Looks {@code name} up at the server (an A query, tried three times a second apart) and
     * returns the first address of the answer.
     *
     * @param server {@code IP} (port 53) or {@code IP:PORT}
     * @throws UnknownHostException when the server answers NXDOMAIN, or no address, or not at all
     */
    public static InetAddress resolve(String server, String name) throws IOException {
        InetSocketAddress to = server(server);
        Random random = new Random();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(to);
            socket.setSoTimeout(TIMEOUT_MS);
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                DnsMessage.Reply reply;
                try {
                    reply = ask(socket, random.nextInt(65536), name);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (reply.rcode() != DnsMessage.NOERROR || reply.addresses().isEmpty()) {
                    throw new UnknownHostException(name + ": " + (reply.rcode() == DnsMessage.NXDOMAIN ? "NXDOMAIN"
                            : "rcode " + reply.rcode() + ", " + reply.addresses().size() + " addresses")
                            + " from " + server);
                }
                return reply.addresses().getFirst();
            }
            throw new UnknownHostException(name + ": no answer from " + server + " after " + ATTEMPTS + " tries");
        }
    }

    /** Sends one A query and waits for the reply with its id and name (others are skipped). */
    private static DnsMessage.Reply ask(DatagramSocket socket, int id, String name) throws IOException {
        byte[] query = DnsMessage.query(id, name, DnsMessage.TYPE_A);
        socket.send(new DatagramPacket(query, query.length));
        byte[] buf = new byte[4096];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            try {
                DnsMessage.Reply reply = DnsMessage.readReply(p.getData(), p.getLength());
                if (reply.id() == id && name.equalsIgnoreCase(reply.name())) {
                    return reply;
                }
            } catch (IllegalArgumentException e) {
                // not the reply to this query: wait for it
            }
        }
    }

    private static InetSocketAddress server(String text) {
        int colon = text.indexOf(':');
        String ip = colon < 0 ? text : text.substring(0, colon);
        int port = colon < 0 ? 53 : Integer.parseInt(text.substring(colon + 1));
        return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
    }
}
