package org.connwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.ObserverType;
import org.connwatch.source.linux.LinuxSocketSource;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficDelta;
import org.connwatch.testing.MemoryHistory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor on real loopback sockets: what it records of connections whose bytes and life are known. */
class MonitorLoopbackTest {
    @TempDir
    Path dir;

    private final MemoryHistory history = new MemoryHistory();
    private LinuxSocketSource source;
    private Monitor monitor;

    @BeforeEach
    void open() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the close announcements need CAP_NET_ADMIN (root); CI runs as root");
        source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults()
                .withMechanism(LinuxSocketSource.Mechanism.NETLINK));
        monitor = Monitor.open(MonitorSettings.defaults(), source, history, setup(dir), Clock.systemUTC(), List.of());
        assertThat(monitor.status().sources()).anyMatch(s -> s.contains("close events"));
    }

    @AfterEach
    void close() {
        if (monitor != null) {
            monitor.close();
        }
        if (source != null) {
            source.close();
        }
    }

    /** No detectors; allow rules would go to a policy in the test's folder. */
    static DetectionSetup setup(Path dir) {
        return new DetectionSetup() {
            @Override
            public DetectionEngine load() {
                return new DetectionEngine(List.of());
            }

            @Override
            public Path policyFile() {
                return dir.resolve("policy.yaml");
            }
        };
    }

    @Test
    void aConnectionIsFollowedFromOpenToCloseWithItsBytes() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            Socket accepted = server.accept();
            int port = client.getLocalPort();
            client.getOutputStream().write(new byte[1000]);
            readFully(accepted.getInputStream(), 1000);
            accepted.getOutputStream().write(new byte[300]);
            readFully(client.getInputStream(), 300);
            monitor.pollOnce();
            TrackedConnection first = byEnds(port, server.getLocalPort());
            assertThat(first.open()).isTrue();
            assertThat(first.connection().state()).isEqualTo(ConnectionState.ESTABLISHED);
            assertThat(first.connection().process().pid()).isEqualTo(ProcessHandle.current().pid());

            client.getOutputStream().write(new byte[500]);
            readFully(accepted.getInputStream(), 500);
            Thread.sleep(20);
            monitor.pollOnce();
            client.close();
            accepted.close();
            awaitClosed(port, server);

            TrackedConnection last = byEnds(port, server.getLocalPort());
            assertThat(last.id()).isEqualTo(first.id());
            assertThat(last.closedAt()).isNotNull();
            assertThat(last.connection().firstSeen()).isEqualTo(first.connection().firstSeen());
            assertThat(last.connection().lastSeen()).isAfter(first.connection().firstSeen());
            List<TrafficDelta> deltas = history.allDeltas().stream().filter(d -> d.connectionId() == last.id()).toList();
            assertThat(deltas).hasSizeGreaterThanOrEqualTo(2);
            assertThat(deltas.stream().mapToLong(TrafficDelta::bytesSent).sum()).isEqualTo(1500);
            // tcp_info counts received sequence space: the peer's FIN is one more than the 300 bytes.
            assertThat(deltas.stream().mapToLong(TrafficDelta::bytesReceived).sum()).isEqualTo(301);
            assertThat(monitor.status().openConnections()).isEqualTo(monitor.open().size());
        }
    }

    @Test
    void aPortReusedByAnotherConnectionGivesTwoIds() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Socket first = connectFrom(0, server);
            int port = first.getLocalPort();
            Socket a1 = server.accept();
            monitor.pollOnce();
            first.setSoLinger(true, 0); // closed by a reset: no TIME_WAIT holds the port
            first.close();
            a1.close();
            Socket second = connectFrom(port, server);
            Socket a2 = server.accept();
            monitor.pollOnce();
            List<TrackedConnection> both = history.allConnections().stream()
                    .filter(t -> t.connection().local().port() == port
                            && t.connection().remote().port() == server.getLocalPort()).toList();
            assertThat(both).hasSize(2);
            assertThat(both.get(0).closedAt()).isNotNull();
            assertThat(both.get(1).open()).isTrue();
            assertThat(both.get(0).connection().socket().cookie()).isNotEqualTo(both.get(1).connection().socket().cookie());
            second.close();
            a2.close();
        }
    }

    @Test
    void withAnInterfaceTheCapturedFlowsAreFollowedToo() throws Exception {
        monitor.close();
        monitor = Monitor.open(MonitorSettings.defaults().withCloseEvents(false).withCaptureInterface("lo"), source,
                history, setup(dir), Clock.systemUTC(), List.of());
        assertThat(monitor.status().sources()).anyMatch(s -> s.startsWith("flows captured on lo"));
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            Socket accepted = server.accept();
            int port = client.getLocalPort();
            client.getOutputStream().write(new byte[700]);
            readFully(accepted.getInputStream(), 700);
            client.close();
            accepted.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            TrackedConnection flow = null;
            while (flow == null && System.nanoTime() < deadline) {
                Thread.sleep(300);
                monitor.pollOnce();
                flow = history.allConnections().stream()
                        .filter(t -> t.connection().observer() == ObserverType.CAPTURE)
                        .filter(t -> (t.connection().local().port() == port
                                && t.connection().remote().port() == server.getLocalPort())
                                || (t.connection().remote().port() == port
                                && t.connection().local().port() == server.getLocalPort()))
                        .filter(t -> !t.open()).findFirst().orElse(null);
            }
            assertThat(flow).as("the flow of the connection from port " + port).isNotNull();
            assertThat(flow.connection().transport()).isEqualTo(org.connwatch.records.Transport.TCP);
            assertThat(flow.connection().flow()).isNotNull();
        }
    }

    private static Socket connectFrom(int localPort, ServerSocket server) throws IOException {
        Socket s = new Socket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
        s.connect(server.getLocalSocketAddress());
        return s;
    }

    /** The latest connection from a client port to the server's (other tests' sockets may share a port). */
    private TrackedConnection byEnds(int port, int serverPort) {
        return history.allConnections().stream().filter(t -> t.connection().local().port() == port
                        && t.connection().remote().port() == serverPort)
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no connection from port " + port));
    }

    private void awaitClosed(int port, ServerSocket server) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            monitor.pollOnce();
            if (byEnds(port, server.getLocalPort()).closedAt() != null && history.allDeltas().stream()
                    .filter(d -> d.connectionId() == byEnds(port, server.getLocalPort()).id())
                    .mapToLong(TrafficDelta::bytesReceived).sum() > 300) {
                return;
            }
        }
    }

    private static void readFully(InputStream in, int n) throws IOException {
        assertThat(in.readNBytes(n)).hasSize(n);
    }
}
