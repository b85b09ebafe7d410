package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.connwatch.records.Connection;
import org.connwatch.source.capture.file.CaptureFile;
import org.connwatch.source.capture.file.CaptureReadReport;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key cross-check: real TCP connections and UDP exchanges over loopback, captured by
 * tcpdump, must give exactly the conversations tshark finds in the same file: the same 5-tuples,
 * and the same frames and bytes each way ({@code -z conv,tcp}, {@code -z conv,udp}, and exact
 * per-stream sums).
 *
 * <p>The test's IPv4 traffic uses its own loopback addresses (127.77.N.1 and .2) and its IPv6
 * traffic its own server ports, and the capture filter keeps only those, so that whatever else
 * runs on the machine stays out of the file.
 */
class LoopbackCaptureTest {
    /** Request and reply sizes of the TCP connections: small, large (many segments), empty. */
    private static final int[][] TCP_EXCHANGES = {{10, 100_000}, {5000, 5}, {0, 1000}, {300_000, 250_000}, {1, 1},
        {70_000, 0}};
    private static final int[] UDP_SIZES = {10, 1400, 8000, 100, 0};

    @TempDir
    Path dir;

    @Test
    void flowsAgreeExactlyWithTshark() throws Exception {
        TcpdumpCapture.unavailableReason().ifPresent(reason -> Assumptions.abort(reason));
        int n = ThreadLocalRandom.current().nextInt(1, 250);
        InetAddress server4 = InetAddress.getByName("127.77." + n + ".1");
        InetAddress client4 = InetAddress.getByName("127.77." + n + ".2");
        InetAddress loopback6 = InetAddress.getByName("::1");
        Path file = dir.resolve("loopback.pcap");
        List<Thread> servers = new ArrayList<>();
        int closedPort;
        try (ServerSocket tcp4 = new ServerSocket(0, 50, server4); ServerSocket tcp6 = new ServerSocket(0, 50, loopback6);
             DatagramSocket udp4 = new DatagramSocket(new InetSocketAddress(server4, 0));
             DatagramSocket udp6 = new DatagramSocket(new InetSocketAddress(loopback6, 0))) {
            try (ServerSocket s = new ServerSocket(0, 1, server4)) {
                closedPort = s.getLocalPort();
            }
            servers.add(Thread.ofVirtual().start(() -> serveTcp(tcp4)));
            servers.add(Thread.ofVirtual().start(() -> serveTcp(tcp6)));
            servers.add(Thread.ofVirtual().start(() -> serveUdp(udp4)));
            servers.add(Thread.ofVirtual().start(() -> serveUdp(udp6)));
            String filter = "host " + server4.getHostAddress() + " or (ip6 and (port " + tcp6.getLocalPort()
                    + " or port " + udp6.getLocalPort() + "))";
            try (TcpdumpCapture capture = TcpdumpCapture.start(List.of(), "lo", file, List.of(), filter)) {
                for (int[] sizes : TCP_EXCHANGES) {
                    exchange(client4, new InetSocketAddress(server4, tcp4.getLocalPort()), sizes[0], sizes[1]);
                }
                exchange(loopback6, new InetSocketAddress(loopback6, tcp6.getLocalPort()), 2000, 70_000);
                udp(client4, new InetSocketAddress(server4, udp4.getLocalPort()));
                udp(loopback6, new InetSocketAddress(loopback6, udp6.getLocalPort()));
                assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.bind(new InetSocketAddress(client4, 0));
                        s.connect(new InetSocketAddress(server4, closedPort), 2000);
                    }
                }).isInstanceOf(ConnectException.class);
            }
        } finally {
            servers.forEach(Thread::interrupt);
        }

        RecordingListener listener = new RecordingListener();
        FlowTracker tracker = new FlowTracker(listener);
        CaptureReadReport report = CaptureFile.read(file, tracker);
        assertThat(report.complete()).as(report.summary()).isTrue();
        long packets = report.packets();
        tracker.finish();
        List<Connection> flows = listener.ended();

        assertThat(packets).isPositive();
        assertThat(tracker.stats().packets(org.connwatch.source.capture.decode.Outcome.DECODED)).isEqualTo(packets);
        // 6 + 1 + 1 TCP flows (the refused one too), 2 UDP flows.
        assertThat(flows).filteredOn(c -> c.transport() == Transport.TCP).hasSize(TCP_EXCHANGES.length + 2);
        assertThat(flows).filteredOn(c -> c.transport() == Transport.UDP).hasSize(2);
        for (String transport : List.of("tcp", "udp")) {
            Transport t = transport.equals("tcp") ? Transport.TCP : Transport.UDP;
            List<TsharkConversations.Conversation> ours = FlowComparison.ours(flows, t);
            FlowComparison.Result table = FlowComparison.compare(TsharkConversations.table(file, transport), ours, false);
            assertThat(table.onlyTshark()).as("conv,%s rows we do not have", transport).isEmpty();
            assertThat(table.onlyOurs()).as("our %s flows tshark's table does not have", transport).isEmpty();
            FlowComparison.Result exact = FlowComparison.compare(TsharkConversations.exact(file, transport), ours, true);
            assertThat(exact.onlyTshark()).as("exact %s streams we do not have", transport).isEmpty();
            assertThat(exact.onlyOurs()).as("our %s flows without an exact match", transport).isEmpty();
        }
        for (Connection c : flows) {
            // 127/8 and ::1 are not in the default local networks: the initiator is the local end.
            assertThat(c.direction()).isEqualTo(Direction.EXTERNAL);
            assertThat(c.local().address()).isIn(client4, loopback6);
            if (c.transport() == Transport.TCP) {
                boolean refused = c.remote().port() == closedPort;
                assertThat(c.state()).isEqualTo(refused ? ConnectionState.CLOSE : ConnectionState.TIME_WAIT);
                assertThat(c.flow().tcpFlags()).startsWith(refused ? "SAR" : "SAF");
            } else {
                assertThat(c.state()).isEqualTo(ConnectionState.ESTABLISHED);
            }
        }
        // Payload bytes: the request with its 4-byte reply size, and the reply.
        Connection big = flows.stream().filter(c -> c.flow().payloadSent() == 300_004).findFirst().orElseThrow();
        assertThat(big.flow().payloadReceived()).isEqualTo(250_000);
    }

    /** Client side of one exchange: sends the reply size and the request, half-closes, reads the reply. */
    private static void exchange(InetAddress from, InetSocketAddress to, int request, int reply) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(to, 5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(reply);
            out.write(new byte[request]);
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            assertThat(in.readAllBytes()).hasSize(reply);
        }
    }

    private static void serveTcp(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                int reply = in.readInt();
                in.readAllBytes();
                s.getOutputStream().write(new byte[reply]);
            } catch (IOException e) {
                // closed at the end of the test, or a client gave up
            }
        }
    }

    /** Sends datagrams of several sizes, each answered with one a byte longer. */
    private static void udp(InetAddress from, InetSocketAddress to) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(from, 0))) {
            s.setSoTimeout(5000);
            for (int size : UDP_SIZES) {
                s.send(new DatagramPacket(new byte[size], size, to));
                DatagramPacket answer = new DatagramPacket(new byte[65_536], 65_536);
                s.receive(answer);
                assertThat(answer.getLength()).isEqualTo(size + 1);
            }
        }
    }

    private static void serveUdp(DatagramSocket server) {
        byte[] buffer = new byte[65_536];
        while (!server.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                server.receive(p);
                server.send(new DatagramPacket(new byte[p.getLength() + 1], p.getLength() + 1, p.getSocketAddress()));
            } catch (IOException e) {
                // closed at the end of the test
            }
        }
    }
}
