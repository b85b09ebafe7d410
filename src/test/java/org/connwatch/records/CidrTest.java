package org.connwatch.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    private static boolean contains(String block, String address) {
        return Cidr.parse(block).contains(IpAddresses.parse(address));
    }

    @Test
    void parsesAnAddressAndAPrefix() {
        Cidr c = Cidr.parse("10.0.0.0/8");

        assertThat(c.network()).isEqualTo(IpAddresses.parse("10.0.0.0"));
        assertThat(c.prefixLength()).isEqualTo(8);
        assertThat(c).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse(" 2001:db8::/32 ")).hasToString("2001:db8::/32");
        assertThat(Cidr.parse("[2001:db8::]/32")).hasToString("2001:db8::/32");
    }

    @Test
    void aBareAddressIsASingleHost() {
        assertThat(Cidr.parse("192.0.2.7")).hasToString("192.0.2.7/32");
        assertThat(Cidr.parse("::1")).hasToString("::1/128");
    }

    /** Host bits are cleared by hand: e.g. 255 = 1111 1111, keeping the top 7 bits gives 1111 1110 = 254. */
    @ParameterizedTest(name = "{0} is the block {1}")
    @CsvSource({
            "10.1.2.3/8, 10.0.0.0/8",
            "192.168.1.77/31, 192.168.1.76/31",
            "192.168.1.77/32, 192.168.1.77/32",
            "255.255.255.255/7, 254.0.0.0/7",
            "172.31.200.1/12, 172.16.0.0/12",
            "1.2.3.4/0, 0.0.0.0/0",
            "2001:db8:1:2::/32, 2001:db8::/32",
            "2001:db8::ffff/112, 2001:db8::/112",
            "2001:db8::3/127, 2001:db8::2/127",
            "fdff:1::/7, fc00::/7",
            "ffff::1/0, ::/0"})
    void hostBitsAreMasked(String text, String block) {
        assertThat(Cidr.parse(text)).hasToString(block);
        assertThat(Cidr.parse(text)).isEqualTo(Cidr.parse(block));
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            // /0: everything of its family
            "0.0.0.0/0, 0.0.0.0, true", "0.0.0.0/0, 255.255.255.255, true",
            "::/0, ::, true", "::/0, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
            // /7: 10 = 0000 1010, so the block is 0000 101x = 10 and 11
            "10.0.0.0/7, 9.255.255.255, false", "10.0.0.0/7, 10.0.0.0, true",
            "10.0.0.0/7, 11.255.255.255, true", "10.0.0.0/7, 12.0.0.0, false",
            "fc00::/7, fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, false", "fc00::/7, fc00::, true",
            "fc00::/7, fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true", "fc00::/7, fe00::, false",
            // /8
            "10.0.0.0/8, 9.255.255.255, false", "10.0.0.0/8, 10.0.0.0, true",
            "10.0.0.0/8, 10.255.255.255, true", "10.0.0.0/8, 11.0.0.0, false",
            // /12 cuts through the second byte: 172.16 = 1010 1100 . 0001 0000, 172.32 = ... 0010 0000
            "172.16.0.0/12, 172.15.255.255, false", "172.16.0.0/12, 172.31.255.255, true",
            "172.16.0.0/12, 172.32.0.0, false",
            // /31: a pair
            "192.168.1.76/31, 192.168.1.75, false", "192.168.1.76/31, 192.168.1.76, true",
            "192.168.1.76/31, 192.168.1.77, true", "192.168.1.76/31, 192.168.1.78, false",
            // /32: one host
            "10.0.0.1/32, 10.0.0.0, false", "10.0.0.1/32, 10.0.0.1, true", "10.0.0.1/32, 10.0.0.2, false",
            // /33 cuts through the fifth byte: 2001:db8:8000:: = ... 1000 0000 ...
            "2001:db8:8000::/33, 2001:db8:7fff:ffff:ffff:ffff:ffff:ffff, false",
            "2001:db8:8000::/33, 2001:db8:8000::, true",
            "2001:db8:8000::/33, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
            "2001:db8:8000::/33, 2001:db9::, false",
            // /127 and /128
            "2001:db8::/127, 2001:db8::, true", "2001:db8::/127, 2001:db8::1, true",
            "2001:db8::/127, 2001:db8::2, false",
            "2001:db8::1/128, 2001:db8::1, true", "2001:db8::1/128, 2001:db8::, false",
            "2001:db8::1/128, 2001:db8::2, false"})
    void containsUpToThePrefixBoundary(String block, String address, boolean expected) {
        assertThat(contains(block, address)).isEqualTo(expected);
    }

    @Test
    void anIpv4BlockNeverContainsAnIpv6AddressNorTheOtherWayRound() {
        assertThat(contains("0.0.0.0/0", "::")).isFalse();
        assertThat(contains("0.0.0.0/0", "2001:db8::1")).isFalse();
        assertThat(contains("::/0", "0.0.0.0")).isFalse();
        assertThat(contains("::/0", "10.0.0.1")).isFalse();
        // ::/96 would hold IPv4-compatible addresses as bytes, but an IPv4 address is not in it
        assertThat(contains("::/96", "10.0.0.1")).isFalse();
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', value = {
            "10.0.0/33|is not an IPv4 address",
            "10.0.0.0/33|33 is more than 32",
            "::/129|129 is more than 128",
            "10.0.0.0/x|'x' is not a number",
            "10.0.0.0/|'' is not a number",
            "10.0.0.0/-1|'-1' is not a number",
            "10.0.0.0/8/8|'8/8' is not a number",
            "10.0.0.0/0008|'0008' is not a number",
            "10.0.0.0/\u0668|is not a number",
            "example.com/8|is not an IP address",
            "localhost|is not an IP address",
            "/8|is not an IP address"})
    void errorsQuoteTheBadText(String text, String reason) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' is not a CIDR block")
                .hasMessageContaining(reason);
    }

    @Test
    void anEmptyTextIsQuotedToo() {
        assertThatThrownBy(() -> Cidr.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'' is not a CIDR block");
    }

    @Test
    void theConstructorChecksThePrefixAgainstTheFamily() {
        assertThat(new Cidr(IpAddresses.parse("10.0.0.0"), 32)).hasToString("10.0.0.0/32");
        assertThatThrownBy(() -> new Cidr(IpAddresses.parse("10.0.0.0"), 33))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..32");
        assertThatThrownBy(() -> new Cidr(IpAddresses.parse("::"), 129))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..128");
        assertThatThrownBy(() -> new Cidr(IpAddresses.parse("::"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
