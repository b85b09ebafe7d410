package org.connwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.enrich.Sockets.tcp;
import static org.connwatch.enrich.Sockets.udp;
import static org.connwatch.records.ConnectionState.ESTABLISHED;
import static org.connwatch.records.ConnectionState.LISTEN;
import static org.connwatch.records.ConnectionState.UNCONN;

import java.util.List;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class ListeningSocketIndexTest {

    private static boolean serves(ListeningSocketIndex index, Transport t, String address, int port) {
        return index.serves(t, IpAddresses.parse(address), port);
    }

    @Test
    void anIpv4WildcardServesEveryIpv4AddressButNoIpv6One() {
        ListeningSocketIndex index = ListeningSocketIndex.of(List.of(tcp(LISTEN, "0.0.0.0:22", "*:*")));

        assertThat(serves(index, Transport.TCP, "10.0.0.5", 22)).isTrue();
        assertThat(serves(index, Transport.TCP, "127.0.0.1", 22)).isTrue();
        assertThat(index.serves(Transport.TCP, Sockets.rawMapped("10.0.0.5"), 22)).isTrue();
        assertThat(serves(index, Transport.TCP, "2001:db8::5", 22)).isFalse();
        assertThat(serves(index, Transport.TCP, "::1", 22)).isFalse();
    }

    @Test
    void anIpv6WildcardServesBothFamilies() {
        ListeningSocketIndex index = ListeningSocketIndex.of(List.of(tcp(LISTEN, "[::]:22", "[::]:*")));

        assertThat(serves(index, Transport.TCP, "2001:db8::5", 22)).isTrue();
        assertThat(serves(index, Transport.TCP, "10.0.0.5", 22)).isTrue();
        assertThat(index.serves(Transport.TCP, Sockets.rawMapped("10.0.0.5"), 22)).isTrue();
    }

    @Test
    void aBoundListenerServesOnlyItsAddress() {
        ListeningSocketIndex index = ListeningSocketIndex.of(List.of(
                tcp(LISTEN, "127.0.0.1:8080", "*:*"), tcp(LISTEN, "[::1]:9090", "[::]:*")));

        assertThat(serves(index, Transport.TCP, "127.0.0.1", 8080)).isTrue();
        assertThat(serves(index, Transport.TCP, "::ffff:127.0.0.1", 8080)).isTrue();
        assertThat(index.serves(Transport.TCP, Sockets.rawMapped("127.0.0.1"), 8080)).isTrue();
        assertThat(serves(index, Transport.TCP, "10.0.0.5", 8080)).isFalse();
        assertThat(serves(index, Transport.TCP, "127.0.0.2", 8080)).isFalse();
        assertThat(serves(index, Transport.TCP, "::1", 9090)).isTrue();
        assertThat(serves(index, Transport.TCP, "127.0.0.1", 9090)).isFalse();
    }

    @Test
    void aListenerIsForOneTransportAndOnePort() {
        ListeningSocketIndex index = ListeningSocketIndex.of(List.of(
                tcp(LISTEN, "0.0.0.0:8080", "*:*"), udp(UNCONN, "0.0.0.0:53", "*:*")));

        assertThat(serves(index, Transport.TCP, "10.0.0.5", 8081)).isFalse();
        assertThat(serves(index, Transport.UDP, "10.0.0.5", 8080)).isFalse();
        assertThat(serves(index, Transport.UDP, "10.0.0.5", 53)).isTrue();
        assertThat(serves(index, Transport.TCP, "10.0.0.5", 53)).isFalse();
    }

    @Test
    void onlyListeningStatesAreIndexed() {
        ListeningSocketIndex index = ListeningSocketIndex.of(List.of(tcp(ESTABLISHED, "0.0.0.0:22", "10.0.0.9:5000")));

        assertThat(serves(index, Transport.TCP, "10.0.0.5", 22)).isFalse();
    }
}
