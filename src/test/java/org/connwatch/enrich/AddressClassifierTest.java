package org.connwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.connwatch.records.AddressClass;
import org.connwatch.records.IpAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassifierTest {
    private static final AddressClassifier CLASSIFIER = new AddressClassifier();

    private static AddressClass classify(String address) {
        return CLASSIFIER.classify(IpAddresses.parse(address));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0.0.0.0, UNSPECIFIED",
            "0.0.0.1, RESERVED", "0.255.255.255, RESERVED", "1.0.0.0, PUBLIC",
            "126.255.255.255, PUBLIC", "127.0.0.0, LOOPBACK", "127.0.0.1, LOOPBACK", "127.255.255.255, LOOPBACK",
            "128.0.0.0, PUBLIC",
            "169.253.255.255, PUBLIC", "169.254.0.0, LINK_LOCAL", "169.254.255.255, LINK_LOCAL", "169.255.0.0, PUBLIC",
            "9.255.255.255, PUBLIC", "10.0.0.0, PRIVATE", "10.255.255.255, PRIVATE", "11.0.0.0, PUBLIC",
            "172.15.255.255, PUBLIC", "172.16.0.0, PRIVATE", "172.31.255.255, PRIVATE", "172.32.0.0, PUBLIC",
            "192.167.255.255, PUBLIC", "192.168.0.0, PRIVATE", "192.168.255.255, PRIVATE", "192.169.0.0, PUBLIC",
            "100.63.255.255, PUBLIC", "100.64.0.0, CGNAT", "100.127.255.255, CGNAT", "100.128.0.0, PUBLIC",
            "223.255.255.255, PUBLIC", "224.0.0.0, MULTICAST", "239.255.255.255, MULTICAST",
            "240.0.0.0, RESERVED", "255.255.255.254, RESERVED", "255.255.255.255, BROADCAST",
            "191.255.255.255, PUBLIC", "192.0.0.0, RESERVED", "192.0.0.255, RESERVED", "192.0.1.0, PUBLIC",
            "192.0.2.0, RESERVED", "192.0.2.255, RESERVED", "192.0.3.0, PUBLIC",
            "198.17.255.255, PUBLIC", "198.18.0.0, RESERVED", "198.19.255.255, RESERVED", "198.20.0.0, PUBLIC",
            "198.51.99.255, PUBLIC", "198.51.100.0, RESERVED", "198.51.100.255, RESERVED", "198.51.101.0, PUBLIC",
            "203.0.112.255, PUBLIC", "203.0.113.0, RESERVED", "203.0.113.255, RESERVED", "203.0.114.0, PUBLIC",
            "8.8.8.8, PUBLIC", "1.1.1.1, PUBLIC"})
    void ipv4(String address, AddressClass expected) {
        assertThat(classify(address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "::, UNSPECIFIED", "::1, LOOPBACK", "::2, RESERVED",
            "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "fe80::, LINK_LOCAL", "fe80::1, LINK_LOCAL",
            "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, LINK_LOCAL", "fec0::, RESERVED",
            "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "fc00::, PRIVATE", "fd12:3456:789a::1, PRIVATE",
            "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PRIVATE", "fe00::, RESERVED",
            "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "ff00::, MULTICAST", "ff02::fb, MULTICAST",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, MULTICAST",
            "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC", "2001:db8::, RESERVED",
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "2001:db9::, PUBLIC",
            "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "2000::, PUBLIC",
            "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC", "4000::, RESERVED",
            "100::, RESERVED", "100::ffff:ffff:ffff:ffff, RESERVED",
            "2606:4700:4700::1111, PUBLIC", "2a00:1450:4001:82a::200e, PUBLIC"})
    void ipv6(String address, AddressClass expected) {
        assertThat(classify(address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "::ffff:{0} is {1}")
    @CsvSource({
            "0.0.0.0, UNSPECIFIED", "127.0.0.1, LOOPBACK", "10.0.0.1, PRIVATE", "100.64.0.1, CGNAT",
            "169.254.1.1, LINK_LOCAL", "224.0.0.251, MULTICAST", "255.255.255.255, BROADCAST",
            "192.0.2.1, RESERVED", "8.8.8.8, PUBLIC"})
    void ipv4MappedIpv6IsClassifiedAsTheIpv4AddressInBothJavaForms(String ipv4, AddressClass expected) {
        InetAddress parsed = IpAddresses.parse("::ffff:" + ipv4);
        InetAddress raw = Sockets.rawMapped(ipv4);

        assertThat(raw).isInstanceOf(Inet6Address.class);
        assertThat(CLASSIFIER.classify(parsed)).isEqualTo(expected);
        assertThat(CLASSIFIER.classify(raw)).isEqualTo(expected);
    }

    @Test
    void nearMissesOfTheMappedPrefixAreNotMapped() {
        assertThat(classify("::fffe:a00:1")).isEqualTo(AddressClass.RESERVED);
        assertThat(classify("::ffff:0:a00:1")).isEqualTo(AddressClass.RESERVED);
        assertThat(classify("::a00:1")).isEqualTo(AddressClass.RESERVED);
        assertThat(classify("1::ffff:a00:1")).isEqualTo(AddressClass.RESERVED);
    }

    @Test
    void aScopedLinkLocalAddressIsLinkLocal() throws Exception {
        InetAddress scoped = Inet6Address.getByAddress(null, IpAddresses.parse("fe80::1").getAddress(), 2);

        assertThat(CLASSIFIER.classify(scoped)).isEqualTo(AddressClass.LINK_LOCAL);
    }
}
