package org.connwatch.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Expected values come from the Community ID spec's reference data
 * (github.com/corelight/community-id-spec, baseline/baseline_deflt.json for seed 0 and
 * baseline_seed1.json for seed 1), except where a test says it computed one with python3.
 */
class CommunityIdTest {
    private static final Instant SEEN = Instant.parse("2025-06-01T12:00:00Z");

    private static String id(int seed, Transport t, String src, int sport, String dst, int dport) {
        return new CommunityId(seed).of(t, Endpoint.of(src, sport), Endpoint.of(dst, dport)).orElseThrow();
    }

    @ParameterizedTest(name = "{0} {1}:{2} -> {3}:{4} seed {5} is {6}")
    @CsvSource({
            "TCP, 128.232.110.120, 34855, 66.35.250.204, 80, 0, 1:LQU9qZlK+B5F3KDmev6m5PMibrg=",
            "TCP, 128.232.110.120, 34855, 66.35.250.204, 80, 1, 1:3V71V58M3Ksw/yuFALMcW0LAHvc=",
            "UDP, 192.168.1.52, 54585, 8.8.8.8, 53, 0, 1:d/FP5EW3wiY1vCndhwleRRKHowQ=",
            "UDP, 192.168.1.52, 54585, 8.8.8.8, 53, 1, 1:Q9We8WO3piVF8yEQBNJF4uiSVrI=",
            "TCP, 2001:470:e5bf:dead:4957:2174:e82c:4887, 63943, 2607:f8b0:400c:c03::1a, 25, 0,"
                    + " 1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=",
            "TCP, 2001:470:e5bf:dead:4957:2174:e82c:4887, 63943, 2607:f8b0:400c:c03::1a, 25, 1,"
                    + " 1:eJYTW6AOzFLlSUoESovMjnu7rMw=",
            // equal ports: only the addresses order the ends
            "SCTP, 192.168.170.8, 7, 192.168.170.56, 7, 0, 1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=",
            "SCTP, 192.168.170.8, 7, 192.168.170.56, 7, 1, 1:5w3ZRjeKBzqT3zsaEECDGjUbYeg="})
    void matchesTheSpecsReferenceData(Transport t, String src, int sport, String dst, int dport, int seed,
                                      String expected) {
        assertThat(id(seed, t, src, sport, dst, dport)).isEqualTo(expected);
        assertThat(id(seed, t, dst, dport, src, sport)).as("the same flow seen from the other end").isEqualTo(expected);
    }

    /**
     * Not in the reference data, so computed with python3 following the spec's pseudo code
     * (sha1(seed . saddr . daddr . proto . 0 . sport . dport), ends ordered so the smaller
     * (address, port) comes first, struct.pack('!H', seed), base64); the same script reproduces
     * 1:LQU9qZlK+B5F3KDmev6m5PMibrg= for the spec's TCP example.
     */
    @Test
    void equalAddressesAreOrderedByPort() {
        // 8080 < 54000, so both views hash as 127.0.0.1:8080, 127.0.0.1:54000
        assertThat(id(0, Transport.TCP, "127.0.0.1", 54000, "127.0.0.1", 8080))
                .isEqualTo("1:N0JfMgH+riC+JL7Yxi3Fdv/A2YM=");
        assertThat(id(0, Transport.TCP, "127.0.0.1", 8080, "127.0.0.1", 54000))
                .isEqualTo("1:N0JfMgH+riC+JL7Yxi3Fdv/A2YM=");
    }

    @Test
    void theLargestSeedIsTwoBytes() {
        // python3 as above, with struct.pack('!H', 65535)
        assertThat(id(65535, Transport.UDP, "192.168.1.52", 54585, "8.8.8.8", 53))
                .isEqualTo("1:1c0sHCoATkBKASmf2ONv66KRA5s=");
        assertThatThrownBy(() -> new CommunityId(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommunityId(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSeedAndTheProtocolChangeTheValue() {
        String tcp0 = id(0, Transport.TCP, "192.168.1.52", 54585, "8.8.8.8", 53);
        String udp0 = id(0, Transport.UDP, "192.168.1.52", 54585, "8.8.8.8", 53);
        String udp1 = id(1, Transport.UDP, "192.168.1.52", 54585, "8.8.8.8", 53);

        assertThat(tcp0).isNotEqualTo(udp0);
        assertThat(udp0).isNotEqualTo(udp1);
        // a different source port is a different flow
        assertThat(id(0, Transport.UDP, "192.168.1.52", 54586, "8.8.8.8", 53)).isNotEqualTo(udp0);
    }

    @Test
    void aConnectionHashesItsTupleWhicheverWayItWasOpened() {
        Endpoint here = Endpoint.of("128.232.110.120", 34855);
        Endpoint there = Endpoint.of("66.35.250.204", 80);
        Connection outbound = connection(Direction.OUTBOUND, here, there);
        Connection inboundSeenFromTheServer = connection(Direction.INBOUND, there, here);
        Connection unknown = connection(Direction.UNKNOWN, here, there);

        CommunityId hasher = new CommunityId(0);
        assertThat(hasher.of(outbound)).contains("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
        assertThat(hasher.of(inboundSeenFromTheServer)).contains("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
        assertThat(hasher.of(unknown)).contains("1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
    }

    @Test
    void listenersHaveNoFlowAndSoNoId() {
        CommunityId hasher = new CommunityId(0);

        assertThat(hasher.of(connection(Direction.LISTENING, Endpoint.of("0.0.0.0", 80), Endpoint.of("0.0.0.0", 0))))
                .isEmpty();
        // an unconnected socket whose direction is not worked out yet still has no peer
        assertThat(hasher.of(connection(Direction.UNKNOWN, Endpoint.of("::", 53), Endpoint.of("::", 0)))).isEmpty();
    }

    @Test
    void portlessProtocolsAndMixedFamiliesGiveNothing() {
        CommunityId hasher = new CommunityId(0);
        Endpoint v4 = Endpoint.of("10.0.0.1", 0);

        assertThat(hasher.of(Transport.ICMP, v4, Endpoint.of("10.0.0.2", 0))).isEmpty();
        assertThat(hasher.of(Transport.TCP, Endpoint.of("10.0.0.1", 1234), Endpoint.of("2001:db8::1", 80)))
                .isEmpty();
    }

    private static Connection connection(Direction direction, Endpoint local, Endpoint remote) {
        ConnectionState state = direction == Direction.LISTENING ? ConnectionState.LISTEN : ConnectionState.ESTABLISHED;
        return new Connection(ObserverType.SOCKET, Transport.TCP, state, local, remote, direction, Traffic.UNKNOWN,
                SEEN, SEEN, null, null, Enrichment.NONE);
    }
}
