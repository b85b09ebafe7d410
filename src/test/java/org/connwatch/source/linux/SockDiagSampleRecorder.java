package org.connwatch.source.linux;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.Transport;

/**
 * Records the kernel samples that {@link SockDiagParserTest} and {@link ProcNetParserTest} parse.
 *
 * <p>It opens sockets whose addresses and traffic it knows, inside this JVM:
 * <ul>
 *   <li>{@code tcp4}: a TCP listener on 127.0.0.1 and an established pair to it; the client sends
 *       1000 bytes, the server 2500, and each side reads everything;</li>
 *   <li>{@code tcp6}: the same on [::1];</li>
 *   <li>{@code tcpMapped}: the same with IPv6 (dual-stack) sockets on 127.0.0.1, which the kernel
 *       reports as AF_INET6 sockets with IPv4-mapped addresses ({@code ::ffff:127.0.0.1}); the
 *       client sends 300 bytes, the server 700;</li>
 *   <li>{@code tcp4.timewait}: the client end of a connection on 127.0.0.1 that the client closed
 *       first, left in TIME_WAIT (the server end and its listener are closed);</li>
 *   <li>{@code udp4}: a UDP socket bound on 127.0.0.1 (unconnected);</li>
 *   <li>{@code udp6}: a UDP socket on [::1] connected to a second one on [::1] (the peer), which it
 *       sends one 64-byte datagram.</li>
 * </ul>
 * Then, with all of them still open, it dumps the socket tables through {@link NetlinkSockDiag}
 * (TCP and UDP, AF_INET and AF_INET6) and copies {@code /proc/net/tcp}, {@code tcp6}, {@code udp}
 * and {@code udp6} right after. It writes into the output folder:
 * <ul>
 *   <li>{@code sockdiag-tcp4.bin}, {@code sockdiag-tcp6.bin}, {@code sockdiag-udp4.bin},
 *       {@code sockdiag-udp6.bin}: the raw reply datagrams of each dump, each as a 4-byte
 *       big-endian length followed by the datagram's bytes (in the recording machine's byte order,
 *       little-endian on x86-64);</li>
 *   <li>{@code proc-net-tcp.txt}, {@code proc-net-tcp6.txt}, {@code proc-net-udp.txt},
 *       {@code proc-net-udp6.txt}: the /proc/net tables, verbatim;</li>
 *   <li>{@code sockdiag-expected.properties}: the ground truth, the addresses, ports and byte
 *       counts as the socket API reported them when they were set up (not what any parser made of
 *       the samples), plus the uid and the kernel version;</li>
 *   <li>the fuzzing seeds, replacing the recorded ones: {@code SockDiagParserFuzzTestInputs/anyDatagram/}
 *       gets each datagram and, alone, the first message of each length in each dump;
 *       {@code ProcNetParserFuzzTestInputs/anyLine/} gets each line of the tables (Jazzer's layout:
 *       {@code <test class>Inputs/<test method>/} beside the test class).</li>
 * </ul>
 * Nothing is filtered out: the samples hold every socket of the machine at that moment, so record
 * on a quiet machine (a container or a VM with few sockets) and check that the files stay small.
 *
 * <p>To re-record, on Linux x86-64 (the tests expect uid 0, so as root), from the project folder:
 * <pre>
 *   ./mvnw -q test-compile
 *   java --enable-native-access=ALL-UNNAMED -cp target/test-classes:target/classes \
 *       org.connwatch.source.linux.SockDiagSampleRecorder [output folder]
 * </pre>
 * The output folder defaults to {@code src/test/resources/org/connwatch/source/linux}. Then run the
 * parser tests: the ports change on every recording, the tests read them from the properties file.
 * Crash files Jazzer saved among the seeds are kept.
 */
final class SockDiagSampleRecorder {
    static final Path DEFAULT_OUTPUT = Path.of("src/test/resources/org/connwatch/source/linux");

    static final int TCP_CLIENT_SENDS = 1000;
    static final int TCP_SERVER_SENDS = 2500;
    static final int MAPPED_CLIENT_SENDS = 300;
    static final int MAPPED_SERVER_SENDS = 700;
    static final int UDP_DATAGRAM = 64;
    /** A sample larger than this means other programs' sockets swamp the known ones. */
    static final int MAX_SAMPLE_BYTES = 100_000;
    static final String DATAGRAM_SEEDS = "SockDiagParserFuzzTestInputs/anyDatagram";
    static final String LINE_SEEDS = "ProcNetParserFuzzTestInputs/anyLine";

    private final Map<String, String> expected = new TreeMap<>();

    private SockDiagSampleRecorder() {
    }

    public static void main(String[] args) throws Exception {
        Path out = args.length > 0 ? Path.of(args[0]) : DEFAULT_OUTPUT;
        Files.createDirectories(out);
        new SockDiagSampleRecorder().record(out);
    }

    private void record(Path out) throws Exception {
        InetAddress v4 = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetAddress v6 = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        Map<String, List<byte[]>> dumps = new LinkedHashMap<>();
        Map<String, byte[]> tables = new LinkedHashMap<>();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            tcpPair(open, "tcp4", StandardProtocolFamily.INET, v4, TCP_CLIENT_SENDS, TCP_SERVER_SENDS);
            tcpPair(open, "tcp6", StandardProtocolFamily.INET6, v6, TCP_CLIENT_SENDS, TCP_SERVER_SENDS);
            // An IPv6 socket bound to an IPv4 address: the kernel reports it as ::ffff:127.0.0.1.
            tcpPair(open, "tcpMapped", StandardProtocolFamily.INET6, v4, MAPPED_CLIENT_SENDS, MAPPED_SERVER_SENDS);

            timeWait(v4);

            DatagramChannel udp4 = DatagramChannel.open(StandardProtocolFamily.INET);
            open.add(udp4);
            udp4.bind(new InetSocketAddress(v4, 0));
            expected.put("udp4.bound", text(udp4.getLocalAddress()));

            DatagramChannel peer = DatagramChannel.open(StandardProtocolFamily.INET6);
            open.add(peer);
            peer.bind(new InetSocketAddress(v6, 0));
            DatagramChannel udp6 = DatagramChannel.open(StandardProtocolFamily.INET6);
            open.add(udp6);
            udp6.bind(new InetSocketAddress(v6, 0));
            udp6.connect(peer.getLocalAddress());
            udp6.write(ByteBuffer.allocate(UDP_DATAGRAM));
            ByteBuffer received = ByteBuffer.allocate(UDP_DATAGRAM * 2);
            peer.receive(received);
            if (received.position() != UDP_DATAGRAM) {
                throw new IOException("the UDP peer received " + received.position() + " bytes");
            }
            expected.put("udp6.connected", text(udp6.getLocalAddress()));
            expected.put("udp6.peer", text(peer.getLocalAddress()));
            expected.put("udp6.datagram.bytes", Integer.toString(UDP_DATAGRAM));

            Thread.sleep(200); // let the last acknowledgements land, so the kernel's counts settle

            // Everything is captured while the sockets are open, then checked, then written.
            try (NetlinkSockDiag netlink = NetlinkSockDiag.open()) {
                dumps.put("tcp4", dump(netlink, Libc.AF_INET, Transport.TCP));
                dumps.put("tcp6", dump(netlink, Libc.AF_INET6, Transport.TCP));
                dumps.put("udp4", dump(netlink, Libc.AF_INET, Transport.UDP));
                dumps.put("udp6", dump(netlink, Libc.AF_INET6, Transport.UDP));
            }
            for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
                tables.put(table, Files.readAllBytes(Path.of("/proc/net", table)));
            }
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
        expected.put("uid", Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString());
        expected.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        expected.put("recorded.at", Instant.now().toString());

        for (Map.Entry<String, List<byte[]>> dump : dumps.entrySet()) {
            int bytes = dump.getValue().stream().mapToInt(d -> 4 + d.length).sum();
            if (bytes > MAX_SAMPLE_BYTES) {
                throw new IOException("the " + dump.getKey() + " dump is " + bytes + " bytes: other programs' "
                        + "sockets swamp the known ones; nothing written, record again when the machine is quiet");
            }
        }

        Path datagramSeeds = freshSeeds(out.resolve(DATAGRAM_SEEDS));
        for (Map.Entry<String, List<byte[]>> dump : dumps.entrySet()) {
            writeDump(out.resolve("sockdiag-" + dump.getKey() + ".bin"), dump.getValue());
            writeDatagramSeeds(datagramSeeds, dump.getKey(), dump.getValue());
        }
        Path lineSeeds = freshSeeds(out.resolve(LINE_SEEDS));
        for (Map.Entry<String, byte[]> table : tables.entrySet()) {
            Files.write(out.resolve("proc-net-" + table.getKey() + ".txt"), table.getValue());
            List<String> lines = new String(table.getValue(), StandardCharsets.ISO_8859_1).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                Files.writeString(lineSeeds.resolve(table.getKey() + "-line" + i), lines.get(i),
                        StandardCharsets.ISO_8859_1);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# Ground truth for the samples beside this file, written by SockDiagSampleRecorder from the\n")
                .append("# socket API when it set the sockets up. Endpoints are address:port, IPv6 in brackets.\n");
        expected.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.writeString(out.resolve("sockdiag-expected.properties"), sb.toString(), StandardCharsets.UTF_8);
        System.out.print(sb);
    }

    /** A listener, a client connected to it and the accepted server end, moving known byte counts. */
    private void tcpPair(List<AutoCloseable> open, String key, StandardProtocolFamily family, InetAddress address,
                         int clientSends, int serverSends) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(family);
        open.add(listener);
        listener.bind(new InetSocketAddress(address, 0));
        SocketChannel client = SocketChannel.open(family);
        open.add(client);
        client.connect(listener.getLocalAddress());
        SocketChannel server = listener.accept();
        open.add(server);

        send(client, clientSends);
        receive(server, clientSends);
        send(server, serverSends);
        receive(client, serverSends);

        expected.put(key + ".listener", text(listener.getLocalAddress()));
        expected.put(key + ".client", text(client.getLocalAddress()));
        expected.put(key + ".server", text(server.getLocalAddress()));
        expected.put(key + ".client.sent", Integer.toString(clientSends));
        expected.put(key + ".client.received", Integer.toString(serverSends));
    }

    /** A connection its client closes first: the client's end stays in TIME_WAIT, held by no process. */
    private void timeWait(InetAddress address) throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            listener.bind(new InetSocketAddress(address, 0));
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
            client.connect(listener.getLocalAddress());
            try (SocketChannel server = listener.accept()) {
                expected.put("tcp4.timewait", text(client.getLocalAddress()));
                expected.put("tcp4.timewait.peer", text(server.getLocalAddress()));
                client.close();
                if (server.read(ByteBuffer.allocate(1)) != -1) {
                    throw new IOException("the server end read data nobody sent");
                }
            }
        }
    }

    private static void send(SocketChannel channel, int bytes) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(bytes);
        while (data.hasRemaining()) {
            data.put((byte) ('a' + data.position() % 26));
        }
        data.flip();
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    private static void receive(SocketChannel channel, int bytes) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(bytes);
        while (data.hasRemaining()) {
            if (channel.read(data) < 0) {
                throw new IOException("the peer closed after " + data.position() + " of " + bytes + " bytes");
            }
        }
    }

    /** The raw reply datagrams of one dump. */
    private static List<byte[]> dump(NetlinkSockDiag netlink, int family, Transport transport) throws IOException {
        List<byte[]> datagrams = new ArrayList<>();
        int[] sockets = {0};
        netlink.dump(family, transport, Instant.now(), c -> sockets[0]++, datagram -> {
            byte[] raw = new byte[datagram.remaining()];
            datagram.get(raw);
            datagrams.add(raw);
        });
        System.out.println("# " + transport.label() + " family " + family + ": " + sockets[0] + " sockets in "
                + datagrams.size() + " datagrams");
        return datagrams;
    }

    /** Each datagram as a 4-byte big-endian length, then its bytes. */
    private static void writeDump(Path file, List<byte[]> datagrams) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            for (byte[] raw : datagrams) {
                out.writeInt(raw.length);
                out.write(raw);
            }
        }
    }

    /** Each datagram, and the first message of each length alone. */
    private static void writeDatagramSeeds(Path seeds, String name, List<byte[]> datagrams) throws IOException {
        Set<Integer> lengths = new HashSet<>();
        for (int d = 0; d < datagrams.size(); d++) {
            byte[] raw = datagrams.get(d);
            Files.write(seeds.resolve(name + "-datagram" + d), raw);
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
            for (int pos = 0; pos + 16 <= raw.length; pos += (b.getInt(pos) + 3) & ~3) {
                int length = b.getInt(pos);
                if (length < 16 || length > raw.length - pos) {
                    break;
                }
                if (lengths.add(length)) {
                    Files.write(seeds.resolve(name + "-message" + length), Arrays.copyOfRange(raw, pos, pos + length));
                }
            }
        }
    }

    /** The seed folder, emptied of earlier recorded seeds (Jazzer's crash-* files stay). */
    private static Path freshSeeds(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("crash-")).toList()) {
                Files.delete(f);
            }
        }
        return folder;
    }

    private static String text(SocketAddress address) {
        InetSocketAddress a = (InetSocketAddress) address;
        String ip = IpAddresses.format(a.getAddress());
        return (a.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
}
