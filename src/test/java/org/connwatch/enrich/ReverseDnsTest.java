package org.connwatch.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.connwatch.records.IpAddresses;
import org.junit.jupiter.api.Test;

class ReverseDnsTest {
    private static final Duration PLENTY = Duration.ofSeconds(10);

    private static List<InetAddress> addresses(String... literals) {
        return Arrays.stream(literals).map(IpAddresses::parse).toList();
    }

    private static InetAddress ip(String literal) {
        return IpAddresses.parse(literal);
    }

    @Test
    void returnsOnlyTheAddressesThatHaveAName() {
        FakeLookup fake = new FakeLookup()
                .answer("192.0.2.1", "one.example")
                .answer("192.0.2.2", "192.0.2.2")
                .answer("2001:db8::2", "2001:db8:0:0:0:0:0:2")
                .answer("fe80::2", "fe80:0:0:0:0:0:0:2%eth0")
                .answer("192.0.2.4", " ")
                .answer("2001:db8::1", "six.example");
        ReverseDns dns = new ReverseDns(fake);

        Map<InetAddress, String> names = dns.resolveAll(
                addresses("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "2001:db8::1", "2001:db8::2", "fe80::2"),
                PLENTY);

        assertThat(names).containsOnly(
                Map.entry(ip("192.0.2.1"), "one.example"), Map.entry(ip("2001:db8::1"), "six.example"));
    }

    @Test
    void unspecifiedAddressesAreNeverLookedUp() {
        FakeLookup fake = new FakeLookup().answer("0.0.0.0", "zero.example").answer("::", "zero.example");

        assertThat(new ReverseDns(fake).resolveAll(addresses("0.0.0.0", "::"), PLENTY)).isEmpty();
        assertThat(fake.askedInAll()).isZero();
    }

    @Test
    void namesAndNoNamesAreCachedAndDuplicatesAskedOnce() {
        FakeLookup fake = new FakeLookup().answer("192.0.2.1", "one.example");
        ReverseDns dns = new ReverseDns(fake);

        dns.resolveAll(addresses("192.0.2.1", "192.0.2.2", "192.0.2.1"), PLENTY);
        Map<InetAddress, String> again = dns.resolveAll(addresses("192.0.2.1", "192.0.2.2"), PLENTY);

        assertThat(again).containsOnly(Map.entry(ip("192.0.2.1"), "one.example"));
        assertThat(fake.asked("192.0.2.1")).isEqualTo(1);
        assertThat(fake.asked("192.0.2.2")).isEqualTo(1);
    }

    @Test
    void theCacheForgetsTheLeastRecentlyUsedAddress() {
        FakeLookup fake = new FakeLookup();
        ReverseDns dns = new ReverseDns(fake, 2, 4);

        dns.resolveAll(addresses("192.0.2.1"), PLENTY);
        dns.resolveAll(addresses("192.0.2.2"), PLENTY);
        dns.resolveAll(addresses("192.0.2.1"), PLENTY);
        dns.resolveAll(addresses("192.0.2.3"), PLENTY);
        dns.resolveAll(addresses("192.0.2.1", "192.0.2.2"), PLENTY);

        assertThat(fake.asked("192.0.2.1")).as("kept: used more recently than .2").isEqualTo(1);
        assertThat(fake.asked("192.0.2.2")).as("forgotten when .3 came").isEqualTo(2);
    }

    @Test
    void aSlowLookupIsLeftOutAtTheDeadlineAndItsLateAnswerIsCached() {
        FakeLookup fake = new FakeLookup()
                .answer("192.0.2.1", "fast.example")
                .answer("192.0.2.9", "slow.example")
                .stall("192.0.2.9");
        ReverseDns dns = new ReverseDns(fake);

        long start = System.nanoTime();
        Map<InetAddress, String> first = dns.resolveAll(addresses("192.0.2.9", "192.0.2.1"), Duration.ofMillis(200));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(first).containsOnly(Map.entry(ip("192.0.2.1"), "fast.example"));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(200)).isLessThan(Duration.ofSeconds(2));

        fake.release("192.0.2.9");
        Map<InetAddress, String> second = dns.resolveAll(addresses("192.0.2.9"), PLENTY);

        assertThat(second).containsOnly(Map.entry(ip("192.0.2.9"), "slow.example"));
        assertThat(fake.asked("192.0.2.9")).as("the running lookup is awaited, not repeated").isEqualTo(1);
    }

    @Test
    void theTimeoutBoundsTheWholeCallNotEachLookup() {
        FakeLookup fake = new FakeLookup();
        List<String> slow = IntStream.range(1, 41).mapToObj(i -> "198.51.100." + i).toList();
        slow.forEach(fake::stall);
        ReverseDns dns = new ReverseDns(fake, 100, 8);

        long start = System.nanoTime();
        Map<InetAddress, String> names = dns.resolveAll(addresses(slow.toArray(String[]::new)), Duration.ofMillis(300));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(names).isEmpty();
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        slow.forEach(fake::release);
    }

    @Test
    void aZeroTimeoutReturnsWhatIsAlreadyKnown() {
        FakeLookup fake = new FakeLookup().answer("192.0.2.1", "one.example").answer("192.0.2.2", "two.example")
                .stall("192.0.2.2");
        ReverseDns dns = new ReverseDns(fake);
        dns.resolveAll(addresses("192.0.2.1"), PLENTY);

        assertThat(dns.resolveAll(addresses("192.0.2.1", "192.0.2.2"), Duration.ZERO))
                .containsOnly(Map.entry(ip("192.0.2.1"), "one.example"));
        fake.release("192.0.2.2");
    }

    @Test
    void aFailingLookupMeansNoName() {
        FakeLookup fake = new FakeLookup().answer("192.0.2.1", "!").answer("192.0.2.2", "two.example");

        assertThat(new ReverseDns(fake).resolveAll(addresses("192.0.2.1", "192.0.2.2"), PLENTY))
                .containsOnly(Map.entry(ip("192.0.2.2"), "two.example"));
    }

    @Test
    void theSystemResolverNamesLoopback() {
        InetAddress loopback = ip("127.0.0.1");

        Map<InetAddress, String> names = new ReverseDns(HostNameLookup.system()).resolveAll(List.of(loopback), PLENTY);

        assertThat(names).containsOnlyKeys(loopback);
        assertThat(names.get(loopback)).isNotBlank().isNotEqualTo("127.0.0.1");
    }

    @Test
    void anAddressLiteralIsNotAName() {
        assertThat(ReverseDns.nameOf("localhost")).hasValue("localhost");
        assertThat(ReverseDns.nameOf("cafe")).hasValue("cafe");
        assertThat(ReverseDns.nameOf("dead.beef")).hasValue("dead.beef");
        assertThat(ReverseDns.nameOf("10.0.0.1")).isEmpty();
        assertThat(ReverseDns.nameOf("0:0:0:0:0:0:0:1")).isEmpty();
        assertThat(ReverseDns.nameOf("fe80:0:0:0:0:0:0:1%2")).isEmpty();
        assertThat(ReverseDns.nameOf("")).isEmpty();
        assertThat(ReverseDns.nameOf(null)).isEmpty();
    }
}
