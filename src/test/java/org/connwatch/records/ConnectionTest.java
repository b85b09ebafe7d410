package org.connwatch.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectionTest {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    private static final Instant T1 = Instant.parse("2025-06-01T12:00:02.5Z");
    private static final Endpoint HERE = Endpoint.of("10.0.0.5", 51000);
    private static final Endpoint THERE = Endpoint.of("198.51.100.7", 443);
    /** Counted from the local end: 100 bytes sent in 2 packets, 5000 received in 6. */
    private static final Traffic TRAFFIC = new Traffic(100, 5000, 2, 6);

    private static Connection connection(Direction direction, ConnectionState state, Endpoint local, Endpoint remote) {
        return new Connection(ObserverType.SOCKET, Transport.TCP, state, local, remote, direction, TRAFFIC, T0, T1,
                null, null, Enrichment.NONE);
    }

    @Test
    void anOutboundConnectionIsInitiatedHere() {
        Connection c = connection(Direction.OUTBOUND, ConnectionState.ESTABLISHED, HERE, THERE);

        assertThat(c.source()).contains(HERE);
        assertThat(c.destination()).isEqualTo(THERE);
        assertThat(c.sourceTraffic()).isEqualTo(new Traffic(100, 5000, 2, 6));
    }

    @Test
    void anInboundConnectionIsInitiatedByThePeer() {
        Endpoint server = Endpoint.of("10.0.0.5", 22);
        Endpoint client = Endpoint.of("198.51.100.7", 60000);
        Connection c = connection(Direction.INBOUND, ConnectionState.ESTABLISHED, server, client);

        assertThat(c.source()).contains(client);
        assertThat(c.destination()).isEqualTo(server);
        // the client sent what this end received
        assertThat(c.sourceTraffic()).isEqualTo(new Traffic(5000, 100, 6, 2));
    }

    @Test
    void aListenerHasNoSourceAndIsItsOwnDestination() {
        Endpoint listening = Endpoint.of("0.0.0.0", 22);
        Connection c = connection(Direction.LISTENING, ConnectionState.LISTEN, listening, Endpoint.of("0.0.0.0", 0));

        assertThat(c.source()).isEmpty();
        assertThat(c.destination()).isEqualTo(listening);
    }

    @Test
    void anUndecidedConnectionTakesTheLocalEndAsTheSource() {
        Connection c = connection(Direction.UNKNOWN, ConnectionState.ESTABLISHED, HERE, THERE);

        assertThat(c.source()).contains(HERE);
        assertThat(c.destination()).isEqualTo(THERE);
        assertThat(c.sourceTraffic()).isEqualTo(TRAFFIC);
    }

    @Test
    void durationAndNetworkType() {
        Connection c = connection(Direction.OUTBOUND, ConnectionState.ESTABLISHED, HERE, THERE);
        Connection v6 = connection(Direction.OUTBOUND, ConnectionState.ESTABLISHED, Endpoint.of("2001:db8::5", 51000),
                Endpoint.of("2001:db8::7", 443));

        assertThat(c.duration()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.networkType()).isEqualTo("ipv4");
        assertThat(v6.networkType()).isEqualTo("ipv6");
    }

    @Test
    void lastSeenMayEqualButNotPrecedeFirstSeen() {
        Connection same = new Connection(ObserverType.SOCKET, Transport.TCP, ConnectionState.ESTABLISHED, HERE, THERE,
                Direction.OUTBOUND, TRAFFIC, T0, T0, null, null, Enrichment.NONE);
        assertThat(same.duration()).isZero();

        assertThatThrownBy(() -> new Connection(ObserverType.SOCKET, Transport.TCP, ConnectionState.ESTABLISHED,
                HERE, THERE, Direction.OUTBOUND, TRAFFIC, T1, T0, null, null, Enrichment.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before");
    }

    @Test
    void requiredPartsMustNotBeNull() {
        assertThatNullPointerException().isThrownBy(() -> new Connection(null, Transport.TCP,
                ConnectionState.ESTABLISHED, HERE, THERE, Direction.OUTBOUND, TRAFFIC, T0, T1, null, null,
                Enrichment.NONE)).withMessage("observer");
        assertThatNullPointerException().isThrownBy(() -> new Connection(ObserverType.SOCKET, Transport.TCP,
                ConnectionState.ESTABLISHED, HERE, null, Direction.OUTBOUND, TRAFFIC, T0, T1, null, null,
                Enrichment.NONE)).withMessage("remote");
        assertThatNullPointerException().isThrownBy(() -> new Connection(ObserverType.SOCKET, Transport.TCP,
                ConnectionState.ESTABLISHED, HERE, THERE, Direction.OUTBOUND, null, T0, T1, null, null,
                Enrichment.NONE)).withMessage("traffic");
        assertThatNullPointerException().isThrownBy(() -> new Connection(ObserverType.SOCKET, Transport.TCP,
                ConnectionState.ESTABLISHED, HERE, THERE, Direction.OUTBOUND, TRAFFIC, null, T1, null, null,
                Enrichment.NONE)).withMessage("firstSeen");
        assertThatNullPointerException().isThrownBy(() -> new Connection(ObserverType.SOCKET, Transport.TCP,
                ConnectionState.ESTABLISHED, HERE, THERE, Direction.OUTBOUND, TRAFFIC, T0, T1, null, null, null))
                .withMessage("enrichment");
    }

    @Test
    void processAndSocketMayBeUnknown() {
        Connection c = connection(Direction.OUTBOUND, ConnectionState.ESTABLISHED, HERE, THERE);
        ProcessInfo curl = new ProcessInfo(4242, 1, "curl", "/usr/bin/curl", false, "curl https://example.org", 1000,
                "alice", null, null);

        assertThat(c.processInfo()).isEmpty();
        assertThat(c.withProcess(curl).processInfo()).contains(curl);
        assertThat(c.withProcess(curl).withDirection(Direction.INBOUND).source()).contains(THERE);
    }

    @Test
    void trafficCountsAreMinusOneWhenUnknownButNeverLess() {
        assertThat(Traffic.UNKNOWN.hasBytes()).isFalse();
        assertThat(Traffic.ofBytes(0, 0).hasBytes()).isTrue();
        assertThat(Traffic.ofBytes(10, -1).hasBytes()).isFalse();
        assertThat(Traffic.ofBytes(10, 20).reversed()).isEqualTo(new Traffic(20, 10, -1, -1));

        assertThatThrownBy(() -> new Traffic(-2, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytesSent");
        assertThatThrownBy(() -> new Traffic(0, -2, 0, 0)).hasMessageContaining("bytesReceived");
        assertThatThrownBy(() -> new Traffic(0, 0, -2, 0)).hasMessageContaining("packetsSent");
        assertThatThrownBy(() -> new Traffic(0, 0, 0, Long.MIN_VALUE)).hasMessageContaining("packetsReceived");
    }

    @Test
    void aProcessHasAPositivePidAndALowerCaseSha256() {
        String sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; // sha256 of nothing
        ProcessInfo ok = new ProcessInfo(1, 0, "init", null, false, null, 0, "root", null, sha);
        assertThat(ok.commandLine()).isEmpty();
        assertThat(ok.withSha256(null).sha256()).isNull();

        assertThatThrownBy(() -> new ProcessInfo(0, 0, "x", null, false, "", 0, "root", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pid");
        assertThatThrownBy(() -> new ProcessInfo(-5, 0, "x", null, false, "", 0, "root", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProcessInfo(5, -1, "x", null, false, "", 0, "root", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parent");
        assertThatNullPointerException().isThrownBy(
                () -> new ProcessInfo(5, 1, null, null, false, "", 0, "root", null, null));
        // upper case, one digit short, one digit too many, not hex
        for (String bad : new String[] {sha.toUpperCase(), sha.substring(1), sha + "0",
                "g" + sha.substring(1), ""}) {
            assertThatThrownBy(() -> ok.withSha256(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sha256");
        }
    }

    @Test
    void endpointsPrintTheWaySsDoes() {
        assertThat(Endpoint.of("10.0.0.1", 443)).hasToString("10.0.0.1:443");
        assertThat(Endpoint.of("::1", 53)).hasToString("[::1]:53");
        assertThat(Endpoint.of("0.0.0.0", 0)).hasToString("*:*");
        assertThat(Endpoint.of("::", 0)).hasToString("*:*");
        assertThat(Endpoint.of("10.0.0.1", 0)).hasToString("10.0.0.1:*");
        assertThat(Endpoint.of("0.0.0.0", 22).isWildcard()).isFalse();
        assertThatThrownBy(() -> Endpoint.of("10.0.0.1", 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Endpoint.of("10.0.0.1", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Endpoint.of("10.0.0.1", 65535).port()).isEqualTo(65535);
    }
}
