package org.connwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.enrich.Sockets.tcp;
import static org.connwatch.enrich.Sockets.udp;
import static org.connwatch.records.ConnectionState.ESTABLISHED;
import static org.connwatch.records.ConnectionState.LISTEN;
import static org.connwatch.records.ConnectionState.UNCONN;

import java.time.Duration;
import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.Enrichment;
import org.junit.jupiter.api.Test;

class ReverseDnsEnricherTest {
    private final FakeLookup fake = new FakeLookup()
            .answer("192.0.2.1", "one.example")
            .answer("192.0.2.7", "reverse.example")
            .answer("0.0.0.0", "zero.example");
    private final ReverseDnsEnricher enricher = new ReverseDnsEnricher(new ReverseDns(fake), Duration.ofSeconds(10));

    private static String domain(Connection c) {
        return c.enrichment().remoteDomain();
    }

    @Test
    void namesEachRemoteAddressAskingOncePerAddress() {
        List<Connection> out = enricher.apply(List.of(
                tcp(ESTABLISHED, "10.0.0.5:51000", "192.0.2.1:443"),
                tcp(ESTABLISHED, "10.0.0.5:51001", "192.0.2.1:443"),
                tcp(ESTABLISHED, "10.0.0.5:51002", "192.0.2.2:443")));

        assertThat(out).extracting(ReverseDnsEnricherTest::domain).containsExactly("one.example", "one.example", null);
        assertThat(fake.asked("192.0.2.1")).isEqualTo(1);
        assertThat(fake.asked("192.0.2.2")).isEqualTo(1);
    }

    @Test
    void wildcardAndUnspecifiedRemotesAreNotLookedUp() {
        Connection listener = tcp(LISTEN, "0.0.0.0:22", "*:*");
        Connection unconnected = udp(UNCONN, "[::]:5353", "[::]:*");
        Connection zeroRemote = udp(ESTABLISHED, "10.0.0.5:68", "0.0.0.0:67");

        assertThat(enricher.apply(List.of(listener, unconnected, zeroRemote)))
                .containsExactly(listener, unconnected, zeroRemote);
        assertThat(fake.askedInAll()).isZero();
    }

    @Test
    void aDomainASourceAlreadySetIsKeptAndNotLookedUp() {
        Connection seen = tcp(ESTABLISHED, "10.0.0.5:51000", "192.0.2.7:443")
                .withEnrichment(Enrichment.NONE.withRemoteDomain("client.example"));

        assertThat(enricher.apply(List.of(seen))).containsExactly(seen);
        assertThat(fake.asked("192.0.2.7")).isZero();
    }

    @Test
    void keepsTheOtherEnrichmentsAndTheOrder() {
        Connection a = tcp(ESTABLISHED, "10.0.0.5:51000", "192.0.2.7:443")
                .withEnrichment(Enrichment.NONE.withServiceName("https"));
        Connection b = tcp(ESTABLISHED, "10.0.0.5:51001", "192.0.2.1:22");

        List<Connection> out = enricher.apply(List.of(a, b));

        assertThat(out.get(0).enrichment()).isEqualTo(new Enrichment("https", null, "reverse.example"));
        assertThat(domain(out.get(1))).isEqualTo("one.example");
        assertThat(domain(a)).isNull();
    }
}
