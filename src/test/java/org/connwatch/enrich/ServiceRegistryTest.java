package org.connwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceRegistryTest {
    private static final ServiceRegistry BUNDLED = ServiceRegistry.bundled();

    @Test
    void bundledRegistryKnowsTheCommonPortsPerProtocol() {
        assertThat(BUNDLED.name(Transport.TCP, 22)).hasValue("ssh");
        assertThat(BUNDLED.name(Transport.TCP, 80)).hasValue("http");
        assertThat(BUNDLED.name(Transport.TCP, 443)).hasValue("https");
        assertThat(BUNDLED.name(Transport.UDP, 443)).hasValue("https");
        assertThat(BUNDLED.name(Transport.UDP, 53)).hasValue("domain");
        assertThat(BUNDLED.name(Transport.UDP, 123)).hasValue("ntp");
        assertThat(BUNDLED.name(Transport.TCP, 5432)).hasValue("postgresql");
        assertThat(BUNDLED.size()).isGreaterThan(300);
    }

    @Test
    void bundledRegistryHasTheEntriesAddedByHand() {
        assertThat(BUNDLED.name(Transport.UDP, 1900)).hasValue("ssdp");
        assertThat(BUNDLED.name(Transport.UDP, 5355)).hasValue("llmnr");
        assertThat(BUNDLED.name(Transport.UDP, 3389)).hasValue("ms-wbt-server");
        assertThat(BUNDLED.name(Transport.TCP, 8443)).hasValue("https-alt");
        assertThat(BUNDLED.name(Transport.TCP, 27017)).hasValue("mongodb");
    }

    @Test
    void aNameIsPerProtocol() {
        assertThat(BUNDLED.name(Transport.UDP, 22)).isEmpty();
        assertThat(BUNDLED.name(Transport.TCP, 123)).isEmpty();
        assertThat(BUNDLED.name(Transport.TCP, 5353)).isEmpty();
        assertThat(BUNDLED.name(Transport.UDP, 5353)).hasValue("mdns");
    }

    @Test
    void sctpUsesTheTcpNamesAndIcmpHasNone() {
        assertThat(BUNDLED.name(Transport.SCTP, 22)).hasValue("ssh");
        assertThat(BUNDLED.name(Transport.ICMP, 22)).isEmpty();
        assertThat(BUNDLED.name(Transport.ICMPV6, 443)).isEmpty();
    }

    @Test
    void portZeroAndUnassignedPortsHaveNoName() {
        assertThat(BUNDLED.name(Transport.TCP, 0)).isEmpty();
        assertThat(BUNDLED.name(Transport.TCP, 65535)).isEmpty();
        assertThatThrownBy(() -> BUNDLED.name(Transport.TCP, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BUNDLED.name(Transport.TCP, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findsThePortOfAServiceName() {
        assertThat(BUNDLED.port("https", Transport.TCP)).hasValue(443);
        assertThat(BUNDLED.port(" SSH ", Transport.TCP)).hasValue(22);
        assertThat(BUNDLED.port("ssh", Transport.SCTP)).hasValue(22);
        assertThat(BUNDLED.port("mdns", Transport.UDP)).hasValue(5353);
        assertThat(BUNDLED.port("mdns", Transport.TCP)).isEmpty();
        assertThat(BUNDLED.port("ssh", Transport.ICMP)).isEmpty();
        assertThat(BUNDLED.port("no-such-service", Transport.TCP)).isEmpty();
    }

    @Test
    void aNameOnSeveralPortsMeansTheLowest() {
        String table = "8080\ttcp\tweb\n80\ttcp\tweb\n53\tudp\tweb\n";
        ServiceRegistry registry = new ServiceRegistry(new StringReader(table));

        assertThat(registry.port("web", Transport.TCP)).hasValue(80);
        assertThat(registry.port("web", Transport.UDP)).hasValue(53);
    }

    @Test
    void readsATableSkippingCommentsAndBlankLines() {
        ServiceRegistry registry = new ServiceRegistry(new StringReader("""
                # from a test
                22\ttcp\tssh

                53\tudp\tdomain
                65535\ttcp\tlast
                """));

        assertThat(registry.size()).isEqualTo(3);
        assertThat(registry.name(Transport.TCP, 22)).hasValue("ssh");
        assertThat(registry.name(Transport.UDP, 53)).hasValue("domain");
        assertThat(registry.name(Transport.TCP, 53)).isEmpty();
        assertThat(registry.name(Transport.TCP, 65535)).hasValue("last");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "22 tcp ssh", "22\ttcp", "22\ttcp\tssh\textra", "ssh\ttcp\t22", "0\ttcp\tzero", "65536\ttcp\tbig",
            "-1\ttcp\tneg", "22\tsctp\tssh", "22\tTCP\tssh", "22\ttcp\t", "22\ttcp\tsecure shell", "022222\ttcp\tx"})
    void aMalformedLineFailsWithItsLineNumber(String bad) {
        String table = "# header\n22\ttcp\tssh\n" + bad + "\n53\tudp\tdomain\n";

        assertThatThrownBy(() -> new ServiceRegistry(new StringReader(table)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("port registry line 3: ")
                .hasMessageEndingWith("'" + bad + "'");
    }

    @Test
    void aSecondNameForTheSamePortAndProtocolFails() {
        String table = "22\ttcp\tssh\n22\tudp\tssh\n22\ttcp\tsecure-shell\n";

        assertThatThrownBy(() -> new ServiceRegistry(new StringReader(table)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("22/tcp is already named ssh");
    }
}
