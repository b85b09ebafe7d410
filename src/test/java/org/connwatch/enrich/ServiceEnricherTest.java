package org.connwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.enrich.Sockets.tcp;
import static org.connwatch.enrich.Sockets.udp;
import static org.connwatch.records.ConnectionState.ESTABLISHED;
import static org.connwatch.records.ConnectionState.LISTEN;
import static org.connwatch.records.ConnectionState.UNCONN;

import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.Enrichment;
import org.junit.jupiter.api.Test;

class ServiceEnricherTest {
    private static final ServiceEnricher ENRICHER = new ServiceEnricher(ServiceRegistry.bundled());

    private static String service(Connection c) {
        return ENRICHER.enrich(c).enrichment().serviceName();
    }

    @Test
    void aListenerIsNamedByItsLocalPort() {
        assertThat(service(tcp(LISTEN, "0.0.0.0:22", "*:*").withDirection(Direction.LISTENING))).isEqualTo("ssh");
        assertThat(service(udp(UNCONN, "0.0.0.0:5353", "*:*").withDirection(Direction.LISTENING)))
                .isEqualTo("mdns");
    }

    @Test
    void anInboundConnectionIsNamedByItsLocalPort() {
        Connection c = tcp(ESTABLISHED, "10.0.0.5:22", "10.0.0.9:443").withDirection(Direction.INBOUND);

        assertThat(service(c)).isEqualTo("ssh");
    }

    @Test
    void anOutboundConnectionIsNamedByItsRemotePortNotItsLocalOne() {
        assertThat(service(tcp(ESTABLISHED, "10.0.0.5:51000", "93.184.215.14:443").withDirection(Direction.OUTBOUND)))
                .isEqualTo("https");
        assertThat(service(tcp(ESTABLISHED, "10.0.0.5:22", "10.0.0.9:51000").withDirection(Direction.OUTBOUND)))
                .isNull();
        assertThat(service(udp(ESTABLISHED, "10.0.0.5:40000", "1.1.1.1:53").withDirection(Direction.EXTERNAL)))
                .isEqualTo("domain");
        assertThat(service(tcp(ESTABLISHED, "10.0.0.5:40000", "10.0.0.7:5432").withDirection(Direction.INTERNAL)))
                .isEqualTo("postgresql");
    }

    @Test
    void withAnUnknownDirectionTheOnePortTheRegistryKnowsIsUsed() {
        assertThat(service(tcp(ESTABLISHED, "10.0.0.5:51000", "10.0.0.7:5432"))).isEqualTo("postgresql");
        assertThat(service(tcp(ESTABLISHED, "10.0.0.5:6379", "10.0.0.7:51000"))).isEqualTo("redis");
    }

    @Test
    void withAnUnknownDirectionAndTwoKnownPortsTheLowerOneWins() {
        assertThat(service(tcp(ESTABLISHED, "10.0.0.5:80", "10.0.0.7:22"))).isEqualTo("ssh");
        assertThat(service(tcp(ESTABLISHED, "10.0.0.5:22", "10.0.0.7:80"))).isEqualTo("ssh");
    }

    @Test
    void nothingKnownLeavesTheRecordAsItWas() {
        Connection unknownPorts = tcp(ESTABLISHED, "10.0.0.5:51000", "10.0.0.7:51001");
        Connection noPorts = tcp(ESTABLISHED, "10.0.0.5:51000", "*:*");

        assertThat(ENRICHER.enrich(unknownPorts)).isSameAs(unknownPorts);
        assertThat(ENRICHER.enrich(noPorts)).isSameAs(noPorts);
    }

    @Test
    void theProtocolMatters() {
        assertThat(service(udp(ESTABLISHED, "10.0.0.5:40000", "10.0.0.7:22").withDirection(Direction.OUTBOUND)))
                .isNull();
    }

    @Test
    void returnsANewRecordAndKeepsTheOtherEnrichments() {
        Connection before = tcp(ESTABLISHED, "10.0.0.5:51000", "93.184.215.14:443")
                .withDirection(Direction.OUTBOUND)
                .withEnrichment(new Enrichment(null, null, "example.com"));

        Connection after = ENRICHER.enrich(before);

        assertThat(after.enrichment()).isEqualTo(new Enrichment("https", null, "example.com"));
        assertThat(before.enrichment().serviceName()).isNull();
    }

    @Test
    void aNameASourceAlreadySetIsKept() {
        Connection seen = tcp(ESTABLISHED, "10.0.0.5:51000", "10.0.0.7:443")
                .withDirection(Direction.OUTBOUND)
                .withEnrichment(Enrichment.NONE.withServiceName("ssh"));

        assertThat(ENRICHER.enrich(seen)).isSameAs(seen);
    }
}
