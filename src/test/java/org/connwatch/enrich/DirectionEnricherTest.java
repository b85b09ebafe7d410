package org.connwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.enrich.Sockets.tcp;
import static org.connwatch.enrich.Sockets.udp;
import static org.connwatch.records.ConnectionState.ESTABLISHED;
import static org.connwatch.records.ConnectionState.LISTEN;
import static org.connwatch.records.ConnectionState.TIME_WAIT;
import static org.connwatch.records.ConnectionState.UNCONN;
import static org.connwatch.records.Direction.INBOUND;
import static org.connwatch.records.Direction.LISTENING;
import static org.connwatch.records.Direction.OUTBOUND;
import static org.connwatch.records.Direction.UNKNOWN;

import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class DirectionEnricherTest {
    private static final DirectionEnricher ENRICHER = new DirectionEnricher();

    private static List<Direction> directions(Connection... snapshot) {
        return ENRICHER.apply(List.of(snapshot)).stream().map(Connection::direction).toList();
    }

    @Test
    void aClientAndServerPairOnLoopback() {
        assertThat(directions(
                tcp(LISTEN, "127.0.0.1:8080", "*:*"),
                tcp(ESTABLISHED, "127.0.0.1:8080", "127.0.0.1:54000"),
                tcp(ESTABLISHED, "127.0.0.1:54000", "127.0.0.1:8080")))
                .containsExactly(LISTENING, INBOUND, OUTBOUND);
    }

    @Test
    void aDualStackListenerServesAnAcceptedIpv4MappedSocket() {
        Endpoint mappedLocal = new Endpoint(Sockets.rawMapped("10.0.0.5"), 22);
        Connection mapped = Sockets.socket(Transport.TCP, ESTABLISHED, mappedLocal, Sockets.endpoint("10.0.0.9:51000"));

        assertThat(directions(
                tcp(LISTEN, "[::]:22", "[::]:*"),
                tcp(ESTABLISHED, "10.0.0.5:22", "10.0.0.9:51000"),
                mapped,
                tcp(ESTABLISHED, "[2001:db8::5]:22", "[2001:db8::9]:51000")))
                .containsExactly(LISTENING, INBOUND, INBOUND, INBOUND);
    }

    @Test
    void anIpv4WildcardListenerDoesNotServeIpv6() {
        assertThat(directions(
                tcp(LISTEN, "0.0.0.0:22", "*:*"),
                tcp(ESTABLISHED, "[2001:db8::5]:22", "[2001:db8::9]:51000")))
                .containsExactly(LISTENING, OUTBOUND);
    }

    @Test
    void aListenerOnLoopbackDoesNotMakeAnotherAddressInbound() {
        assertThat(directions(
                tcp(LISTEN, "127.0.0.1:8080", "*:*"),
                tcp(ESTABLISHED, "10.0.0.5:8080", "10.0.0.9:51000")))
                .containsExactly(LISTENING, OUTBOUND);
    }

    @Test
    void timeWaitFollowsThePortRule() {
        assertThat(directions(
                tcp(LISTEN, "0.0.0.0:443", "*:*"),
                tcp(TIME_WAIT, "10.0.0.5:443", "198.51.100.7:50000"),
                tcp(TIME_WAIT, "10.0.0.5:50001", "198.51.100.7:443")))
                .containsExactly(LISTENING, INBOUND, OUTBOUND);
    }

    @Test
    void udpConnectedSocketsAreInboundOnlyBesideAListenerOnTheirPort() {
        assertThat(directions(
                udp(UNCONN, "0.0.0.0:443", "*:*"),
                udp(ESTABLISHED, "10.0.0.5:443", "198.51.100.7:50000"),
                udp(ESTABLISHED, "10.0.0.5:40000", "1.1.1.1:53"),
                udp(UNCONN, "127.0.0.53:53", "*:*")))
                .containsExactly(LISTENING, INBOUND, OUTBOUND, LISTENING);
    }

    @Test
    void aTcpListenerDoesNotMakeUdpInbound() {
        assertThat(directions(
                tcp(LISTEN, "0.0.0.0:443", "*:*"),
                udp(ESTABLISHED, "10.0.0.5:443", "198.51.100.7:50000")))
                .containsExactly(LISTENING, OUTBOUND);
    }

    @Test
    void aConnectionWhoseListenerClosedIsReportedOutbound() {
        assertThat(directions(tcp(ESTABLISHED, "10.0.0.5:22", "10.0.0.9:51000"))).containsExactly(OUTBOUND);
    }

    @Test
    void aDirectionAlreadySetIsLeftAlone() {
        Connection captured = tcp(ESTABLISHED, "10.0.0.5:51000", "10.0.0.9:22").withDirection(INBOUND);
        Connection sensed = tcp(ESTABLISHED, "10.0.0.5:22", "10.0.0.9:51000").withDirection(Direction.EXTERNAL);

        List<Connection> out = ENRICHER.apply(List.of(tcp(LISTEN, "0.0.0.0:22", "*:*"), captured, sensed));

        assertThat(out.get(1)).isSameAs(captured);
        assertThat(out.get(2)).isSameAs(sensed);
    }

    @Test
    void icmpStaysUnknown() {
        Connection ping = Sockets.socket(Transport.ICMP, ESTABLISHED, "10.0.0.5:0", "8.8.8.8:0");

        assertThat(ENRICHER.apply(List.of(ping))).containsExactly(ping);
    }

    @Test
    void keepsOrderAndEverythingButTheDirection() {
        Connection server = tcp(ESTABLISHED, "10.0.0.5:22", "10.0.0.9:51000");
        Connection listener = tcp(LISTEN, "0.0.0.0:22", "*:*");

        List<Connection> out = ENRICHER.apply(List.of(server, listener));

        assertThat(out).containsExactly(server.withDirection(INBOUND), listener.withDirection(LISTENING));
        assertThat(out.getFirst().observer()).isEqualTo(ObserverType.SOCKET);
        assertThat(server.direction()).isEqualTo(UNKNOWN);
    }
}
