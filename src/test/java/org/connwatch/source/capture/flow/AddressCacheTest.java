package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.connwatch.records.IpAddresses;
import org.junit.jupiter.api.Test;

class AddressCacheTest {

    private static InetAddress through(AddressCache cache, String text) {
        InetAddress a = IpAddresses.parse(text);
        return cache.address(IpBits.hi(a), IpBits.lo(a));
    }

    @Test
    void recordsOfOneHostShareOneAddressObject() {
        AddressCache cache = new AddressCache();
        InetAddress first = through(cache, "192.168.1.10");
        assertThat(through(cache, "192.168.1.10")).isSameAs(first);
        assertThat(through(cache, "2001:db8::7")).isSameAs(through(cache, "2001:db8::7"));
        assertThat(IpAddresses.format(first)).isEqualTo("192.168.1.10");
        assertThat(first.getAddress()).hasSize(4); // an IPv4 address stays IPv4, not IPv4-mapped IPv6
    }

    @Test
    void everyAddressComesBackRightWhenMoreAddressesThanEntriesFightForTheBuckets() {
        AddressCache cache = new AddressCache();
        Set<InetAddress> distinct = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 3 * AddressCache.SIZE; i++) {
                String v4 = "10." + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff);
                InetAddress a = through(cache, v4);
                assertThat(IpAddresses.format(a)).isEqualTo(v4);
                String v6 = "2001:db8::" + Integer.toHexString(i + 1);
                InetAddress b = through(cache, v6);
                assertThat(b).isEqualTo(IpAddresses.parse(v6));
                distinct.add(a);
            }
        }
        assertThat(distinct).hasSize(3 * AddressCache.SIZE);
    }
}
