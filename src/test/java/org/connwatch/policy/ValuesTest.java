package org.connwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void globs() {
        assertThat(new Glob("*.example.com", true).matches("A.B.Example.COM")).isTrue();
        assertThat(new Glob("*.example.com", true).matches("example.com")).isFalse();
        assertThat(new Glob("/tmp/*", false).matches("/tmp/a/b")).isTrue();
        assertThat(new Glob("/TMP/*", false).matches("/tmp/a")).isFalse();
        assertThat(new Glob("ssh?", false).matches("sshd")).isTrue();
        assertThat(new Glob("ssh?", false).matches("ssh")).isFalse();
        assertThat(new Glob("a*b*c", false).matches("aXbYbZc")).isTrue();
        assertThat(new Glob("a*b*c", false).matches("aXbYbZ")).isFalse();
        assertThat(new Glob("*a*a*a*a*a*b", false).matches("a".repeat(5000))).isFalse();
        assertThat(new Glob("x", false).matches(null)).isFalse();
        assertThat(new Glob("a.b", false).toPattern().matcher("a.b").matches()).isTrue();
        assertThatThrownBy(() -> new Glob(" ", false)).hasMessage("a pattern must not be empty");
        assertThatThrownBy(() -> new Glob("{a,b}", false)).hasMessageContaining("uses '{'");
    }

    @Test
    void timeWindows() {
        TimeWindow night = TimeWindow.parse("22:00-06:00");
        assertThat(night.contains(LocalTime.of(23, 59))).isTrue();
        assertThat(night.contains(LocalTime.MIDNIGHT)).isTrue();
        assertThat(night.contains(LocalTime.of(6, 0))).isFalse();
        assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
        TimeWindow day = TimeWindow.parse("9:00 - 17:30");
        assertThat(day.contains(LocalTime.of(9, 0))).isTrue();
        assertThat(day.contains(LocalTime.of(17, 30))).isFalse();
        assertThat(day).hasToString("09:00-17:30");
        assertThat(TimeWindow.parse("18:00-00:00").contains(LocalTime.of(23, 0))).isTrue();
        assertThatThrownBy(() -> TimeWindow.parse("22-06")).hasMessageContaining("is not a time window");
        assertThatThrownBy(() -> TimeWindow.parse("12:60-13:00")).hasMessageContaining("is not a time of day");
    }

    @Test
    void sizesAndDurations() {
        assertThat(Quantities.size("20MiB")).isEqualTo(20L << 20);
        assertThat(Quantities.size("1GiB")).isEqualTo(1L << 30);
        assertThat(Quantities.size("500kB")).isEqualTo(500_000);
        assertThat(Quantities.size("123")).isEqualTo(123);
        assertThat(Quantities.size("2 TB")).isEqualTo(2_000_000_000_000L);
        assertThatThrownBy(() -> Quantities.size("999999999999999TiB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Quantities.size("-1MiB")).hasMessageContaining("is not a size");
        assertThat(Quantities.duration("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(Quantities.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Quantities.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Quantities.duration("2d")).isEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> Quantities.duration("8")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Quantities.duration("h")).hasMessageContaining("is not a duration");
        assertThat(Quantities.formatSize(20L << 20)).isEqualTo("20MiB");
        assertThat(Quantities.formatSize(1000)).isEqualTo("1000B");
        assertThat(Quantities.formatDuration(Duration.ofMinutes(90))).isEqualTo("1h30m");
    }

    @Test
    void portsAndServiceNames() {
        assertThat(PortRange.parse("10-20").contains(Transport.UDP, 15)).isTrue();
        assertThat(PortRange.parse("10-20").contains(21)).isFalse();
        assertThatThrownBy(() -> PortRange.parse("")).hasMessageContaining("is not a port");
        assertThatThrownBy(() -> PortRange.parse("65536")).hasMessageContaining("above 65535");
        PortSpecs specs = new PortSpecs(Policies.SERVICES);
        assertThat(specs.parse("https")).containsExactly(PortRange.of(443, Transport.TCP),
                PortRange.of(443, Transport.UDP));
        assertThat(specs.parse("dns/udp")).containsExactly(PortRange.of(53, Transport.UDP));
        assertThat(specs.parse("8000-8080/tcp")).containsExactly(new PortRange(8000, 8080, Transport.TCP));
        assertThat(specs.parse("9100")).containsExactly(PortRange.of(9100));
        assertThatThrownBy(() -> specs.parse("ntp/tcp")).hasMessageContaining("for tcp");
        assertThat(specs.serviceName("DNS")).contains("domain");
        assertThat(specs.serviceName("nosuch")).isEmpty();
        assertThat(PortSet.of(List.of(PortRange.of(1)))).hasToString("1");
        assertThat(PortSet.NONE).hasToString("none");
    }

    @Test
    void suggestionsAndMacAddresses() {
        assertThat(Suggestions.closest("inventori", List.of("inventory", "roles"))).contains("inventory");
        assertThat(Suggestions.closest("xyz", List.of("inventory", "roles"))).isEmpty();
        assertThat(Suggestions.closest("ipp", List.of("ip", "cidr"))).contains("ip");
        assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
        assertThat(HostMatcher.Mac.normalise("3C2A.F400.1122")).isEqualTo("3c:2a:f4:00:11:22");
        assertThat(new HostMatcher.Mac("3c:2a:f4:00:11:22").matches("not a mac")).isFalse();
    }

    @Test
    void theSummarySaysWhatThePolicyDoes() throws PolicyException {
        List<String> lines = PolicySummary.lines(Policies.parse(Policies.resource("full-policy.yaml")));
        assertThat(lines.get(0)).isEqualTo("inventory: 4 hosts (1 printer, 1 server, 1 mailserver, 1 kiosk); "
                + "other hosts have the role workstation");
        assertThat(lines.get(1)).isEqualTo("roles: 7 built in, changed: printer, added: kiosk");
        assertThat(lines).contains("rules: 7, tried in this order, the first that matches decides:",
                "  2. deny no-telnet when destination.port 23 (telnet sends passwords in clear text)",
                "  4. allow ssh-from-lab when service.name ssh, local.ip 10.0.0.0/8, remote.ip 192.168.0.0/16 or "
                        + "172.16.0.0/12, user.name ops-*");
        assertThat(lines.getLast()).isEqualTo("detectors: switched off: unusual-port, suspicious-program; tuned: "
                + "high-tx (sent 2GiB, or 50MiB at 20.0 times what came back), long-connection (threshold 12h), "
                + "smtp-not-mailserver (mail programs postfix), beacon (threshold 0.9, at least 8 check-ins, jitter "
                + "0.2); the others on with their defaults");
    }
}
