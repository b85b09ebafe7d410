package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.connwatch.records.Cidr;
import org.connwatch.records.IpAddresses;
import org.junit.jupiter.api.Test;

class LocalNetworksTest {

    private static boolean local(LocalNetworks n, String address) {
        return n.contains(IpAddresses.parse(address));
    }

    @Test
    void theDefaultsArePrivateSharedAndLinkLocalBlocks() {
        LocalNetworks n = LocalNetworks.defaults();
        for (String in : List.of("10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1", "100.64.0.1",
                "100.127.255.255", "169.254.9.9", "fd00::1", "fc00::1", "fe80::1", "febf::1")) {
            assertThat(local(n, in)).as(in).isTrue();
        }
        for (String out : List.of("8.8.8.8", "172.32.0.1", "100.128.0.1", "11.0.0.0", "127.0.0.1", "2001:db8::1",
                "fec0::1", "::1", "::a01:203")) {
            assertThat(local(n, out)).as(out).isFalse();
        }
        assertThat(n.networks()).hasSize(7);
    }

    @Test
    void settableToAnyBlocks() {
        LocalNetworks n = LocalNetworks.of(List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("2001:db8:1::/48"),
                Cidr.parse("198.51.100.7")));
        assertThat(local(n, "203.0.113.200")).isTrue();
        assertThat(local(n, "203.0.114.1")).isFalse();
        assertThat(local(n, "2001:db8:1:ffff::1")).isTrue();
        assertThat(local(n, "2001:db8:2::1")).isFalse();
        assertThat(local(n, "198.51.100.7")).isTrue();
        assertThat(local(n, "198.51.100.8")).isFalse();
        assertThat(local(n, "10.0.0.1")).isFalse();
        assertThat(local(LocalNetworks.of(List.of()), "10.0.0.1")).isFalse();
        assertThat(local(LocalNetworks.of(List.of(Cidr.parse("0.0.0.0/0"))), "8.8.8.8")).isTrue();
        assertThat(local(LocalNetworks.of(List.of(Cidr.parse("0.0.0.0/0"))), "2001:db8::1")).isFalse();
    }
}
