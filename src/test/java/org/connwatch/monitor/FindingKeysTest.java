package org.connwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class FindingKeysTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
    private static final ProcessInfo CURL = new ProcessInfo(7, 1, "curl", "/usr/bin/curl", false, "", 0, "root", T0,
            null);

    private static Connection c(Direction d, int localPort, String remote, int remotePort, ProcessInfo p) {
        return new Connection(ObserverType.SOCKET, Transport.TCP, d == Direction.LISTENING ? ConnectionState.LISTEN
                : ConnectionState.ESTABLISHED, Endpoint.of("10.0.0.5", localPort), Endpoint.of(remote, remotePort), d,
                Traffic.UNKNOWN, T0, T0, p, null, Enrichment.NONE);
    }

    private static String key(Connection... cs) {
        return FindingKeys.key(new Finding("beacon", Severity.HIGH, 50, "why", List.of(cs), T0));
    }

    @Test
    void theOutboundKeyLeavesTheLocalPortOutSoTheNextConnectionIsTheSameFinding() {
        assertThat(key(c(Direction.OUTBOUND, 40000, "198.51.100.7", 443, CURL)))
                .isEqualTo("beacon|/usr/bin/curl|tcp 198.51.100.7:443")
                .isEqualTo(key(c(Direction.OUTBOUND, 40002, "198.51.100.7", 443, CURL)));
    }

    @Test
    void inboundListeningAndSeveralConnections() {
        assertThat(key(c(Direction.INBOUND, 22, "203.0.113.9", 50123, null))).isEqualTo("beacon|-|in tcp/22 from 203.0.113.9");
        assertThat(key(c(Direction.LISTENING, 8080, "0.0.0.0", 0, CURL))).isEqualTo("beacon|/usr/bin/curl|listen tcp/8080");
        assertThat(key(c(Direction.OUTBOUND, 1, "198.51.100.7", 443, CURL), c(Direction.OUTBOUND, 2, "198.51.100.7", 80,
                CURL))).isEqualTo("beacon|/usr/bin/curl|198.51.100.7");
        assertThat(key(c(Direction.OUTBOUND, 1, "198.51.100.7", 443, CURL), c(Direction.OUTBOUND, 2, "198.51.100.8", 443,
                CURL), c(Direction.OUTBOUND, 3, "198.51.100.9", 443, CURL))).isEqualTo("beacon|/usr/bin/curl|3 remotes");
    }
}
