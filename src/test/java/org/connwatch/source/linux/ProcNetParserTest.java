package org.connwatch.source.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.connwatch.source.linux.SockDiagSamples.datagrams;
import static org.connwatch.source.linux.SockDiagSamples.endpoint;
import static org.connwatch.source.linux.SockDiagSamples.number;
import static org.connwatch.source.linux.SockDiagSamples.procNetLines;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ProcNetParser} on the /proc/net tables recorded by {@link SockDiagSampleRecorder} (with
 * the ground truth of which sockets were open), on hand-written lines, and on garbled ones.
 *
 * <p>How to read a line by hand: {@code 0100007F:1F90} is an IPv4 address printed as one 32-bit
 * word in host (little-endian) byte order, so its bytes read backwards, {@code 7F 00 00 01} =
 * 127.0.0.1; the port after the colon is plain hex, {@code 1F90} = 8080. An IPv6 address is four
 * such words, each reversed on its own: {@code B80D0120 00000000 00000000 01000000} = 2001:0db8 0000:0000
 * 0000:0000 0000:0001 = 2001:db8::1. The state is the kernel's TCP state in hex ({@code 01}
 * established, {@code 06} time-wait, {@code 07} close (UDP: unconnected), {@code 0A} listen);
 * then come "transmit:receive" queue in hex, timer, retransmits, uid (decimal), timeout and inode
 * (decimal).
 */
class ProcNetParserTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    /** The fields after the addresses and state of a listener owned by uid 1000, inode 51234. */
    private static final String REST = " 0A 00000000:00000000 00:00000000 00000000  1000        0 51234 1 0000000000000000 100 0 0 10 0";

    private final ProcNetParser parser = new ProcNetParser();

    // ---- the recorded tables ----

    @Test
    void everyLineOfTheRecordedTablesParses() throws IOException {
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            List<Connection> sockets = table(table);

            assertThat(sockets).as(table).hasSize(procNetLines(table).size()).allSatisfy(c -> {
                assertThat(c.transport()).isEqualTo(table.startsWith("tcp") ? Transport.TCP : Transport.UDP);
                assertThat(c.socket().uid()).as("recorded as root").isEqualTo((int) number("uid")).isZero();
                assertThat(c.traffic()).as("/proc/net has no byte counts").isEqualTo(Traffic.UNKNOWN);
                assertThat(c.socket().tcp()).isNull();
                assertThat(c.firstSeen()).isEqualTo(NOW);
            });
        }
    }

    @Test
    void theIpv4ListenerAndBothEndsOfItsConnectionAreInProcNetTcp() throws IOException {
        List<Connection> tcp = table("tcp");
        Connection listener = find(tcp, endpoint("tcp4.listener"), Endpoint.of("0.0.0.0", 0));
        Connection client = find(tcp, endpoint("tcp4.client"), endpoint("tcp4.listener"));
        Connection server = find(tcp, endpoint("tcp4.server"), endpoint("tcp4.client"));

        Connection timeWait = find(tcp, endpoint("tcp4.timewait"), endpoint("tcp4.timewait.peer"));

        assertThat(listener.state()).isEqualTo(ConnectionState.LISTEN);
        assertThat(listener.remote().isWildcard()).isTrue();
        assertThat(timeWait.state()).isEqualTo(ConnectionState.TIME_WAIT);
        assertThat(timeWait.socket().inode()).isZero();
        assertThat(client.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(server.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(List.of(listener, client, server)).allSatisfy(c -> {
            assertThat(c.local().address()).isInstanceOf(Inet4Address.class);
            assertThat(c.socket().inode()).isPositive();
            assertThat(c.socket().receiveQueue()).isZero();
        });
    }

    @Test
    void theIpv6AndTheDualStackSocketsAreInProcNetTcp6() throws IOException {
        List<Connection> tcp6 = table("tcp6");
        Connection listener = find(tcp6, endpoint("tcp6.listener"), Endpoint.of("::", 0));
        Connection client = find(tcp6, endpoint("tcp6.client"), endpoint("tcp6.listener"));
        // Printed as 0000000000000000FFFF00000100007F: ::ffff:127.0.0.1, which comes out as 127.0.0.1.
        Connection mappedListener = find(tcp6, endpoint("tcpMapped.listener"), Endpoint.of("::", 0));
        Connection mappedClient = find(tcp6, endpoint("tcpMapped.client"), endpoint("tcpMapped.listener"));

        assertThat(listener.state()).isEqualTo(ConnectionState.LISTEN);
        assertThat(listener.local().address()).isInstanceOf(Inet6Address.class);
        assertThat(client.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(client.remote().address()).isInstanceOf(Inet6Address.class);
        assertThat(mappedListener.state()).isEqualTo(ConnectionState.LISTEN);
        assertThat(mappedClient.local().address()).isInstanceOf(Inet4Address.class);
        assertThat(mappedClient.remote().address()).isInstanceOf(Inet4Address.class);
        assertThat(List.of(listener, client, mappedListener, mappedClient))
                .allSatisfy(c -> assertThat(c.socket().inode()).isPositive());
    }

    @Test
    void theUdpSocketsAreInProcNetUdpAndUdp6() throws IOException {
        Connection bound = find(table("udp"), endpoint("udp4.bound"), Endpoint.of("0.0.0.0", 0));
        List<Connection> udp6 = table("udp6");
        Connection connected = find(udp6, endpoint("udp6.connected"), endpoint("udp6.peer"));
        Connection peer = find(udp6, endpoint("udp6.peer"), Endpoint.of("::", 0));

        assertThat(bound.state()).isEqualTo(ConnectionState.UNCONN);
        assertThat(connected.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(peer.state()).isEqualTo(ConnectionState.UNCONN);
        assertThat(List.of(bound, connected, peer)).allSatisfy(c -> assertThat(c.socket().inode()).isPositive());
    }

    @Test
    void theTablesAgreeWithTheNetlinkDumpOfTheSameMoment() throws IOException {
        // Every socket a process holds (inode > 0) shows the same state, ends, owner and inode in
        // both views; the TIME_WAIT ones come and go between the two reads, so they are left out.
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "the netlink samples are little-endian");
        for (String[] pair : new String[][] {{"tcp", "tcp4"}, {"tcp6", "tcp6"}, {"udp", "udp4"}, {"udp6", "udp6"}}) {
            Transport transport = pair[0].startsWith("tcp") ? Transport.TCP : Transport.UDP;
            List<Connection> netlink = new ArrayList<>();
            for (byte[] datagram : datagrams(pair[1])) {
                new SockDiagParser().parse(ByteBuffer.wrap(datagram), transport, NOW, new SockDiagParser.Counters(),
                        netlink::add);
            }

            assertThat(held(table(pair[0]))).as(pair[0]).isNotEmpty().isEqualTo(held(netlink));
        }
    }

    // ---- hand-written lines ----

    @Test
    void anIpv4Listener() throws IOException {
        // 0100007F:1F90 = 127.0.0.1:8080; 00000000:0000 = nobody yet; 0A = listen;
        // 00000000:00000002 = nothing to send, 2 connections waiting to be accepted.
        Connection c = parser.parse(
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000002 00:00000000 00000000  1000        0 51234 1 "
                        + "0000000000000000 100 0 0 10 0", Transport.TCP, NOW);

        assertThat(c.local()).isEqualTo(Endpoint.of("127.0.0.1", 8080));
        assertThat(c.remote().isWildcard()).isTrue();
        assertThat(c.state()).isEqualTo(ConnectionState.LISTEN);
        assertThat(c.socket().uid()).isEqualTo(1000);
        assertThat(c.socket().inode()).isEqualTo(51234);
        assertThat(c.socket().receiveQueue()).isEqualTo(2);
        assertThat(c.socket().sendQueue()).isZero();
        assertThat(c.traffic()).isEqualTo(Traffic.UNKNOWN);
    }

    @Test
    void anIpv4ConnectionWithDataWaitingToBeAcknowledged() throws IOException {
        // 0A0200C0:C350 = 192.0.2.10:50000; 076433C6:01BB = 198.51.100.7:443; 01 = established;
        // 0000002A:00000000 = 42 bytes sent but not yet acknowledged.
        Connection c = parser.parse(
                "   7: 0A0200C0:C350 076433C6:01BB 01 0000002A:00000000 01:00000014 00000000  1000        0 99 1",
                Transport.TCP, NOW);

        assertThat(c.local()).isEqualTo(Endpoint.of("192.0.2.10", 50000));
        assertThat(c.remote()).isEqualTo(Endpoint.of("198.51.100.7", 443));
        assertThat(c.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(c.socket().sendQueue()).isEqualTo(42);
        assertThat(c.socket().receiveQueue()).isZero();
    }

    @Test
    void anIpv6Connection() throws IOException {
        // B80D0120000000000000000001000000 = 2001:db8::1 (each 32-bit word reversed on its own);
        // 0200CDAB in the last word = abcd:0002, so the peer is 2001:db8::abcd:2.
        Connection c = parser.parse("  3: B80D0120000000000000000001000000:01BB B80D012000000000000000000200CDAB:C350 01"
                + " 00000000:00000000 00:00000000 00000000    33        0 4711 1", Transport.TCP, NOW);

        assertThat(c.local()).isEqualTo(Endpoint.of("2001:db8::1", 443));
        assertThat(c.remote()).isEqualTo(Endpoint.of("2001:db8::abcd:2", 50000));
        assertThat(c.local().address()).isInstanceOf(Inet6Address.class);
        assertThat(c.socket().uid()).isEqualTo(33);
    }

    @Test
    void anIpv4MappedIpv6AddressComesOutAsTheIpv4AddressItCarries() throws IOException {
        // 0000000000000000FFFF0000140200C0 = ::ffff:192.0.2.20, a dual-stack socket's view of an
        // IPv4 peer; 0016 = port 22.
        Connection c = parser.parse("  0: 0000000000000000FFFF0000140200C0:0016 0000000000000000FFFF0000010200C0:D431"
                + " 01 00000000:00000000 00:00000000 00000000     0        0 777 1", Transport.TCP, NOW);

        assertThat(c.local().address()).isInstanceOf(Inet4Address.class);
        assertThat(c.local()).isEqualTo(Endpoint.of("192.0.2.20", 22));
        assertThat(c.remote()).isEqualTo(Endpoint.of("192.0.2.1", 54321));
    }

    @Test
    void theSameStateNumberMeansCloseForTcpAndUnconnectedForUdp() throws IOException {
        String line = "  9: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 812 2"
                + " 0000000000000000 0";

        assertThat(parser.parse(line, Transport.TCP, NOW).state()).isEqualTo(ConnectionState.CLOSE);
        assertThat(parser.parse(line, Transport.UDP, NOW).state()).isEqualTo(ConnectionState.UNCONN);
    }

    @Test
    void aUidAbove2pow31KeepsItsThirtyTwoBits() throws IOException {
        Connection c = parser.parse("0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
                + " 4294967294 0 1 1", Transport.TCP, NOW);

        assertThat(Integer.toUnsignedLong(c.socket().uid())).isEqualTo(4294967294L);
    }

    @Test
    void theLargestInodeAndQueuesStillParse() throws IOException {
        Connection c = parser.parse("0: 0100007F:1F90 00000000:0000 0A FFFFFFFF:FFFFFFFF 00:00000000 00000000 0 0 "
                + Long.MAX_VALUE + " 1", Transport.TCP, NOW);

        assertThat(c.socket().inode()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.socket().sendQueue()).isEqualTo(0xFFFFFFFFL);
    }

    // ---- garbled lines ----

    static Stream<Arguments> garbledLines() {
        String addresses = "   0: 0100007F:1F90 00000000:0000";
        return Stream.of(
                Arguments.of("too few fields", "   0: 0100007F:1F90 00000000:0000 0A",
                        "has 4 fields, at least 10 expected"),
                Arguments.of("an empty line", "", "has 1 fields, at least 10 expected"),
                Arguments.of("a non-hex address", "   0: 0100007G:1F90 00000000:0000" + REST,
                        "address '0100007G' is not a hex number"),
                Arguments.of("a full-width digit in the address", "   0: \uFF10100007F:1F90 00000000:0000" + REST,
                        "is not a hex number"),
                Arguments.of("7-digit addresses", "   0: 100007F:1F90 0000000:0000" + REST,
                        "address '100007F:1F90' is not 8 or 32 hex digits, a colon and a port"),
                Arguments.of("an IPv4 local and an IPv6 remote address",
                        "   0: 0100007F:1F90 00000000000000000000000000000000:0000" + REST,
                        "local and remote addresses have different lengths"),
                Arguments.of("an address without a port", "   0: 0100007F 00000000" + REST, "is not 8 or 32 hex digits"),
                Arguments.of("a non-hex port", "   0: 0100007F:1F9Z 00000000:0000" + REST, "port '1F9Z' is not a hex number"),
                Arguments.of("a 5-digit port", "   0: 0100007F:1F900 00000000:0000" + REST,
                        "port '1F900' is not 4 hex digits"),
                Arguments.of("an empty port", "   0: 0100007F: 00000000:0000" + REST, "port '' is not 4 hex digits"),
                Arguments.of("the unknown state 0x0F", addresses + REST.replace(" 0A ", " 0F "), "unknown TCP state 15"),
                Arguments.of("a state out of range", addresses + REST.replace(" 0A ", " 10A "),
                        "state '10A' is not 2 hex digits"),
                Arguments.of("a non-hex state", addresses + REST.replace(" 0A ", " 0x "), "state '0x' is not a hex number"),
                Arguments.of("queues without a colon", addresses + REST.replace("00000000:00000000", "0000000000000000"),
                        "queue field '0000000000000000' is not TX:RX"),
                Arguments.of("a non-hex transmit queue", addresses + REST.replace("00000000:00000000", "0000000X:00000000"),
                        "transmit queue '0000000X' is not a hex number"),
                Arguments.of("a non-decimal uid", addresses + REST.replace("  1000 ", "  1000a "),
                        "uid '1000a' is not a decimal number"),
                Arguments.of("a negative uid", addresses + REST.replace("  1000 ", "  -1 "), "uid '-1' is not a decimal number"),
                Arguments.of("a uid above 32 bits", addresses + REST.replace("  1000 ", "  4294967296 "),
                        "uid 4294967296 is out of range"),
                Arguments.of("a 19-digit inode beyond a long", addresses + REST.replace(" 51234 ", " 9999999999999999999 "),
                        "inode 9999999999999999999 is out of range"),
                Arguments.of("a 20-digit inode", addresses + REST.replace(" 51234 ", " 18446744073709551616 "),
                        "inode '18446744073709551616' is not a decimal number"),
                Arguments.of("a hex inode", addresses + REST.replace(" 51234 ", " C822 "), "inode 'C822' is not a decimal number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbledLines")
    void aGarbledLineIsMalformedWithAMessageNamingTheProblem(String what, String line, String problem) {
        assertThatThrownBy(() -> parser.parse(line, Transport.TCP, NOW))
                .isExactlyInstanceOf(MalformedSocketDataException.class)
                .hasMessageStartingWith("bad /proc/net line (")
                .hasMessageContaining(problem)
                .hasMessageEndingWith(line.strip());
    }

    @Test
    void aTcpOnlyStateOnAUdpLineIsMalformed() {
        String line = "   0: 0100007F:0035 00000000:0000 02 00000000:00000000 00:00000000 00000000 0 0 1 2";

        assertThatThrownBy(() -> parser.parse(line, Transport.UDP, NOW))
                .isInstanceOf(MalformedSocketDataException.class)
                .hasMessageContaining("unknown socket state 2");
    }

    @Test
    void controlCharactersAreEscapedInTheMessage() {
        // A terminal would obey ESC [2J (clear screen) and the 8-bit CSI 0x9B if they were printed raw.
        String line = "   0: 0100007F:1F90\u001b[2J 00000000:0000" + REST.replace("  1000 ", "  10\u009b00\u0000 ");

        MalformedSocketDataException e = catchThrowableOfType(MalformedSocketDataException.class,
                () -> parser.parse(line, Transport.TCP, NOW));

        assertThat(e.getMessage()).contains("\\x1b[2J", "\\x9b", "\\x00")
                .doesNotContain("\u001b", "\u009b", "\u0000");
    }

    @Test
    void aFieldQuotedInTheMessageIsEscapedToo() {
        String line = "   0: 0100007F:1F90 00000000:0000" + REST.replace("  1000 ", "  10\u001b00 ");

        assertThatThrownBy(() -> parser.parse(line, Transport.TCP, NOW))
                .hasMessageContaining("uid '10\\x1b00' is not a decimal number")
                .hasMessageNotContaining("\u001b");
    }

    @Test
    void aVeryLongLineIsCutInTheMessage() {
        String longAddress = "0100007F".repeat(20_000) + ":1F90";
        String longUid = "7".repeat(50_000);
        List<String> lines = List.of(
                "   0: " + longAddress + " " + longAddress + REST,
                "   0: 0100007F:1F90 00000000:0000" + REST.replace("  1000 ", "  " + longUid + " "),
                "   0: 0100007F:1F90 00000000:0000 0A" + " x".repeat(1_000) + "\u0007".repeat(100_000));

        for (String line : lines) {
            MalformedSocketDataException e = catchThrowableOfType(MalformedSocketDataException.class,
                    () -> parser.parse(line, Transport.TCP, NOW));

            assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(400).contains("...").startsWith("bad /proc/net line (");
        }
    }

    // ---- helpers ----

    private List<Connection> table(String table) throws IOException {
        Transport transport = table.startsWith("tcp") ? Transport.TCP : Transport.UDP;
        List<Connection> sockets = new ArrayList<>();
        for (String line : procNetLines(table)) {
            sockets.add(parser.parse(line, transport, NOW));
        }
        return sockets;
    }

    private static Connection find(List<Connection> sockets, Endpoint local, Endpoint remote) {
        List<Connection> found = sockets.stream()
                .filter(c -> c.local().equals(local) && c.remote().equals(remote)).toList();
        assertThat(found).as(local + " -> " + remote + " among " + sockets).hasSize(1);
        return found.getFirst();
    }

    /** What both views tell of each socket a process holds. */
    private static Set<String> held(List<Connection> sockets) {
        return sockets.stream().filter(c -> c.socket().inode() > 0)
                .map(c -> c.state() + " " + c.local() + " " + c.remote() + " uid " + c.socket().uid() + " inode "
                        + c.socket().inode())
                .collect(Collectors.toSet());
    }
}
