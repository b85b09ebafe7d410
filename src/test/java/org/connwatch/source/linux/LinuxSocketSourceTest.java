package org.connwatch.source.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Endpoint;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Transport;
import org.connwatch.source.Snapshot;
import org.connwatch.testing.ChildProcess;
import org.connwatch.testing.ChildTalker;
import org.connwatch.testing.TcpPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The socket source on this machine's real socket table, with sockets the test opens itself. */
class LinuxSocketSourceTest {
    private static final long OUR_PID = ProcessHandle.current().pid();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void reportsBothEndsOfATcpConnectionWithBytesAndThisProcess(String loopback) throws IOException {
        try (TcpPair pair = TcpPair.open(loopback, 100_000, 12_345);
             LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults())) {
            Snapshot snap = source.snapshot();

            Connection client = find(snap, c -> c.transport() == Transport.TCP && c.local().port() == pair.clientPort
                    && c.remote().port() == pair.listenPort);
            assertThat(client.state()).isEqualTo(ConnectionState.ESTABLISHED);
            assertThat(client.local().ip()).isEqualTo(loopback);
            assertThat(client.traffic().bytesSent()).isEqualTo(100_000);
            assertThat(client.traffic().bytesReceived()).isEqualTo(12_345);
            assertThat(client.socket().tcp().rttMicros()).isPositive();
            assertThat(client.process().pid()).isEqualTo(OUR_PID);
            assertThat(client.process().name()).isEqualTo("java");

            Connection server = find(snap, c -> c.transport() == Transport.TCP && c.local().port() == pair.listenPort
                    && c.remote().port() == pair.clientPort);
            assertThat(server.traffic().bytesSent()).isEqualTo(12_345);
            assertThat(server.traffic().bytesReceived()).isEqualTo(100_000);
            assertThat(server.process().pid()).isEqualTo(OUR_PID);

            Connection listener = find(snap, c -> c.state() == ConnectionState.LISTEN
                    && c.local().port() == pair.listenPort);
            assertThat(listener.remote().isWildcard()).isTrue();
            assertThat(listener.process().pid()).isEqualTo(OUR_PID);
            assertThat(listener.socket().inode()).isPositive();
        }
    }

    @Test
    void reportsUdpSocketsBoundAndConnectedOnBothFamilies() throws IOException {
        try (DatagramChannel bound = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             DatagramChannel connected = DatagramChannel.open().bind(new InetSocketAddress("::1", 0));
             LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults())) {
            int boundPort = ((InetSocketAddress) bound.getLocalAddress()).getPort();
            connected.connect(new InetSocketAddress("::1", 53535));
            connected.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            int connectedPort = ((InetSocketAddress) connected.getLocalAddress()).getPort();

            Snapshot snap = source.snapshot();

            Connection b = find(snap, c -> c.transport() == Transport.UDP && c.local().port() == boundPort);
            assertThat(b.state()).isEqualTo(ConnectionState.UNCONN);
            assertThat(b.local().ip()).isEqualTo("127.0.0.1");
            assertThat(b.process().pid()).isEqualTo(OUR_PID);
            Connection k = find(snap, c -> c.transport() == Transport.UDP && c.local().port() == connectedPort);
            assertThat(k.state()).isEqualTo(ConnectionState.ESTABLISHED);
            assertThat(k.remote()).isEqualTo(Endpoint.of("::1", 53535));
            assertThat(k.traffic().hasBytes()).as("the kernel keeps no per-socket UDP byte counts").isFalse();
            assertThat(k.process().pid()).isEqualTo(OUR_PID);
        }
    }

    @Test
    void namesTheProgramOfAnotherProcessWithItsCommandLineUserAndExecutable() throws IOException {
        try (TcpPair pair = TcpPair.open("127.0.0.1", 0, 0);
             ChildProcess child = ChildProcess.start(ChildTalker.class, "127.0.0.1",
                     Integer.toString(pair.listenPort), "54321");
             LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults().withHashes(true))) {
            int childPort = Integer.parseInt(child.firstLine.substring("sent ".length()));
            var accepted = pair.listener.accept();
            TcpPairDrain.readExactly(accepted, 54321);

            Snapshot snap = source.snapshot();

            // Both ports: another program's loopback sockets (a benchmark's, say) may use the same client port.
            Connection c = find(snap, x -> x.transport() == Transport.TCP && x.local().port() == childPort
                    && x.remote().port() == pair.listenPort);
            ProcessInfo p = c.process();
            assertThat(p.pid()).isEqualTo(child.pid());
            assertThat(p.parentPid()).isEqualTo(OUR_PID);
            assertThat(p.name()).isEqualTo("java");
            assertThat(p.commandLine()).contains(ChildTalker.class.getName()).contains("54321");
            assertThat(Path.of(p.executable())).isEqualTo(
                    Path.of(ProcessHandle.current().info().command().orElseThrow()).toRealPath());
            assertThat(p.executableDeleted()).isFalse();
            assertThat(p.userName()).isEqualTo(System.getProperty("user.name"));
            assertThat(p.start()).isNotNull();
            assertThat(p.sha256()).isEqualTo(Sha256Sum.of(Path.of(p.executable())));
            assertThat(c.traffic().bytesSent()).isEqualTo(54321);
            accepted.close();
        }
    }

    @Test
    void netlinkAndProcNetSeeTheSameSocketsWithTheSameDetails() throws IOException {
        try (TcpPair v4 = TcpPair.open("127.0.0.1", 10, 20);
             TcpPair v6 = TcpPair.open("::1", 30, 40);
             DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress("::1", 0));
             LinuxSocketSource netlink = LinuxSocketSource.open(LinuxSocketSource.Options.defaults()
                     .withMechanism(LinuxSocketSource.Mechanism.NETLINK));
             LinuxSocketSource procfs = LinuxSocketSource.open(LinuxSocketSource.Options.defaults()
                     .withMechanism(LinuxSocketSource.Mechanism.PROCFS))) {
            Snapshot a = netlink.snapshot();
            Snapshot b = procfs.snapshot();
            List<Long> ours = a.connections().stream()
                    .filter(c -> c.process() != null && c.process().pid() == OUR_PID)
                    .map(c -> c.socket().inode())
                    .toList();
            assertThat(ours).hasSizeGreaterThanOrEqualTo(7); // 2 listeners, 4 connected ends, 1 UDP
            for (long inode : ours) {
                Connection x = byInode(a, inode);
                Connection y = byInode(b, inode);
                assertThat(y).as("socket %d in /proc/net", inode).isNotNull();
                assertThat(y.transport()).isEqualTo(x.transport());
                assertThat(y.state()).isEqualTo(x.state());
                assertThat(y.local()).isEqualTo(x.local());
                assertThat(y.remote()).isEqualTo(x.remote());
                assertThat(y.socket().uid()).isEqualTo(x.socket().uid());
                assertThat(y.process().pid()).isEqualTo(x.process().pid());
                if (!x.state().isListening()) {
                    assertThat(y.socket().receiveQueue()).isEqualTo(x.socket().receiveQueue());
                }
            }
            // Listeners are stable while the test runs: both readers must list exactly the same ones.
            assertThat(listeners(b)).isEqualTo(listeners(a));
        }
    }

    @Test
    void aSecondSnapshotReadsOnlyWhatChangedAndStillFindsNewSockets() throws IOException {
        ProcessTable table = new ProcessTable(Path.of("/proc"), new ProcessReader(Path.of("/proc"),
                BootClock.read(Path.of("/proc")), new UserNames(Path.of("/etc/passwd")), new ExecutableHasher()));
        try (LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults())) {
            long before = processCount();
            var first = table.attribute(inodes(source.snapshot()), false);
            var second = table.attribute(inodes(source.snapshot()), false);
            // Processes may come and go meanwhile: the first scan reads at least most of those alive throughout.
            long processes = Math.min(before, processCount());
            assertThat(first.fdDirsRead()).isGreaterThanOrEqualTo((int) (processes * 0.9));
            assertThat(second.fdDirsRead()).as("only processes whose descriptors changed are read again")
                    .isLessThan(first.fdDirsRead() / 2 + 1);

            try (TcpPair fresh = TcpPair.open("127.0.0.1", 1, 1)) {
                Snapshot snap = source.snapshot();
                var third = table.attribute(inodes(snap), false);
                Connection c = find(snap, x -> x.local().port() == fresh.clientPort
                        && x.remote().port() == fresh.listenPort);
                assertThat(third.owners().get(c.socket().inode()).pid()).isEqualTo(OUR_PID);
            }
        }
    }

    @Test
    void fallsBackToProcNetWithAReasonWhenAskedAndSaysWhichReaderItUses() throws IOException {
        try (LinuxSocketSource auto = LinuxSocketSource.open(LinuxSocketSource.Options.defaults());
             LinuxSocketSource proc = LinuxSocketSource.open(LinuxSocketSource.Options.defaults()
                     .withMechanism(LinuxSocketSource.Mechanism.PROCFS))) {
            assertThat(auto.description()).isEqualTo("netlink sock_diag");
            assertThat(proc.description()).startsWith("/proc/net");
        }
    }

    private static long processCount() throws IOException {
        try (var dirs = Files.list(Path.of("/proc"))) {
            return dirs.filter(p -> p.getFileName().toString().matches("\\d+")).count();
        }
    }

    private static java.util.Set<Long> inodes(Snapshot s) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        s.connections().forEach(c -> out.add(c.socket().inode()));
        return out;
    }

    private static java.util.Set<String> listeners(Snapshot s) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        s.connections().stream().filter(c -> c.state() == ConnectionState.LISTEN)
                .forEach(c -> out.add(c.transport() + " " + c.local() + " " + c.socket().inode()));
        return out;
    }

    private static Connection byInode(Snapshot s, long inode) {
        return s.connections().stream().filter(c -> c.socket().inode() == inode).findFirst().orElse(null);
    }

    private static Connection find(Snapshot snap, Predicate<Connection> p) {
        Optional<Connection> c = snap.connections().stream().filter(p).findFirst();
        assertThat(c).as("a matching connection among %d", snap.connections().size()).isPresent();
        return c.orElseThrow();
    }

    @Test
    void timeWaitSocketsAreDatedByWhenTheirConnectionClosed() throws Exception {
        List<Integer> ports = new java.util.ArrayList<>();
        java.time.Instant before = java.time.Instant.now();
        try (var listener = java.nio.channels.ServerSocketChannel.open()
                .bind(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 3; i++) {
                // The client closes first, so the client end goes to TIME_WAIT.
                try (var client = java.nio.channels.SocketChannel.open(listener.getLocalAddress());
                     var server = listener.accept()) {
                    ports.add(((InetSocketAddress) client.getLocalAddress()).getPort());
                    client.close();
                    server.read(ByteBuffer.allocate(1));
                }
                Thread.sleep(1100);
            }
        }
        try (LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults())) {
            Snapshot snap = source.snapshot();
            List<java.time.Instant> closed = new java.util.ArrayList<>();
            for (int port : ports) {
                Connection c = find(snap, x -> x.local().port() == port && x.state() == ConnectionState.TIME_WAIT);
                closed.add(c.lastSeen());
                assertThat(c.firstSeen()).isEqualTo(c.lastSeen());
            }
            // Each close lies between the test's start and the snapshot, in order, about 1.1 s apart
            // (the kernel's timer has jiffy resolution; allow a quarter second).
            assertThat(closed.get(0)).isAfterOrEqualTo(before.minusMillis(250)).isBefore(snap.takenAt());
            for (int i = 1; i < closed.size(); i++) {
                long gap = java.time.Duration.between(closed.get(i - 1), closed.get(i)).toMillis();
                assertThat(gap).isBetween(850L, 1350L);
            }
        }
    }
}
