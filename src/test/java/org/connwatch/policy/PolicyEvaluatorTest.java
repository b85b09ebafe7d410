package org.connwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.policy.Policies.connection;
import static org.connwatch.policy.Policies.outbound;
import static org.connwatch.policy.Policies.process;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;
import org.connwatch.records.Device;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.FlowDetails;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    private static final String HASH = "a".repeat(64);

    private static PolicyEvaluator evaluator(String rules) throws PolicyException {
        return new PolicyEvaluator(Policies.parse(Policies.resource("full-policy.yaml").replaceFirst(
                "(?s)rules:.*detectors:", "rules:\n" + rules + "detectors:")), ZoneOffset.UTC);
    }

    private static PolicyEvaluator full() throws PolicyException {
        return new PolicyEvaluator(Policies.parse(Policies.resource("full-policy.yaml")), ZoneOffset.UTC);
    }

    private static Optional<String> first(PolicyEvaluator e, Connection c) {
        return e.firstMatch(c).map(Rule::id);
    }

    private static Connection at(Connection c, String time) {
        return connection(c.transport(), c.direction(), c.local(), c.remote(), time)
                .withProcess(c.process()).withEnrichment(c.enrichment());
    }

    @Test
    void globsMatchProgramNamesPathsUsersAndDomains() throws PolicyException {
        PolicyEvaluator e = full();
        Connection backup = at(outbound("192.168.1.50", "203.0.113.9", 443), "2025-06-01T23:30:00Z")
                .withProcess(process("restic", "/usr/bin/restic", "ann", null));
        assertThat(first(e, backup.withEnrichment(backup.enrichment().withRemoteDomain("s3.US-West.Backblazeb2.com.")))).contains("backup-at-night");
        assertThat(first(e, backup.withEnrichment(backup.enrichment().withRemoteDomain("backblazeb2.com"))))
                .as("*.x.com does not match x.com itself").isEmpty();
        assertThat(first(e, backup.withEnrichment(backup.enrichment().withRemoteDomain("evilbackblazeb2.com"))))
                .isEmpty();
        assertThat(first(e, backup)).as("no domain known: the condition fails").isEmpty();
        Connection named = backup.withEnrichment(backup.enrichment().withRemoteDomain("f001.backblazeb2.com"));
        assertThat(first(e, named.withProcess(process("restic2", "/usr/bin/restic", "ann", null)))).isEmpty();

        Connection tmp = outbound("192.168.1.50", "203.0.113.9", 4444)
                .withProcess(process("x", "/dev/shm/.x/x", "ann", null));
        assertThat(first(e, tmp)).contains("shells-from-tmp");
        assertThat(first(e, tmp.withProcess(process("x", "/var/tmp/x", "ann", null)))).isEmpty();
        assertThat(first(e, tmp.withProcess(null))).isEmpty();
        Connection udp = connection(Transport.UDP, Direction.OUTBOUND, tmp.local(), tmp.remote(),
                "2025-06-01T12:00:00Z").withProcess(tmp.process());
        assertThat(first(e, udp)).as("network.transport: tcp").isEmpty();
    }

    @Test
    void timeWindowsRunAcrossMidnightInTheEvaluatorsZone() throws PolicyException {
        Connection c = outbound("192.168.1.50", "203.0.113.9", 443)
                .withProcess(process("restic", "/usr/bin/restic", "ann", null));
        c = c.withEnrichment(c.enrichment().withRemoteDomain("f001.backblazeb2.com"));
        PolicyEvaluator e = full();
        assertThat(first(e, at(c, "2025-06-01T22:00:00Z"))).contains("backup-at-night");
        assertThat(first(e, at(c, "2025-06-01T02:00:00Z"))).contains("backup-at-night");
        assertThat(first(e, at(c, "2025-06-01T05:59:59Z"))).contains("backup-at-night");
        assertThat(first(e, at(c, "2025-06-01T06:00:00Z"))).isEmpty();
        assertThat(first(e, at(c, "2025-06-01T21:59:00Z"))).isEmpty();
        PolicyEvaluator tokyo = new PolicyEvaluator(e.policy(), ZoneId.of("Asia/Tokyo"));
        assertThat(first(tokyo, at(c, "2025-06-01T13:30:00Z"))).as("22:30 in Tokyo").contains("backup-at-night");
    }

    @Test
    void addressesPortsServicesUsersAndHashes() throws PolicyException {
        PolicyEvaluator e = full();
        Connection telnet = outbound("192.168.1.50", "198.51.100.1", 23);
        assertThat(first(e, telnet)).contains("no-telnet");
        assertThat(first(e, outbound("192.168.1.50", "198.51.100.1", 24))).isEmpty();

        Connection ssh = outbound("10.1.1.1", "172.20.0.1", 22).withProcess(process("ssh", "/usr/bin/ssh", "ops-joe",
                null));
        ssh = ssh.withEnrichment(ssh.enrichment().withServiceName("ssh"));
        assertThat(first(e, ssh)).contains("ssh-from-lab");
        assertThat(first(e, ssh.withProcess(process("ssh", "/usr/bin/ssh", "joe", null)))).isEmpty();
        assertThat(first(e, ssh.withEnrichment(ssh.enrichment().withServiceName(null)))).isEmpty();
        Connection outside = outbound("10.1.1.1", "172.32.0.1", 22).withProcess(ssh.process())
                .withEnrichment(ssh.enrichment());
        assertThat(first(e, outside)).as("172.32/16 is outside 172.16/12").isEmpty();

        Connection hashed = outbound("192.168.1.50", "198.51.100.1", 443)
                .withProcess(process("app", "/opt/app", "ann", HASH));
        assertThat(first(e, hashed)).contains("known-binary");
        assertThat(first(e, hashed.withProcess(process("app", "/opt/app", "ann", "b".repeat(64))))).isEmpty();
    }

    @Test
    void portRangesAndRolesOfTheLocalHost() throws PolicyException {
        PolicyEvaluator e = full();
        assertThat(first(e, outbound("192.168.1.20", "198.51.100.1", 1024))).contains("printer-high-ports");
        assertThat(first(e, outbound("192.168.1.20", "198.51.100.1", 65535))).contains("printer-high-ports");
        assertThat(first(e, outbound("192.168.1.20", "198.51.100.1", 1023))).isEmpty();
        assertThat(first(e, outbound("192.168.1.21", "198.51.100.1", 5000))).as("not the printer").isEmpty();
        assertThat(e.roleOf(outbound("192.168.1.21", "198.51.100.1", 5000)).name()).isEqualTo("workstation");
        assertThat(e.roleOf(outbound("10.0.0.9", "198.51.100.1", 5000)).name()).isEqualTo("kiosk");
    }

    @Test
    void sourceAndDestinationFollowTheDirection() throws PolicyException {
        PolicyEvaluator e = full();
        Connection in = connection(Transport.TCP, Direction.INBOUND, Endpoint.of("10.0.0.7", 443),
                Endpoint.of("10.9.9.9", 50000), "2025-06-01T12:00:00Z");
        assertThat(first(e, in)).contains("inbound-web");
        Connection lowPort = connection(Transport.TCP, Direction.INBOUND, Endpoint.of("10.0.0.7", 443),
                Endpoint.of("10.9.9.9", 999), "2025-06-01T12:00:00Z");
        assertThat(first(e, lowPort)).as("source.port 1024-65535").isEmpty();
        Connection listener = connection(Transport.TCP, Direction.LISTENING, Endpoint.of("10.0.0.7", 443),
                Endpoint.of("0.0.0.0", 0), "2025-06-01T12:00:00Z");
        assertThat(first(e, listener)).as("a listener has no source").isEmpty();
        Connection telnetd = connection(Transport.TCP, Direction.LISTENING, Endpoint.of("10.0.0.7", 23),
                Endpoint.of("0.0.0.0", 0), "2025-06-01T12:00:00Z");
        assertThat(first(e, telnetd)).as("destination.port of a listener is its own").contains("no-telnet");
    }

    @Test
    void theFirstMatchingRuleWinsInFileOrder() throws PolicyException {
        String rules = """
                  - id: allow-dns
                    action: allow
                    match: {remote.port: 53}
                  - id: deny-all-high
                    action: deny
                    match: {remote.port: 1-65535}
                  - id: never-reached
                    action: alert
                    match: {remote.port: 53}
                """;
        PolicyEvaluator e = evaluator(rules);
        Connection dns = outbound("192.168.1.50", "1.1.1.1", 53);
        assertThat(first(e, dns)).contains("allow-dns");
        assertThat(e.decide(dns).orElseThrow().suppressesFindings()).isTrue();
        assertThat(e.decide(dns).orElseThrow().finding()).isEmpty();
        PolicyDecision deny = e.decide(outbound("192.168.1.50", "1.1.1.1", 80)).orElseThrow();
        assertThat(deny.rule().id()).isEqualTo("deny-all-high");
        assertThat(deny.blocks()).isTrue();
        Finding f = deny.finding().orElseThrow();
        assertThat(f.detector()).isEqualTo("policy");
        assertThat(f.severity()).isEqualTo(Severity.HIGH);
        assertThat(f.reason()).isEqualTo("an unknown program connects to 1.1.1.1:80 over tcp: the policy forbids it "
                + "(policy rule deny-all-high, deny)");
        assertThat(e.decide(outbound("192.168.1.50", "1.1.1.1", 0))).isEmpty();
    }

    @Test
    void anAlertCarriesTheRulesReason() throws PolicyException {
        PolicyEvaluator e = evaluator("""
                  - id: watch
                    action: alert
                    match: {remote.ip: [192.0.2.0/24, "2001:db8::/32"], network.direction: [outbound, inbound]}
                    reason: a documentation address
                """);
        Finding f = e.decide(outbound("192.168.1.50", "2001:db8::1", 443)).orElseThrow().finding().orElseThrow();
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(f.reason()).endsWith(": a documentation address (policy rule watch, alert)");
        assertThat(e.firstMatch(outbound("192.168.1.50", "192.0.3.1", 443))).isEmpty();
    }

    @Test
    void rolesJudgeWhatAHostDoes() throws PolicyException {
        PolicyEvaluator e = full();
        assertThat(e.roleViolation(outbound("192.168.1.20", "198.51.100.1", 631))).isEmpty();
        assertThat(e.roleViolation(outbound("192.168.1.20", "198.51.100.1", 22))).contains(
                "office-printer (a printer) connects to 198.51.100.1:22 over tcp, a port a printer is not expected to "
                        + "use (it may use 631/tcp, 53/tcp, 53/udp)");
        Connection listen = connection(Transport.TCP, Direction.LISTENING, Endpoint.of("192.168.1.20", 22),
                Endpoint.of("0.0.0.0", 0), "2025-06-01T12:00:00Z");
        assertThat(e.roleViolation(listen)).hasValueSatisfying(s -> assertThat(s).contains("listens on tcp port 22"));
        assertThat(e.roleViolation(outbound("10.0.0.9", "198.51.100.1", 8080))).isEmpty();
        assertThat(e.roleViolation(outbound("10.0.0.5", "198.51.100.1", 25))).as("the mail server").isEmpty();
        assertThat(e.roleViolation(outbound("10.0.0.7", "198.51.100.1", 25))).hasValueSatisfying(
                s -> assertThat(s).contains("lab (a server) connects to 198.51.100.1:25"));
        PolicyEvaluator defaults = PolicyEvaluator.of(Policy.defaults());
        assertThat(defaults.roleViolation(outbound("10.0.0.7", "198.51.100.1", 31337))).as("unknown role").isEmpty();
        assertThat(defaults.firstMatch(outbound("10.0.0.7", "198.51.100.1", 31337))).isEmpty();
    }

    @Test
    void aCapturedDeviceIsFoundByItsMacThenItsDhcpName() throws PolicyException {
        PolicyEvaluator e = PolicyEvaluator.of(Policies.parse("""
                inventory:
                  - name: front-printer
                    role: printer
                    mac: 3C-2A-F4-00-11-22
                  - name: mail
                    role: mailserver
                    hostname: "mx*"
                """));
        // A DHCP address no inventory entry names: the MAC finds the printer, whatever its address.
        Connection https = outbound("10.9.9.9", "198.51.100.1", 443).withFlow(new FlowDetails(
                new Device("3c:2a:f4:00:11:22", "NPI0A1B2C", null), null, null, "update.example", null, "SAF"));
        assertThat(e.roleOf(https).name()).isEqualTo("printer");
        assertThat(e.roleViolation(https)).hasValueSatisfying(
                s -> assertThat(s).startsWith("front-printer (a printer) connects to 198.51.100.1:443"));
        // No MAC entry: the DHCP host name decides; a mail server's device is excused for SMTP.
        Connection smtp = outbound("10.9.9.8", "198.51.100.1", 25).withFlow(new FlowDetails(
                new Device("02:00:00:00:00:08", "mx1", null), null, null, null, null, "SAF"));
        assertThat(e.roleOf(smtp).name()).isEqualTo("mailserver");
        assertThat(e.isMailServerDevice(smtp)).isTrue();
        assertThat(e.isMailServerDevice(outbound("10.9.9.8", "198.51.100.1", 25))).as("no device seen").isFalse();
        // An unnamed device keeps the default role, and the reason names it by its DHCP name.
        Connection other = outbound("10.9.9.7", "198.51.100.1", 25).withFlow(new FlowDetails(
                new Device("02:00:00:00:00:07", "kitchen-tablet", null), null, null, null, null, "SAF"));
        assertThat(e.roleOf(other).name()).isEqualTo(Policy.defaults().defaultRole());
        assertThat(e.isMailServerDevice(other)).isFalse();
    }

    @Test
    void aDhcpRequestIsNoRoleViolationButAnInternalFlowIsJudgedAsOutbound() throws PolicyException {
        PolicyEvaluator e = full();
        Connection dhcp = connection(Transport.UDP, Direction.OUTBOUND, Endpoint.of("192.168.1.20", 68),
                Endpoint.of("255.255.255.255", 67), "2025-06-01T12:00:00Z");
        assertThat(e.roleViolation(dhcp)).isEmpty();
        Connection notDhcp = connection(Transport.UDP, Direction.OUTBOUND, Endpoint.of("192.168.1.20", 5000),
                Endpoint.of("255.255.255.255", 67), "2025-06-01T12:00:00Z");
        assertThat(e.roleViolation(notDhcp)).as("port 67 from another port").isPresent();
        Connection internalSsh = outbound("192.168.1.20", "192.168.1.30", 22).withDirection(Direction.INTERNAL);
        assertThat(e.roleViolation(internalSsh)).hasValueSatisfying(
                s -> assertThat(s).startsWith("office-printer (a printer) connects to 192.168.1.30:22"));
    }
}
