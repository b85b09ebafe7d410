package org.connwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.enrich.Sockets.tcp;
import static org.connwatch.records.ConnectionState.ESTABLISHED;
import static org.connwatch.records.ConnectionState.LISTEN;

import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Enrichment;
import org.junit.jupiter.api.Test;

class AddressClassEnricherTest {
    private static final AddressClassEnricher ENRICHER = new AddressClassEnricher(new AddressClassifier());

    @Test
    void classifiesTheRemoteAddressNotTheLocalOne() {
        assertThat(remoteClass(tcp(ESTABLISHED, "10.0.0.5:51000", "8.8.8.8:443"))).isEqualTo(AddressClass.PUBLIC);
        assertThat(remoteClass(tcp(ESTABLISHED, "8.8.8.8:51000", "10.0.0.5:443"))).isEqualTo(AddressClass.PRIVATE);
        assertThat(remoteClass(tcp(ESTABLISHED, "[::1]:51000", "[::1]:8080"))).isEqualTo(AddressClass.LOOPBACK);
    }

    @Test
    void aWildcardRemoteIsUnspecified() {
        assertThat(remoteClass(tcp(LISTEN, "0.0.0.0:22", "*:*"))).isEqualTo(AddressClass.UNSPECIFIED);
        assertThat(remoteClass(tcp(LISTEN, "[::]:22", "[::]:*"))).isEqualTo(AddressClass.UNSPECIFIED);
    }

    @Test
    void returnsANewRecordAndKeepsTheOtherEnrichments() {
        Connection before = tcp(ESTABLISHED, "10.0.0.5:51000", "100.100.1.1:443")
                .withEnrichment(new Enrichment("https", null, "peer.example"));

        Connection after = ENRICHER.enrich(before);

        assertThat(after.enrichment()).isEqualTo(new Enrichment("https", AddressClass.CGNAT, "peer.example"));
        assertThat(before.enrichment().remoteClass()).isNull();
        assertThat(ENRICHER.enrich(after)).isSameAs(after);
    }

    private static AddressClass remoteClass(Connection c) {
        return ENRICHER.enrich(c).enrichment().remoteClass();
    }
}
