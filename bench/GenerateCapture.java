import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a synthetic Ethernet capture (classic pcap, microseconds) for the capture benchmarks.
 *
 * <pre>
 *   java bench/GenerateCapture.java OUT.pcap [--packets N] [--distinct-flows]
 * </pre>
 *
 * Default mix: a LAN of 200 clients (10.1.0.0/16) talking to 5,000 servers (203.0.113.0/24 and
 * 198.18.0.0/15), each TCP connection a full handshake, a first client payload that the flow
 * tracker parses (a TLS ClientHello with a server name on 443, an HTTP GET with a Host on 80),
 * data segments both ways (server-heavy, sizes from 60 to 1,514 bytes on the wire) and a FIN
 * exchange; one in ten exchanges is a DNS query and its answer (a real message, so the DNS parser
 * runs). Connections interleave (up to 64 open at once), as on a real link. With
 * {@code --distinct-flows} every packet is a SYN of a new connection: N packets, N flows (the
 * flow table's memory test). Deterministic: the same arguments write the same bytes.
 */
public final class GenerateCapture {
    private static final int OPEN_AT_ONCE = 64;
    private static final byte[] CLIENT_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
    private static final byte[] ROUTER_MAC = {0x02, 0x00, 0x00, 0x00, 0x00, (byte) 0xfe};

    private final OutputStream out;
    private final ByteBuffer frame = ByteBuffer.allocate(2048).order(ByteOrder.BIG_ENDIAN);
    private final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private final SplittableRandom random = new SplittableRandom(42);
    private long micros = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z
    private long packets;

    private GenerateCapture(OutputStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java bench/GenerateCapture.java OUT.pcap [--packets N] [--distinct-flows]");
            System.exit(2);
        }
        long wanted = 1_000_000;
        boolean distinct = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--packets" -> wanted = Long.parseLong(args[++i]);
                case "--distinct-flows" -> distinct = true;
                default -> {
                    System.err.println("GenerateCapture: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        Path path = Path.of(args[0]);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            GenerateCapture g = new GenerateCapture(os);
            g.header();
            if (distinct) {
                g.distinctFlows(wanted);
            } else {
                g.mix(wanted);
            }
            os.flush();
            System.err.printf("GenerateCapture: %s: %,d packets, %,d bytes%n", path, g.packets, Files.size(path));
        }
    }

    private void header() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.write(h.array());
    }

    /** N SYNs, each from a different (address, port): N distinct flows. */
    private void distinctFlows(long n) throws IOException {
        for (long i = 0; i < n; i++) {
            int client = 0x0a000000 | (int) (i / 50_000) << 8 | (int) (i % 200); // 10.x.y.z
            int port = 1024 + (int) (i % 50_000);
            tcp(client, 0xcb007101, port, 443, 0x02, (int) i, 0, 0, 0);
            micros += 3;
        }
    }

    /** One connection in the mix: its script of packets, played a few at a time. */
    private final class Conversation {
        final int client;
        final int server;
        final int clientPort;
        final int serverPort;
        final boolean dns;
        int step;
        int dataLeft;
        int closing;
        long clientSeq = 1000;
        long serverSeq = 5000;

        Conversation(long id) {
            client = 0x0a010000 | (1 + (int) (id % 200));
            int s = random.nextInt(5000);
            server = s < 250 ? 0xcb007100 | s : 0xc6120000 | s;
            clientPort = 1024 + (int) ((id / 200) % 64000); // a client reuses a port after 12.8 M conversations
            dns = random.nextInt(10) == 0;
            serverPort = dns ? 53 : random.nextInt(3) == 0 ? 80 : 443;
            dataLeft = 2 + random.nextInt(24);
        }

        /** Writes the next packet; false when the conversation is over. */
        boolean next() throws IOException {
            if (dns) {
                return dnsNext();
            }
            switch (step++) {
                case 0 -> tcp(client, server, clientPort, serverPort, 0x02, clientSeq++, 0, 0, 0);
                case 1 -> tcp(server, client, serverPort, clientPort, 0x12, serverSeq++, clientSeq, 0, 0);
                case 2 -> tcp(client, server, clientPort, serverPort, 0x10, clientSeq, serverSeq, 0, 0);
                case 3 -> {
                    int n = serverPort == 443 ? clientHello() : httpGet();
                    tcp(client, server, clientPort, serverPort, 0x18, clientSeq, serverSeq, n, 1);
                    clientSeq += n;
                }
                default -> {
                    if (dataLeft > 0) {
                        dataLeft--;
                        boolean fromServer = random.nextInt(4) != 0;
                        int n = fromServer ? 200 + random.nextInt(1261) : random.nextInt(400);
                        if (fromServer) {
                            tcp(server, client, serverPort, clientPort, 0x18, serverSeq, clientSeq, n, 2);
                            serverSeq += n;
                        } else {
                            tcp(client, server, clientPort, serverPort, n == 0 ? 0x10 : 0x18, clientSeq, serverSeq, n, 2);
                            clientSeq += n;
                        }
                        return true;
                    }
                    switch (closing++) {
                        case 0 -> tcp(client, server, clientPort, serverPort, 0x11, clientSeq++, serverSeq, 0, 0);
                        case 1 -> tcp(server, client, serverPort, clientPort, 0x11, serverSeq++, clientSeq, 0, 0);
                        default -> {
                            tcp(client, server, clientPort, serverPort, 0x10, clientSeq, serverSeq, 0, 0);
                            return false;
                        }
                    }
                }
            }
            return true;
        }

        private boolean dnsNext() throws IOException {
            int id = clientPort;
            if (step++ == 0) {
                udp(client, 0x0a0100fe, clientPort, 53, dnsMessage(id, false));
                return true;
            }
            udp(0x0a0100fe, client, 53, clientPort, dnsMessage(id, true));
            return false;
        }

        private String name() {
            return "host" + (server & 0xffff) + ".example.com";
        }

        /** Puts a TLS 1.3-style ClientHello with a server_name extension at the payload position; returns its length. */
        private int clientHello() {
            byte[] host = name().getBytes(StandardCharsets.US_ASCII);
            int sniExt = 2 + 2 + 2 + 1 + 2 + host.length;
            int body = 2 + 32 + 1 + 32 + 2 + 4 + 1 + 1 + 2 + sniExt + 90; // + padding extension of 86+4
            ByteBuffer p = payload();
            p.put((byte) 0x16).putShort((short) 0x0301).putShort((short) (body + 4));
            p.put((byte) 1).put((byte) 0).putShort((short) body);
            p.putShort((short) 0x0303);
            fill(p, 32);
            p.put((byte) 32);
            fill(p, 32);
            p.putShort((short) 4).putShort((short) 0x1301).putShort((short) 0x1302);
            p.put((byte) 1).put((byte) 0);
            p.putShort((short) (sniExt + 90));
            p.putShort((short) 0).putShort((short) (sniExt - 4)).putShort((short) (sniExt - 6));
            p.put((byte) 0).putShort((short) host.length).put(host);
            p.putShort((short) 21).putShort((short) 86);
            p.put(new byte[86]);
            return p.position() - PAYLOAD_AT;
        }

        private int httpGet() {
            ByteBuffer p = payload();
            p.put(("GET /index.html HTTP/1.1\r\nHost: " + name() + "\r\nUser-Agent: bench/1.0\r\nAccept: */*\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return p.position() - PAYLOAD_AT;
        }

        private int dnsMessage(int id, boolean answer) {
            ByteBuffer p = frame.position(UDP_PAYLOAD_AT);
            p.putShort((short) id).putShort((short) (answer ? 0x8180 : 0x0100)).putShort((short) 1)
                    .putShort((short) (answer ? 1 : 0)).putShort((short) 0).putShort((short) 0);
            for (String label : name().split("\\.")) {
                p.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
            }
            p.put((byte) 0).putShort((short) 1).putShort((short) 1);
            if (answer) {
                p.putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1).putInt(300).putShort((short) 4)
                        .putInt(server);
            }
            return p.position() - UDP_PAYLOAD_AT;
        }
    }

    /** Interleaves conversations until N packets are written. */
    private void mix(long n) throws IOException {
        Conversation[] open = new Conversation[OPEN_AT_ONCE];
        long started = 0;
        for (int i = 0; i < open.length; i++) {
            open[i] = new Conversation(started++);
        }
        while (packets < n) {
            int i = random.nextInt(open.length);
            if (!open[i].next()) {
                open[i] = new Conversation(started++);
            }
            micros += 1 + random.nextInt(40);
        }
    }

    private static final int ETH = 14;
    private static final int PAYLOAD_AT = ETH + 20 + 20;
    private static final int UDP_PAYLOAD_AT = ETH + 20 + 8;

    private ByteBuffer payload() {
        return frame.position(PAYLOAD_AT);
    }

    private void fill(ByteBuffer p, int n) {
        for (int i = 0; i < n; i++) {
            p.put((byte) random.nextInt(256));
        }
    }

    /**
     * One TCP segment. {@code payloadKind} 0: none, 1: already written at {@link #PAYLOAD_AT}, 2: filler of
     * {@code n} bytes.
     */
    private void tcp(int src, int dst, int sport, int dport, int flags, long seq, long ack, int n, int payloadKind)
            throws IOException {
        if (payloadKind == 2) {
            ByteBuffer p = payload();
            for (int i = 0; i < n; i++) {
                p.put((byte) i);
            }
        }
        ethernetIp(src, dst, 6, 20 + n);
        frame.position(ETH + 20);
        frame.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) 64240).putShort((short) 0).putShort((short) 0);
        emit(PAYLOAD_AT + n);
    }

    private void udp(int src, int dst, int sport, int dport, int n) throws IOException {
        ethernetIp(src, dst, 17, 8 + n);
        frame.position(ETH + 20);
        frame.putShort((short) sport).putShort((short) dport).putShort((short) (8 + n)).putShort((short) 0);
        emit(UDP_PAYLOAD_AT + n);
    }

    private void ethernetIp(int src, int dst, int protocol, int ipPayload) {
        boolean fromLan = (src >>> 24) == 10;
        frame.position(0);
        frame.put(fromLan ? ROUTER_MAC : CLIENT_MAC).put(fromLan ? CLIENT_MAC : ROUTER_MAC).putShort((short) 0x0800);
        frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + ipPayload)).putShort((short) packets)
                .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0).putInt(src).putInt(dst);
    }

    private void emit(int length) throws IOException {
        int wire = Math.max(length, 60); // Ethernet pads short frames to 60 bytes (without the FCS)
        for (int i = length; i < wire; i++) {
            frame.put(i, (byte) 0);
        }
        record.clear();
        record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(wire).putInt(wire);
        out.write(record.array(), 0, 16);
        out.write(frame.array(), 0, wire);
        packets++;
    }
}
