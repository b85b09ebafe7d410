package org.connwatch.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    private static String canonical(String literal) {
        return IpAddresses.format(IpAddresses.parse(literal));
    }

    /** Examples from RFC 5952 section 4 ("A Recommendation for IPv6 Text Representation"). */
    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({
            "2001:db8::1, 2001:db8::1",
            "::, ::",
            "::1, ::1",
            "0:0:0:0:0:0:0:1, ::1",
            "0:0:0:0:0:0:0:0, ::",
            "1:0:0:0:0:0:0:0, 1::",
            // 4.1: leading zeros are suppressed
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            // 4.2.1: '::' uses up the whole run of zeros
            "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
            // 4.2.2: a single zero word is not compressed
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
            "0:1:2:3:4:5:6:7, 0:1:2:3:4:5:6:7",
            // 4.2.3: the longest run is compressed; of two equal runs, the first
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            // 4.3: hex digits in lower case
            "2001:DB8::AbCd, 2001:db8::abcd",
            "FE80::1:2:3:4, fe80::1:2:3:4",
            "fe80::200:86ff:fe05:80da, fe80::200:86ff:fe05:80da",
            "[2001:db8::1], 2001:db8::1"})
    void ipv6IsWrittenTheRfc5952Way(String literal, String expected) {
        assertThat(canonical(literal)).isEqualTo(expected);
    }

    @Test
    void ipv4IsADottedQuad() {
        assertThat(canonical("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(canonical(" 10.0.0.1 ")).isEqualTo("10.0.0.1");
        assertThat(canonical("255.255.255.255")).isEqualTo("255.255.255.255");
    }

    @Test
    void bracketsAroundAnIpv6LiteralAreAccepted() {
        InetAddress a = IpAddresses.parse("[::1]");

        assertThat(a).isInstanceOf(Inet6Address.class);
        assertThat(a.isLoopbackAddress()).isTrue();
    }

    @Test
    void anIpv4MappedAddressBecomesTheIpv4AddressItCarries() {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};

        InetAddress fromBytes = IpAddresses.fromBytes(mapped);
        InetAddress fromText = IpAddresses.parse("::ffff:192.0.2.1");

        assertThat(fromBytes).isInstanceOf(Inet4Address.class);
        assertThat(fromBytes.getAddress()).containsExactly(192, 0, 2, 1);
        assertThat(IpAddresses.format(fromBytes)).isEqualTo("192.0.2.1");
        assertThat(fromText).isEqualTo(fromBytes);
        assertThat(IpAddresses.networkType(fromBytes)).isEqualTo("ipv4");
    }

    @Test
    void anAlmostMappedAddressStaysIpv6() {
        // ::fffe:c000:201 differs from the mapped prefix in one bit: it is an ordinary IPv6 address
        byte[] almost = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xfe, (byte) 192, 0, 2, 1};

        InetAddress a = IpAddresses.fromBytes(almost);

        assertThat(a).isInstanceOf(Inet6Address.class);
        assertThat(IpAddresses.format(a)).isEqualTo("::fffe:c000:201");
        assertThat(IpAddresses.networkType(a)).isEqualTo("ipv6");
    }

    @Test
    void rawBytesMustBeFourOrSixteen() {
        assertThat(IpAddresses.fromBytes(new byte[] {10, 0, 0, 1})).isEqualTo(IpAddresses.parse("10.0.0.1"));
        assertThat(IpAddresses.fromBytes(new byte[16])).isEqualTo(IpAddresses.parse("::"));
        assertThatThrownBy(() -> IpAddresses.fromBytes(new byte[5]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5");
        assertThatThrownBy(() -> IpAddresses.fromBytes(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "''{0}'' is rejected")
    @ValueSource(strings = {
            "localhost", "example.com", "cafe.dead", "", " ", "[]",
            "256.0.0.1", "1.2.3.256", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "1234.0.0.1",
            "x1.2.3.4", "-1.2.3.4", "+1.2.3.4", "0x7f.0.0.1", "1.2.3.4/8", "1.2.3.4:80",
            "1:2:3:4:5:6:7:8:9", "::g", "2001:db8:::1", "fe80::1%eth0", "[::1", "::1]", "[[::1]]",
            // other scripts' digits are no address digits: Arabic-Indic 127.0.0.1, fullwidth 1::1
            "\u0661\u0662\u0667.\u0660.\u0660.\u0661", "\uff11::1",
            // InetAddress would look these up as host names
            ".::1", ".1:2"})
    void onlyLiteralsAreAddresses(String text) {
        assertThatThrownBy(() -> IpAddresses.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void theWildcardsAreUnspecified() {
        assertThat(IpAddresses.isUnspecified(IpAddresses.parse("0.0.0.0"))).isTrue();
        assertThat(IpAddresses.isUnspecified(IpAddresses.parse("::"))).isTrue();
        assertThat(IpAddresses.isUnspecified(IpAddresses.parse("0.0.0.1"))).isFalse();
        assertThat(IpAddresses.isUnspecified(IpAddresses.parse("::1"))).isFalse();
    }

    /**
     * Proves that parse never asks the resolver: a child JVM gets a hosts file (the JDK's
     * {@code jdk.net.hosts.file}) that gives every one of these names an address. Were any of them
     * looked up, the child would print that address instead of "rejected".
     */
    @Test
    void namesAreNeverLookedUp(@TempDir Path dir) throws Exception {
        List<String> names = List.of("localhost", "example.com", "cafe", "beef.cafe", ".::1", ".1:2", "abc:");
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            hosts.add("10.9.8." + (i + 1) + " " + names.get(i));
        }
        Path hostsFile = Files.write(dir.resolve("hosts"), hosts);

        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Djdk.net.hosts.file=" + hostsFile, "-cp", System.getProperty("java.class.path"),
                ParseInChild.class.getName()));
        cmd.addAll(names);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            r.lines().forEach(out::add);
        }
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(out).containsExactly(
                "sanity 10.9.8.1", // the hosts file is in force: the JDK itself resolves localhost with it
                "localhost rejected", "example.com rejected", "cafe rejected", "beef.cafe rejected",
                ".::1 rejected", ".1:2 rejected", "abc: rejected");
    }

    /** Run in a child JVM by {@link #namesAreNeverLookedUp}. */
    public static final class ParseInChild {
        public static void main(String[] args) throws IOException {
            System.out.println("sanity " + InetAddress.getByName("localhost").getHostAddress());
            for (String a : args) {
                String result;
                try {
                    result = IpAddresses.format(IpAddresses.parse(a));
                } catch (IllegalArgumentException e) {
                    result = "rejected";
                }
                System.out.println(a + " " + result);
            }
        }
    }
}
