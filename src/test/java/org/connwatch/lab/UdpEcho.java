package org.connwatch.lab;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * DNS-like UDP traffic: real DNS messages (an A query, an A answer) between a client and a
 * server, benign background noise on port 53.
 *
 * <ul>
 *   <li>{@code UdpEcho server [--port 53] [--answer IP]}: answers every A query with IP. Prints
 *       {@code listening port=P udp}, then {@code query remote=... name=...}.</li>
 *   <li>{@code UdpEcho client IP [--port 53] [--name N] [--every MS] [--count K]}: a connected UDP
 *       socket; queries every MS ms until stopped. Prints
 *       {@code answered local=IP:PORT remote=IP:PORT name=N answer=IP} after the first answer,
 *       then {@code answer n=K ...} or {@code timeout n=K}.</li>
 * </ul>
 */
public final class UdpEcho {
    private UdpEcho() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            String usage = "UdpEcho server [--port 53] [--answer IP] | UdpEcho client IP [--port 53] [--name N] [--every MS]";
            switch (args.arg(0, usage)) {
                case "server" -> server(args);
                case "client" -> client(args, usage);
                default -> throw new IllegalArgumentException("usage: " + usage);
            }
        } catch (Exception e) {
            LabProgram.fail("UdpEcho", e);
        }
    }

    private static void server(LabProgram.Args args) throws Exception {
        int port = (int) args.number("port", 53);
        byte[] answer = InetAddress.getByName(args.opt("answer", "192.0.2.1")).getAddress();
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(port));
        LabProgram.exitOnStdinEnd();
        LabProgram.say("listening port=" + socket.getLocalPort() + " udp");
        byte[] buf = new byte[1500];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p);
            try {
                Query q = Query.parse(ByteBuffer.wrap(p.getData(), 0, p.getLength()));
                byte[] reply = q.answer(answer);
                socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                LabProgram.say("query remote=" + LabProgram.text(p.getSocketAddress()) + " name=" + q.name);
            } catch (RuntimeException e) {
                LabProgram.say("junk remote=" + LabProgram.text(p.getSocketAddress()) + " bytes=" + p.getLength());
            }
        }
    }

    private static void client(LabProgram.Args args, String usage) throws Exception {
        String ip = args.arg(1, usage);
        int port = (int) args.number("port", 53);
        String name = args.opt("name", "intranet.example.test");
        long every = args.number("every", 1000);
        long count = args.number("count", Long.MAX_VALUE);
        LabProgram.exitOnStdinEnd();
        Random random = new Random();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(ip, port));
            socket.setSoTimeout(1000);
            boolean told = false;
            for (long n = 1; n <= count; n++) {
                int id = random.nextInt(65536);
                byte[] query = Query.build(id, name);
                socket.send(new DatagramPacket(query, query.length));
                byte[] buf = new byte[1500];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                String got;
                try {
                    socket.receive(p);
                    got = Query.answerOf(ByteBuffer.wrap(p.getData(), 0, p.getLength()));
                } catch (SocketTimeoutException e) {
                    got = null;
                }
                if (got != null && !told) {
                    told = true;
                    LabProgram.say("answered local=" + LabProgram.text(socket.getLocalSocketAddress()) + " remote="
                            + ip + ":" + port + " name=" + name + " answer=" + got);
                } else {
                    LabProgram.say(got == null ? "timeout n=" + n : "answer n=" + n + " answer=" + got);
                }
                if (!LabProgram.sleep(every)) {
                    break;
                }
            }
        }
        System.exit(0);
    }

    /** The question of a DNS message. */
    private record Query(int id, String name, byte[] question) {
        static byte[] build(int id, String name) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer head = ByteBuffer.allocate(12).putShort((short) id).putShort((short) 0x0100)
                    .putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0);
            out.writeBytes(head.array());
            for (String label : name.split("\\.")) {
                byte[] l = label.getBytes(StandardCharsets.US_ASCII);
                out.write(l.length);
                out.writeBytes(l);
            }
            out.write(0);
            out.writeBytes(new byte[] {0, 1, 0, 1}); // type A, class IN
            return out.toByteArray();
        }

        static Query parse(ByteBuffer b) {
            int id = b.getShort() & 0xFFFF;
            b.position(12);
            int start = b.position();
            StringBuilder name = new StringBuilder();
            for (int len; (len = b.get() & 0xFF) != 0; ) {
                if (len > 63) {
                    throw new IllegalArgumentException("compressed name in a question");
                }
                byte[] l = new byte[len];
                b.get(l);
                name.append(name.isEmpty() ? "" : ".").append(new String(l, StandardCharsets.US_ASCII));
            }
            b.getInt(); // type, class
            byte[] question = new byte[b.position() - start];
            b.get(start, question);
            return new Query(id, name.toString(), question);
        }

        byte[] answer(byte[] ipv4) {
            ByteBuffer b = ByteBuffer.allocate(12 + question.length + 16);
            b.putShort((short) id).putShort((short) 0x8180).putShort((short) 1).putShort((short) 1)
                    .putShort((short) 0).putShort((short) 0);
            b.put(question);
            b.putShort((short) 0xC00C).putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 4).put(ipv4);
            return b.array();
        }

        /** The address of the first answer of a reply. */
        static String answerOf(ByteBuffer b) {
            Query q = parse(b);
            b.position(12 + q.question.length);
            b.getShort(); // name pointer
            b.getShort(); // type
            b.getShort(); // class
            b.getInt(); // ttl
            int len = b.getShort();
            byte[] ip = new byte[len];
            b.get(ip);
            try {
                return InetAddress.getByAddress(ip).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                return "?";
            }
        }
    }
}
