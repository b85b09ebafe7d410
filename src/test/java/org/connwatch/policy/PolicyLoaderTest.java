package org.connwatch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.policy.Policies.ip;
import static org.connwatch.policy.Policies.parse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (PolicyException e) {
            return e.problems().stream().map(PolicyProblem::toString).toList();
        }
        throw new AssertionError("the policy was accepted");
    }

    @Test
    void aFullExampleLoadsWithEveryPart() throws PolicyException {
        Policy p = parse(Policies.resource("full-policy.yaml"));
        assertThat(p.defaultRole()).isEqualTo("workstation");
        assertThat(p.inventory()).extracting(InventoryEntry::name)
                .containsExactly("office-printer", "lab", "mail", "kiosk-1");
        assertThat(p.inventory().get(0).matchers()).hasSize(3);
        assertThat(p.inventory().get(0).hasMac("3c:2a:f4:00:11:22")).isTrue();
        assertThat(p.inventory().get(2).hasHostName("MAIL.office.lan.")).isTrue();
        Role printer = p.roles().get("printer");
        assertThat(printer.allowsOutbound(Transport.TCP, 631)).isTrue();
        assertThat(printer.allowsOutbound(Transport.UDP, 53)).isTrue();
        assertThat(printer.allowsOutbound(Transport.UDP, 123)).as("ntp was dropped by the override").isFalse();
        assertThat(printer.acceptsInbound(Transport.TCP, 9100)).as("inbound kept from the built-in role").isTrue();
        Role kiosk = p.roles().get("kiosk");
        assertThat(kiosk.allowsOutbound(Transport.TCP, 8080)).isTrue();
        assertThat(kiosk.allowsOutbound(Transport.UDP, 8080)).isFalse();
        assertThat(kiosk.inbound().isEmpty()).isTrue();
        assertThat(p.rules()).extracting(Rule::id).containsExactly("backup-at-night", "no-telnet",
                "shells-from-tmp", "ssh-from-lab", "printer-high-ports", "known-binary", "inbound-web");
        assertThat(p.rules()).extracting(Rule::action).containsExactly(Action.ALLOW, Action.DENY, Action.ALERT,
                Action.ALLOW, Action.ALERT, Action.ALLOW, Action.ALLOW);
        assertThat(p.rules().get(1).line()).isEqualTo(33);
        assertThat(p.rules().get(0).reason()).isEqualTo("the nightly backup");
        DetectorSettings d = p.detectors();
        assertThat(d.unusualPort().enabled()).isFalse();
        assertThat(d.highTx()).isEqualTo(new DetectorSettings.HighTx(true, 2L << 30, 50L << 20, 20));
        assertThat(d.longConnection().threshold()).isEqualTo(Duration.ofHours(12));
        assertThat(d.smtpNotMailserver().mailPrograms()).containsExactly("postfix");
        assertThat(d.suspiciousProgram().enabled()).isFalse();
        assertThat(d.suspiciousProgram().writablePlaces()).containsExactly("/tmp/", "/opt/dropbox/");
        assertThat(d.beacon().settings().threshold()).isEqualTo(0.9);
        assertThat(d.beacon().settings().minConnections()).isEqualTo(8);
        assertThat(d.beacon().settings().jitterTolerance()).isEqualTo(0.2);
        assertThat(d.blocklist()).isEqualTo(DetectorSettings.defaults().blocklist());
        assertThat(d.highTx().detector().sentBytes()).isEqualTo(2L << 30);
        assertThat(new PolicyEvaluator(p, java.time.ZoneOffset.UTC).mailServers()).extracting(Object::toString)
                .containsExactly("10.0.0.5/32");
    }

    @Test
    void theStarterPolicyIsValid() throws PolicyException {
        Policy p = parse(StarterPolicy.text());
        assertThat(p.rules()).isNotEmpty();
        assertThat(p.inventory()).isNotEmpty();
        assertThat(p.detectors()).isEqualTo(DetectorSettings.defaults());
    }

    @Test
    void anEmptyFileIsTheDefaults() throws PolicyException {
        Policy p = parse("# nothing yet\n");
        assertThat(p.rules()).isEmpty();
        assertThat(p.roles()).isEqualTo(BuiltinRoles.all());
        assertThat(p.detectors()).isEqualTo(DetectorSettings.defaults());
    }

    @Test
    void everyMistakeIsReportedWithItsLineAndField() {
        String yaml = """
                version: 2
                inventori: []
                inventory:
                  - name: printer
                    role: printr
                    ip: 10.0.0.300
                  - name: printer
                    role: camera
                    cidr: 10.0.0.0/33
                    mac: zz
                  - name: no-address
                    role: iot
                roles:
                  kiosk:
                    outbound: [https, nosuchservice, 70000, 53/icmp]
                    inbound: [1-2-3]
                    sends-mail: perhaps
                rules:
                  - id: r1
                    action: alow
                    match:
                      remote.prot: 22
                      time: "25:00-06:00"
                      remote.domain: "[ab].com"
                  - id: r1
                    action: deny
                    match:
                      destination.port: [https, 10-5]
                      host.role: nas
                      network.direction: outbond
                      process.hash.sha256: abc
                      service.name: nosuch
                      network.transport: tcpp
                      remote.ip: 10.0.0.0/40
                  - id: r3
                    action: allow
                    match: {}
                  - id: Bad_Id
                    match:
                      remote.port: {a: 1}
                      local.port: []
                detectors:
                  high-tx: {sent: 20XB, ratio: 0.5}
                  long-connection: {threshold: soon}
                  beacon: {threshold: 2, min-connections: x}
                  blocklist: {files: [nothere.txt]}
                  unusual-prt: false
                  suspicious-program: {places: [tmp]}
                  smtp-not-mailserver: maybe
                """;
        assertThat(problems(yaml)).containsExactly(
                "policy.yaml:1: version: unsupported version '2'; this connwatch reads version 1",
                "policy.yaml:2: inventori: unknown key; did you mean 'inventory'? (allowed: version, default-role, "
                        + "inventory, roles, rules, detectors)",
                "policy.yaml:5: inventory[1].role: unknown role 'printr'; did you mean 'printer'? (roles: printer, "
                        + "camera, mailserver, server, workstation, iot, unknown, kiosk)",
                "policy.yaml:6: inventory[1].ip: '10.0.0.300' is not an IPv4 address (300 > 255)",
                "policy.yaml:7: inventory[2].name: the host 'printer' is already defined on line 4",
                "policy.yaml:9: inventory[2].cidr: '10.0.0.0/33' is not a CIDR block: the prefix length 33 is more "
                        + "than 32",
                "policy.yaml:10: inventory[2].mac: 'zz' is not a MAC address like 3c:2a:f4:00:11:22",
                "policy.yaml:11: inventory[3]: a host needs at least one of ip, cidr, mac or hostname",
                "policy.yaml:15: roles.kiosk.outbound: 'nosuchservice' is neither a port (N, N-M, N/tcp) nor a "
                        + "service name the port registry knows",
                "policy.yaml:15: roles.kiosk.outbound: '70000': port 70000 is above 65535",
                "policy.yaml:15: roles.kiosk.outbound: '53/icmp': unknown protocol 'icmp' (use tcp, udp or sctp)",
                "policy.yaml:16: roles.kiosk.inbound: '1-2-3' is not a port or port range (N or N-M)",
                "policy.yaml:17: roles.kiosk.sends-mail: must be true or false, not 'perhaps'",
                "policy.yaml:20: rules[1].action: unknown action 'alow'; did you mean 'allow'? (use allow, alert "
                        + "or deny)",
                "policy.yaml:22: rules[1].match.remote.prot: unknown key; did you mean 'remote.port'? (allowed: "
                        + String.join(", ", RuleField.names()) + ")",
                "policy.yaml:23: rules[1].match.time: '25:00-06:00': 25:00 is not a time of day (00:00 to 23:59)",
                "policy.yaml:24: rules[1].match.remote.domain: '[ab].com' uses '[', which patterns do not support "
                        + "(only * and ? are wildcards)",
                "policy.yaml:25: rules[2].id: the rule 'r1' is already defined on line 19",
                "policy.yaml:28: rules[2].match.destination.port: 'https' is not a port or port range (N or N-M); "
                        + "to match a service by name use service.name",
                "policy.yaml:28: rules[2].match.destination.port: '10-5' is not a port range: 10 is above 5",
                "policy.yaml:29: rules[2].match.host.role: unknown role 'nas' (use printer, camera, mailserver, "
                        + "server, workstation, iot, unknown, kiosk)",
                "policy.yaml:30: rules[2].match.network.direction: unknown direction 'outbond'; did you mean "
                        + "'outbound'? (use listening, inbound, outbound, internal, external, unknown)",
                "policy.yaml:31: rules[2].match.process.hash.sha256: 'abc' is not a SHA-256 (64 hex digits)",
                "policy.yaml:32: rules[2].match.service.name: 'nosuch' is not a service name the port registry "
                        + "knows (such as https, ssh, domain)",
                "policy.yaml:33: rules[2].match.network.transport: unknown transport 'tcpp'; did you mean 'tcp'? "
                        + "(use tcp, udp, icmp, icmpv6, sctp)",
                "policy.yaml:34: rules[2].match.remote.ip: '10.0.0.0/40' is not a CIDR block: the prefix length 40 "
                        + "is more than 32",
                "policy.yaml:37: rules[3].match: a rule needs at least one condition",
                "policy.yaml:38: rules[4].id: 'Bad_Id' is not a rule id: use lower-case letters, digits and '-' "
                        + "(at most 64)",
                "policy.yaml:38: rules[4].action: missing; every entry needs one",
                "policy.yaml:40: rules[4].match.remote.port: must be a value or a list of values, not a mapping",
                "policy.yaml:41: rules[4].match.local.port: the list is empty; give at least one value or leave the "
                        + "key out",
                "policy.yaml:43: detectors.high-tx.sent: '20XB' is not a size like 20MiB, 1GiB or 500kB",
                "policy.yaml:43: detectors.high-tx.ratio: '0.5' is out of range: it must be above 1",
                "policy.yaml:44: detectors.long-connection.threshold: 'soon' is not a duration like 8h, 90m or 1h30m",
                "policy.yaml:45: detectors.beacon.threshold: '2' is out of range: it must be above 0 and at most 1",
                "policy.yaml:45: detectors.beacon.min-connections: 'x' is not a number",
                "policy.yaml:46: detectors.blocklist.files: cannot read the block list "
                        + Path.of("nothere.txt").toAbsolutePath(),
                "policy.yaml:47: detectors.unusual-prt: unknown key; did you mean 'unusual-port'? (allowed: "
                        + "unusual-port, high-tx, long-connection, smtp-not-mailserver, suspicious-program, beacon, "
                        + "blocklist, traffic-peak, role-violation, unexpected-inbound, new-destination, new-listener, "
                        + "unknown-program, changed-executable)",
                "policy.yaml:48: detectors.suspicious-program.places: 'tmp' is not an absolute folder (it must start "
                        + "with /)",
                "policy.yaml:49: detectors.smtp-not-mailserver: must be a mapping of keys to values, not 'maybe'");
    }

    @Test
    void wrongShapesAndDuplicateKeysAreReported() {
        assertThat(problems("rules: {id: x}\n")).containsExactly(
                "policy.yaml:1: rules: must be a value or a list of values, not a mapping");
        assertThat(problems("rules:\n  - just-a-word\n")).containsExactly(
                "policy.yaml:2: rules[1]: must be a mapping of keys to values, not 'just-a-word'");
        assertThat(problems("- a\n- b\n")).containsExactly(
                "policy.yaml:1: must be a mapping of keys to values, not a list");
        assertThat(problems("version: 1\nversion: 1\n")).containsExactly(
                "policy.yaml:2: version: given twice (first on line 1)");
        assertThat(problems("inventory:\n  - name: [a, b]\n    role: iot\n    ip: 10.0.0.1\n")).containsExactly(
                "policy.yaml:2: inventory[1].name: must be a single value, not a list");
        assertThat(problems("inventory:\n  - name: a\n    role: iot\n    ip: 10.0.0.0/8\n")).containsExactly(
                "policy.yaml:4: inventory[1].ip: '10.0.0.0/8' is an address block; put it under cidr");
        assertThat(problems("roles:\n  Big Role: {}\n")).containsExactly(
                "policy.yaml:2: roles.Big Role: a role name must be lower-case letters, digits, '-' or '_'");
        assertThat(problems("roles:\n  a:\n    extends: nope\n")).containsExactly(
                "policy.yaml:3: roles.a.extends: unknown role 'nope' (a role can extend a built-in role or one "
                        + "defined above it)");
        assertThat(problems("default-role: printr\n")).hasSize(1).first().asString()
                .startsWith("policy.yaml:1: default-role: unknown role 'printr'; did you mean 'printer'?");
        assertThat(problems("rules:\n  - id: a\n    action: deny\n    match:\n      time: \"10:00-10:00\"\n"))
                .containsExactly("policy.yaml:5: rules[1].match.time: '10:00-10:00' is an empty window: it opens "
                        + "and closes at 10:00");
    }

    @Test
    void syntaxErrorsAndSeveralDocumentsAreReportedWithALine() {
        assertThat(problems("rules: [\n")).containsExactly(
                "policy.yaml:2: not valid YAML: expected the node content, but found '<stream end>'");
        assertThat(problems("a: b\n c: d\n")).hasSize(1).first().asString().startsWith("policy.yaml:2: not valid YAML");
        assertThat(problems("version: 1\n---\nversion: 1\n")).hasSize(1).first().asString()
                .startsWith("policy.yaml:").contains("not valid YAML");
        assertThat(problems("rules: *nowhere\n")).hasSize(1).first().asString()
                .startsWith("policy.yaml:1: not valid YAML");
    }

    @Test
    void aBillionLaughsIsRefusedCleanly() {
        StringBuilder yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [")
                    .append(String.join(",", java.util.Collections.nCopies(9, "*" + prev))).append("]\n");
        }
        yaml.append("rules: *j\n");
        assertThat(problems(yaml.toString())).hasSize(1).first().asString()
                .matches("policy\\.yaml:\\d+: more than 50 aliases; refused");
    }

    @Test
    void aliasesWithinTheLimitAreExpandedButBounded() throws PolicyException {
        StringBuilder yaml = new StringBuilder("rules:\n  - &r\n    id: one\n    action: alert\n    match: &m\n"
                + "      destination.port: 1\n  - id: two\n    action: deny\n    match: *m\n");
        Policy p = parse(yaml.toString());
        assertThat(p.rules()).extracting(Rule::id).containsExactly("one", "two");
        // a list that contains itself is read one level deep only: its item is not a rule
        String recursive = "rules: &x [*x]\n";
        assertThat(problems(recursive)).hasSize(1).first().asString().startsWith("policy.yaml:1: rules[1]:");
    }

    @Test
    void deepNestingIsRefused() {
        String yaml = "rules: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
        assertThat(problems(yaml)).containsExactly(
                "policy.yaml:1: lists and mappings are nested more than 16 deep; refused");
    }

    @Test
    void oversizeFilesAreRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "# " + "x".repeat(PolicyLoader.MAX_BYTES) + "\n");
        assertThatThrownBy(() -> Policies.LOADER.load(big)).isInstanceOf(PolicyException.class)
                .hasMessage(big + ": the file is larger than 1024 KiB; a policy is never that big");
    }

    @Test
    void unreadableFilesAreProblemsToo(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> Policies.LOADER.load(missing)).isInstanceOf(PolicyException.class)
                .hasMessage(missing + ": no such file");
        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'a', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        assertThatThrownBy(() -> Policies.LOADER.load(binary)).isInstanceOf(PolicyException.class)
                .hasMessage(binary + ": the file is not UTF-8 text");
        Path control = dir.resolve("control.yaml");
        Files.writeString(control, "version: \u0001\n");
        assertThatThrownBy(() -> Policies.LOADER.load(control)).isInstanceOf(PolicyException.class)
                .hasMessage(control + ":1: not valid YAML: the character U+0001 is not allowed");
    }

    @Test
    void blockListFilesAreResolvedAgainstThePolicyFolder(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("drop.txt"), "10.0.0.0/8\n");
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "detectors:\n  blocklist:\n    files: [drop.txt]\n");
        assertThat(Policies.LOADER.load(file).detectors().blocklist().files()).containsExactly(dir.resolve("drop.txt"));
    }

    @Test
    void theDefaultLocationFollowsXdgAndAnAbsentFileMeansTheDefaults(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", dir.toString(), "HOME", "/nonexistent");
        assertThat(PolicyLocation.defaultFile(env)).contains(dir.resolve("connwatch/policy.yaml"));
        assertThat(PolicyLocation.defaultFile(Map.of("HOME", "/home/ann")))
                .contains(Path.of("/home/ann/.config/connwatch/policy.yaml"));
        assertThat(PolicyLocation.defaultFile(Map.of("XDG_CONFIG_HOME", "relative", "HOME", "/home/ann")))
                .contains(Path.of("/home/ann/.config/connwatch/policy.yaml"));

        assertThat(Policies.LOADER.loadOrDefaults(Optional.empty(), env)).isEqualTo(Policy.defaults());
        Path standard = dir.resolve("connwatch/policy.yaml");
        Files.createDirectories(standard.getParent());
        Files.writeString(standard, "detectors:\n  beacon: false\n");
        assertThat(Policies.LOADER.loadOrDefaults(Optional.empty(), env).detectors().beacon().enabled()).isFalse();
        Files.writeString(standard, "detectors:\n  beacon: maybe\n");
        assertThatThrownBy(() -> Policies.LOADER.loadOrDefaults(Optional.empty(), env))
                .isInstanceOf(PolicyException.class);
        Path named = dir.resolve("named.yaml");
        assertThatThrownBy(() -> Policies.LOADER.loadOrDefaults(Optional.of(named), env))
                .hasMessage(named + ": no such file");
    }

    @Test
    void theInventoryFindsTheMostSpecificHost() throws PolicyException {
        PolicyEvaluator e = PolicyEvaluator.of(parse(Policies.resource("full-policy.yaml")));
        assertThat(e.hostOf(ip("10.0.0.5")).map(InventoryEntry::name)).contains("mail");
        assertThat(e.hostOf(ip("10.1.2.3")).map(InventoryEntry::name)).contains("lab");
        assertThat(e.hostOf(ip("fe80::20")).map(InventoryEntry::name)).contains("office-printer");
        assertThat(e.hostOf(ip("8.8.8.8"))).isEmpty();
        assertThat(e.hostByMac("3c2a.f400.1122").map(InventoryEntry::name)).contains("office-printer");
        assertThat(e.hostByName("mail.home.lan").map(InventoryEntry::name)).contains("mail");
        assertThat(e.hostByName("mail.lan")).isEmpty();
        assertThat(Set.of(e.detectors().highTx().ratio())).containsExactly(20.0);
    }
}
