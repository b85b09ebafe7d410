package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.source.capture.decode.Frames.ACK;
import static org.connwatch.source.capture.decode.Frames.FIN;
import static org.connwatch.source.capture.decode.Frames.MAC_A;
import static org.connwatch.source.capture.decode.Frames.MAC_B;
import static org.connwatch.source.capture.decode.Frames.PSH;
import static org.connwatch.source.capture.decode.Frames.RST;
import static org.connwatch.source.capture.decode.Frames.SYN;
import static org.connwatch.source.capture.decode.Frames.icmp;
import static org.connwatch.source.capture.decode.Frames.ipv4;
import static org.connwatch.source.capture.decode.Frames.ipv6;
import static org.connwatch.source.capture.decode.Frames.tcp;
import static org.connwatch.source.capture.decode.Frames.udp;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Device;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.connwatch.source.capture.LinkType;
import org.connwatch.source.capture.decode.Frames;
import org.connwatch.source.capture.decode.Outcome;
import org.junit.jupiter.api.Test;

class FlowTrackerTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final String CLIENT = "192.168.1.10";
    private static final String SERVER = "93.184.216.34";

    private final RecordingListener listener = new RecordingListener();
    private FlowTracker tracker = new FlowTracker(listener);

    private void send(long time, byte[] ipPacket) {
        tracker.packet(time, 0, LinkType.RAW, MemorySegment.ofArray(ipPacket), 0, ipPacket.length, ipPacket.length);
    }

    private void ether(long time, long srcMac, long dstMac, byte[] ipPacket) {
        byte[] frame = Frames.ethernet(dstMac, srcMac, 0x0800, ipPacket);
        tracker.packet(time, 0, LinkType.ETHERNET, MemorySegment.ofArray(frame), 0, frame.length, frame.length);
    }

    private static byte[] c2s(int flags, long seq, long ack, int payload) {
        return ipv4(CLIENT, SERVER, 6, tcp(40000, 443, flags, seq, ack, new byte[0], new byte[payload]));
    }

    private static byte[] s2c(int flags, long seq, long ack, int payload) {
        return ipv4(SERVER, CLIENT, 6, tcp(443, 40000, flags, seq, ack, new byte[0], new byte[payload]));
    }

    private Connection only() {
        tracker.finish();
        assertThat(listener.ended()).hasSize(1);
        return listener.ended().getFirst();
    }

    @Test
    void aTcpConnectionIsOneFlowCountedFromTheLocalEnd() {
        send(T0, c2s(SYN, 100, 0, 0));
        send(T0 + 1000, s2c(SYN | ACK, 500, 101, 0));
        send(T0 + 2000, c2s(ACK, 101, 501, 0));
        send(T0 + 3000, c2s(PSH | ACK, 101, 501, 100));
        send(T0 + 4000, s2c(PSH | ACK, 501, 201, 500));
        send(T0 + 5000, c2s(FIN | ACK, 201, 1001, 0));
        send(T0 + 6000, s2c(FIN | ACK, 1001, 202, 0));
        send(T0 + 7000, c2s(ACK, 202, 1002, 0));

        Connection c = only();
        assertThat(c.observer()).isEqualTo(ObserverType.CAPTURE);
        assertThat(c.transport()).isEqualTo(Transport.TCP);
        assertThat(c.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(c.local()).isEqualTo(Endpoint.of(CLIENT, 40000));
        assertThat(c.remote()).isEqualTo(Endpoint.of(SERVER, 443));
        // Client: 5 packets of 40 bytes plus 100 of payload; server: 3 packets, 500 of payload.
        assertThat(c.traffic()).isEqualTo(new Traffic(5 * 40 + 100, 3 * 40 + 500, 5, 3));
        assertThat(c.flow().payloadSent()).isEqualTo(100);
        assertThat(c.flow().payloadReceived()).isEqualTo(500);
        assertThat(c.state()).isEqualTo(ConnectionState.TIME_WAIT);
        assertThat(c.flow().tcpFlags()).isEqualTo("SAFP");
        assertThat(c.firstSeen()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(c.lastSeen()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 7000));
        assertThat(c.enrichment().remoteDomain()).isNull();
        assertThat(tracker.stats().flowsCreated()).isEqualTo(1);
        assertThat(tracker.stats().flowsEnded()).isEqualTo(1);
    }

    @Test
    void theTcpStateFollowsTheHandshakeAndTheClose() {
        assertThat(stateAfter(List.of(c2s(SYN, 1, 0, 0)))).isEqualTo(ConnectionState.SYN_SENT);
        assertThat(stateAfter(List.of(c2s(SYN, 1, 0, 0), s2c(SYN | ACK, 9, 2, 0)))).isEqualTo(ConnectionState.SYN_RECV);
        assertThat(stateAfter(List.of(c2s(SYN, 1, 0, 0), s2c(SYN | ACK, 9, 2, 0), c2s(ACK, 2, 10, 0))))
                .isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(stateAfter(List.of(c2s(SYN, 1, 0, 0), s2c(SYN | ACK, 9, 2, 0), s2c(PSH | ACK, 10, 2, 10))))
                .isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(stateAfter(List.of(c2s(SYN, 1, 0, 0), s2c(SYN | ACK, 9, 2, 0), c2s(ACK, 2, 10, 0),
                c2s(FIN | ACK, 2, 10, 0)))).isEqualTo(ConnectionState.FIN_WAIT1);
        assertThat(stateAfter(List.of(c2s(SYN, 1, 0, 0), s2c(RST | ACK, 0, 2, 0)))).isEqualTo(ConnectionState.CLOSE);
        assertThat(stateAfter(List.of(c2s(ACK, 50, 60, 0), s2c(ACK, 60, 50, 0)))).isEqualTo(ConnectionState.ESTABLISHED);
    }

    private ConnectionState stateAfter(List<byte[]> packets) {
        RecordingListener l = new RecordingListener();
        FlowTracker t = new FlowTracker(l);
        long time = T0;
        for (byte[] p : packets) {
            t.packet(time++, 0, LinkType.RAW, MemorySegment.ofArray(p), 0, p.length, p.length);
        }
        t.finish();
        assertThat(l.ended()).hasSize(1);
        return l.ended().getFirst().state();
    }

    @Test
    void whenTheSynWasMissedTheReceiverOfTheSynAckInitiated() {
        send(T0, s2c(SYN | ACK, 500, 101, 0));
        send(T0 + 1, c2s(ACK, 101, 501, 0));
        Connection c = only();
        assertThat(c.local()).isEqualTo(Endpoint.of(CLIENT, 40000));
        assertThat(c.traffic()).isEqualTo(new Traffic(40, 40, 1, 1));
        assertThat(c.state()).isEqualTo(ConnectionState.ESTABLISHED);
    }

    @Test
    void withoutAnyHandshakeTheFirstSenderInitiated() {
        send(T0, s2c(PSH | ACK, 500, 101, 10));
        Connection c = only();
        // The server spoke first: it is the initiator, the client its responder. Both ends are
        // classified by address: the server is not local, the client is, so the flow is inbound.
        assertThat(c.direction()).isEqualTo(Direction.INBOUND);
        assertThat(c.local()).isEqualTo(Endpoint.of(CLIENT, 40000));
        assertThat(c.remote()).isEqualTo(Endpoint.of(SERVER, 443));
        assertThat(c.traffic()).isEqualTo(new Traffic(0, 50, 0, 1));
    }

    @Test
    void directionsAndLocalEndsFollowTheLocalNetworks() {
        send(T0, ipv4("8.8.8.8", CLIENT, 17, udp(5000, 9, new byte[10])));
        send(T0, ipv4("10.0.0.1", "10.0.0.2", 17, udp(5000, 9, new byte[10])));
        send(T0, ipv4("8.8.8.8", "1.1.1.1", 17, udp(5000, 9, new byte[10])));
        send(T0, ipv6("fd00::1", "2001:db8::1", 17, udp(5000, 9, new byte[10])));
        tracker.finish();
        List<Connection> flows = listener.ended();
        assertThat(flows).extracting(Connection::direction).containsExactly(Direction.INBOUND, Direction.INTERNAL,
                Direction.EXTERNAL, Direction.OUTBOUND);
        Connection inbound = flows.getFirst();
        assertThat(inbound.local()).isEqualTo(Endpoint.of(CLIENT, 9));
        assertThat(inbound.traffic()).isEqualTo(new Traffic(0, 38, 0, 1));
        assertThat(inbound.source()).contains(Endpoint.of("8.8.8.8", 5000));
        assertThat(flows.get(2).local()).isEqualTo(Endpoint.of("8.8.8.8", 5000));
        assertThat(flows.get(3).local()).isEqualTo(Endpoint.of("fd00::1", 5000));
        assertThat(flows).extracting(Connection::state).containsOnly(ConnectionState.UNCONN);
    }

    @Test
    void udpBothWaysIsEstablished() {
        send(T0, ipv4(CLIENT, "8.8.8.8", 17, udp(5353, 53, new byte[3])));
        send(T0 + SECOND, ipv4("8.8.8.8", CLIENT, 17, udp(53, 5353, new byte[30])));
        Connection c = only();
        assertThat(c.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(c.traffic()).isEqualTo(new Traffic(31, 58, 1, 1));
        assertThat(c.flow().tcpFlags()).isNull();
    }

    @Test
    void pingRequestsAndRepliesAreOneFlowPerIdentifier() {
        send(T0, ipv4(CLIENT, "8.8.8.8", 1, icmp(8, 0, 77, 1, new byte[56])));
        send(T0 + 1, ipv4("8.8.8.8", CLIENT, 1, icmp(0, 0, 77, 1, new byte[56])));
        send(T0 + 2, ipv4(CLIENT, "8.8.8.8", 1, icmp(8, 0, 77, 2, new byte[56])));
        send(T0 + 3, ipv4(CLIENT, "8.8.8.8", 1, icmp(8, 0, 78, 1, new byte[56])));
        send(T0 + 4, ipv6("2001:db8::2", "fd00::1", 58, icmp(129, 0, 5, 1, new byte[8])));
        tracker.finish();
        List<Connection> flows = listener.ended();
        assertThat(flows).hasSize(3);
        Connection ping = flows.getFirst();
        assertThat(ping.transport()).isEqualTo(Transport.ICMP);
        assertThat(ping.local()).isEqualTo(Endpoint.of(CLIENT, 8));
        assertThat(ping.remote()).isEqualTo(Endpoint.of("8.8.8.8", 0));
        assertThat(ping.traffic().packetsSent()).isEqualTo(2);
        assertThat(ping.traffic().packetsReceived()).isEqualTo(1);
        assertThat(ping.state()).isEqualTo(ConnectionState.ESTABLISHED);
        assertThat(flows.get(1).traffic().packetsSent()).isEqualTo(1);
        assertThat(flows.get(1).state()).isEqualTo(ConnectionState.UNCONN);
        // A reply seen first: its receiver sent the request.
        Connection reply = flows.get(2);
        assertThat(reply.transport()).isEqualTo(Transport.ICMPV6);
        assertThat(reply.local()).isEqualTo(Endpoint.of("fd00::1", 128));
        assertThat(reply.traffic().packetsReceived()).isEqualTo(1);
    }

    @Test
    void idleFlowsEndByTheirTimeoutInPacketTime() {
        send(T0, ipv4(CLIENT, "8.8.8.8", 17, udp(1000, 53, new byte[1])));
        send(T0 + 60 * SECOND, ipv4(CLIENT, "8.8.8.8", 17, udp(1000, 53, new byte[1])));
        assertThat(listener.ended()).isEmpty();
        send(T0 + 121 * SECOND, ipv4(CLIENT, "8.8.8.8", 17, udp(1000, 53, new byte[1])));
        assertThat(listener.ended()).hasSize(1);
        assertThat(listener.ended().getFirst().traffic().packetsSent()).isEqualTo(2);
        assertThat(tracker.activeFlows()).isEqualTo(1);

        send(T0 + 130 * SECOND, c2s(SYN, 1, 0, 0));
        tracker.advanceTo(T0 + (130 + 299) * SECOND);
        assertThat(listener.ended()).hasSize(2); // the second UDP flow, idle since 121 s; the TCP one goes on
        tracker.advanceTo(T0 + (130 + 301) * SECOND);
        assertThat(listener.ended()).hasSize(3);
        assertThat(tracker.activeFlows()).isZero();
        // Going back in time changes nothing.
        tracker.advanceTo(T0);
        assertThat(listener.ended()).hasSize(3);
    }

    @Test
    void aClosedTcpFlowEndsAfterTheGrace() {
        send(T0, c2s(SYN, 1, 0, 0));
        send(T0 + 1, s2c(SYN | ACK, 9, 2, 0));
        send(T0 + 2, c2s(ACK, 2, 10, 0));
        send(T0 + 3, c2s(FIN | ACK, 2, 10, 0));
        tracker.advanceTo(T0 + 60 * SECOND);
        assertThat(listener.ended()).isEmpty(); // FIN one way: still open, idle for 5 minutes
        send(T0 + 61 * SECOND, s2c(FIN | ACK, 10, 3, 0));
        tracker.advanceTo(T0 + 65 * SECOND);
        assertThat(listener.ended()).isEmpty();
        tracker.advanceTo(T0 + 66 * SECOND + 1);
        assertThat(listener.ended()).hasSize(1);
        assertThat(listener.ended().getFirst().state()).isEqualTo(ConnectionState.TIME_WAIT);
    }

    @Test
    void aLongFlowGetsAnUpdateEachActiveTimeout() {
        for (int minute = 0; minute <= 70; minute += 4) {
            send(T0 + minute * 60 * SECOND, c2s(ACK, 1, 1, 10));
        }
        tracker.finish();
        assertThat(listener.updates()).hasSize(2);
        RecordingListener.Call first = listener.updates().getFirst();
        assertThat(first.connection().traffic().packetsSent()).isEqualTo(8); // minutes 0..28
        assertThat(listener.updates().get(1).connection().traffic().packetsSent()).isEqualTo(15); // 0..56
        assertThat(listener.ended()).singleElement().satisfies(c -> assertThat(c.traffic().packetsSent()).isEqualTo(18));
        assertThat(listener.calls).extracting(RecordingListener.Call::flowId).containsOnly(first.flowId());
        assertThat(tracker.stats().activeUpdates()).isEqualTo(2);
    }

    @Test
    void aNewSynAfterTheCloseStartsANewFlowButARetransmittedSynDoesNot() {
        send(T0, c2s(SYN, 1000, 0, 0));
        send(T0 + 1, s2c(RST | ACK, 0, 1001, 0));
        send(T0 + 2, c2s(SYN, 1000, 0, 0)); // the same SYN again: a retransmission
        assertThat(listener.ended()).isEmpty();
        send(T0 + 3, c2s(SYN, 5000, 0, 0)); // a new connection on the same ports
        assertThat(listener.ended()).hasSize(1);
        assertThat(listener.ended().getFirst().traffic().packetsSent()).isEqualTo(2);
        send(T0 + 4, s2c(SYN | ACK, 70, 5001, 0));
        send(T0 + 5, c2s(ACK, 5001, 71, 0));
        send(T0 + 6, c2s(FIN | ACK, 5001, 71, 0));
        send(T0 + 7, s2c(FIN | ACK, 71, 5002, 0));
        send(T0 + 8, s2c(SYN, 9, 0, 0)); // the server now connects back from 443 to 40000
        tracker.finish();
        List<Connection> flows = listener.ended();
        assertThat(flows).hasSize(3);
        assertThat(flows.get(1).state()).isEqualTo(ConnectionState.TIME_WAIT);
        assertThat(flows.get(2).direction()).isEqualTo(Direction.INBOUND);
        assertThat(flows.get(2).state()).isEqualTo(ConnectionState.SYN_SENT);
        assertThat(tracker.stats().portReuses()).isEqualTo(2);
    }

    @Test
    void aFullTableEvictsTheLeastRecentlySeenFlow() {
        tracker = new FlowTracker(FlowSettings.DEFAULTS.withMaxFlows(3), LocalNetworks.defaults(), listener);
        send(T0, ipv4(CLIENT, "8.8.8.1", 17, udp(1, 1, new byte[0])));
        send(T0 + 1, ipv4(CLIENT, "8.8.8.2", 17, udp(1, 1, new byte[0])));
        send(T0 + 2, ipv4(CLIENT, "8.8.8.3", 6, tcp(1, 1, SYN, new byte[0])));
        send(T0 + 3, ipv4(CLIENT, "8.8.8.1", 17, udp(1, 1, new byte[0])));
        send(T0 + 4, ipv4(CLIENT, "8.8.8.4", 17, udp(1, 1, new byte[0])));
        assertThat(listener.ended()).singleElement().satisfies(c -> assertThat(c.remote().ip()).isEqualTo("8.8.8.2"));
        send(T0 + 5, ipv4(CLIENT, "8.8.8.5", 17, udp(1, 1, new byte[0])));
        assertThat(listener.ended()).extracting(c -> c.remote().ip()).containsExactly("8.8.8.2", "8.8.8.3");
        assertThat(tracker.stats().flowsEvicted()).isEqualTo(2);
        assertThat(tracker.activeFlows()).isEqualTo(3);
    }

    @Test
    void lastFlowIdNamesThePacketsFlowOrMinusOne() {
        send(T0, c2s(SYN, 1, 0, 0));
        long first = tracker.lastFlowId();
        send(T0 + 1, s2c(SYN | ACK, 1, 2, 0));
        assertThat(tracker.lastFlowId()).isEqualTo(first);
        send(T0 + 2, ipv4(CLIENT, "8.8.8.8", 17, udp(1, 2, new byte[0])));
        assertThat(tracker.lastFlowId()).isEqualTo(first + 1);
        byte[] arp = Frames.ethernet(MAC_B, MAC_A, 0x0806, new byte[28]);
        tracker.packet(T0 + 3, 0, LinkType.ETHERNET, MemorySegment.ofArray(arp), 0, arp.length, arp.length);
        assertThat(tracker.lastFlowId()).isEqualTo(-1);
        assertThat(tracker.stats().packets(Outcome.NOT_IP)).isEqualTo(1);
        assertThat(tracker.stats().packets()).isEqualTo(4);
        assertThat(tracker.stats().summary()).contains("skipped 1: not IP (ARP, LLDP ...)");
    }

    @Test
    void aSnapshotUpdatesEveryActiveFlowOldestFirst() {
        send(T0, ipv4(CLIENT, "8.8.8.2", 17, udp(1, 1, new byte[0])));
        send(T0 + 1, ipv4(CLIENT, "8.8.8.1", 17, udp(1, 1, new byte[0])));
        send(T0 + 2, ipv4(CLIENT, "8.8.8.2", 17, udp(1, 1, new byte[0])));
        RecordingListener view = new RecordingListener();
        tracker.snapshot(view);
        assertThat(view.calls).extracting(RecordingListener.Call::flowId).containsExactly(1L, 2L);
        assertThat(view.calls).extracting(RecordingListener.Call::ended).containsOnly(false);
        assertThat(view.calls.getFirst().connection().traffic().packetsSent()).isEqualTo(2);
        assertThat(listener.calls).isEmpty();
        assertThat(tracker.activeFlows()).isEqualTo(2);
    }

    @Test
    void localSendersTeachTheirMacButRoutedOnesDoNot() {
        ether(T0, MAC_A, MAC_B, ipv4(CLIENT, SERVER, 6, tcp(40000, 443, SYN, new byte[0])));
        ether(T0 + 1, MAC_B, MAC_A, ipv4(SERVER, CLIENT, 6, tcp(443, 40000, SYN | ACK, new byte[0])));
        ether(T0 + 2, MAC_B, MAC_A, ipv4("10.0.0.99", CLIENT, 17, udp(7, 7, new byte[0])));
        tracker.finish();
        Connection web = listener.ended().getFirst();
        assertThat(web.flow().local()).isEqualTo(new Device("02:00:00:00:00:0a", null, null));
        assertThat(web.flow().remote()).isEqualTo(Device.NONE);
        assertThat(tracker.devices().device(Endpoint.of(SERVER, 0).address())).isEqualTo(Device.NONE);
        Connection internal = listener.ended().get(1);
        assertThat(internal.direction()).isEqualTo(Direction.INTERNAL);
        assertThat(internal.flow().local().mac()).isEqualTo("02:00:00:00:00:0b");
        assertThat(internal.flow().remote().mac()).isEqualTo("02:00:00:00:00:0a");
    }

    @Test
    void manyFlowsGrowTheTableAndEveryPacketFindsItsFlow() {
        int n = 5000;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) {
                String dst = "10.1." + (i >> 8) + "." + (i & 255);
                send(T0 + round * SECOND + i, round == 1 ? ipv4(dst, CLIENT, 17, udp(53, 1000 + i % 7, new byte[0]))
                        : ipv4(CLIENT, dst, 17, udp(1000 + i % 7, 53, new byte[0])));
            }
        }
        assertThat(tracker.activeFlows()).isEqualTo(n);
        tracker.finish();
        assertThat(listener.ended()).hasSize(n).allSatisfy(c -> {
            assertThat(c.traffic().packetsSent()).isEqualTo(2);
            assertThat(c.traffic().packetsReceived()).isEqualTo(1);
        });
    }

    @Test
    void aFullTableOfDistinctFlowsTakesUnder150BytesAFlowInItsArrays() {
        int n = 200_000;
        tracker = new FlowTracker(FlowSettings.DEFAULTS.withMaxFlows(n), LocalNetworks.defaults(), listener);
        byte[] packet = ipv4(CLIENT, "10.0.0.0", 17, udp(1, 53, new byte[0]));
        for (int i = 0; i < n; i++) {
            packet[17] = (byte) i; // a new destination address each time, in place
            packet[18] = (byte) (i >> 8);
            packet[19] = (byte) (i >> 16);
            send(T0, packet);
        }
        assertThat(tracker.activeFlows()).isEqualTo(n);
        assertThat(tracker.stats().flowsEvicted()).isZero();
        assertThat(tracker.tableBytes() / (double) n).isLessThan(150);
    }

    @Test
    void settingsAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FlowSettings.DEFAULTS.withMaxFlows(0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FlowSettings.DEFAULTS.withTimeouts(Duration.ZERO,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        FlowSettings noActive = FlowSettings.DEFAULTS.withTimeouts(Duration.ofDays(100_000), Duration.ofSeconds(5),
                Duration.ofMinutes(1), Duration.ZERO);
        tracker = new FlowTracker(noActive, LocalNetworks.defaults(), listener);
        send(T0, c2s(ACK, 1, 1, 0));
        send(T0 + 3600 * SECOND, c2s(ACK, 1, 1, 0));
        tracker.finish();
        assertThat(listener.updates()).isEmpty();
        assertThat(listener.ended()).hasSize(1);
    }
}
