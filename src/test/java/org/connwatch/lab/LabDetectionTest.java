package org.connwatch.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connwatch scan} run inside the lab's hosts, on their real sockets, while the standard
 * scenario runs: each planted item that a detector can judge without a policy is found, with the
 * right detector, and the benign traffic beside it raises nothing. The printer's HTTPS and its
 * listener are role violations, and the mail server's relaying is legitimate only for its role:
 * those are judged with a policy that names each host's role. The beacon is seen in one scan
 * through the TIME_WAIT sockets its closed connections leave for 60 s, each dated by its timer.
 */
class LabDetectionTest {
    private static Lab lab;
    private static LabScenario scenario;
    private static java.time.Instant started;
    private static Path policy;

    /** The lab's inventory: each host with its role, by address. */
    private static final String POLICY = String.join("\n",
            "version: 1",
            "inventory:",
            "  - {name: lab-printer, role: printer, ip: 10.77.0.10}",
            "  - {name: lab-workstation, role: workstation, ip: 10.77.0.20}",
            "  - {name: lab-mailserver, role: mailserver, ip: 10.77.0.25}",
            "  - {name: lab-server, role: server, ip: 10.77.0.30}",
            "");

    @BeforeAll
    static void startLab() throws IOException {
        Lab.assumeAvailable();
        lab = Lab.startStandard();
        scenario = LabScenario.standard(lab);
        started = java.time.Instant.now();
        policy = Files.createTempFile("lab-policy", ".yaml");
        Files.writeString(policy, POLICY);
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
        if (lab != null) {
            lab.close();
        }
        if (policy != null) {
            Files.deleteIfExists(policy);
        }
    }

    /** Runs {@code connwatch scan --format json ARGS} in a host's namespace: the findings it prints. */
    private static JsonNode scan(LabHost host, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("scan", "--format", "json"));
        all.addAll(List.of(args));
        try (LabProcess p = host.java(org.connwatch.cli.Main.class, all.toArray(String[]::new))) {
            int code = p.awaitExit(Duration.ofSeconds(60));
            String text = String.join("\n", p.lines());
            assertThat(code).as("scan in %s: %s %s", host.name(), text, p.errorTail()).isZero();
            return new ObjectMapper().readTree(text);
        }
    }

    /** "detector local-ip -> remote-ip:port" for each finding's connections. */
    private static Set<String> found(JsonNode doc) {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : doc.get("findings")) {
            for (JsonNode c : f.get("connections")) {
                out.add(f.get("detector").asText() + " " + c.at("/local/ip").asText() + " -> "
                        + c.at("/remote/ip").asText() + ":" + c.at("/remote/port").asText());
            }
        }
        return out;
    }

    @Test
    void theWorkstationsDirectSmtpIsFoundAndItsBenignTrafficIsNot() throws IOException {
        LabHost workstation = lab.host("workstation");
        Set<String> found = found(scan(workstation));
        assertThat(found).contains("smtp-not-mailserver 10.77.0.20 -> 10.77.0.25:25");
        // Besides it, only the planted beacon (once enough of its closed connections are in TIME_WAIT).
        assertThat(found).allMatch(f -> f.equals("smtp-not-mailserver 10.77.0.20 -> 10.77.0.25:25")
                || f.startsWith("beacon 10.77.0.20 -> 198.51.100.80:80"));
    }

    @Test
    void theServersUploadIsFoundAsHighTx() throws IOException {
        Set<String> found = found(scan(lab.host("server")));
        assertThat(found).contains("high-tx 10.77.0.30 -> 198.51.100.80:8443");
        // 8443 is also outside the usual outbound ports; the server's listeners raise nothing.
        assertThat(found).allMatch(f -> f.endsWith("-> 198.51.100.80:8443"));
    }

    @Test
    void thePrintersServerOnABlockListIsFound(@TempDir Path dir) throws IOException {
        Path list = dir.resolve("firehol_test.netset");
        Files.writeString(list, "# a FireHOL-style list for the lab\n198.51.100.0/24\n");
        list.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        JsonNode doc = scan(lab.host("printer"), "--blocklist", list.toString());
        assertThat(found(doc)).contains("blocklist 10.77.0.10 -> 198.51.100.80:443");
        for (JsonNode f : doc.get("findings")) {
            if (f.get("detector").asText().equals("blocklist")) {
                assertThat(f.get("reason").asText()).contains("firehol_test.netset (198.51.100.0/24)");
            }
        }
    }

    @Test
    void withTheRolesThePrintersHttpsAndListenerAreViolations() throws IOException {
        JsonNode doc = scan(lab.host("printer"), "--policy", policy.toString());
        Set<String> listeners = new TreeSet<>();
        for (JsonNode f : doc.get("findings")) {
            if (f.get("detector").asText().equals("unexpected-inbound")) {
                listeners.add(f.at("/connections/0/local/port").asText() + " " + f.get("reason").asText());
            }
        }
        assertThat(listeners).singleElement().asString().startsWith("31337 lab-printer (a printer) listens on tcp "
                + "port 31337, which a printer is not expected to accept");
        Set<String> found = found(doc);
        assertThat(found).contains("role-violation 10.77.0.10 -> 198.51.100.80:443");
        assertThat(found).allMatch(f -> f.equals("role-violation 10.77.0.10 -> 198.51.100.80:443")
                || f.startsWith("unexpected-inbound"));
    }

    @Test
    void withTheRolesTheMailServersRelayingRaisesNothing() throws IOException {
        assertThat(found(scan(lab.host("mailserver"), "--policy", policy.toString()))).isEmpty();
    }

    @Test
    void withTheRolesTheWorkstationsDirectSmtpIsBothNotAMailServerAndARoleViolation() throws IOException {
        assertThat(found(scan(lab.host("workstation"), "--policy", policy.toString()))).containsExactlyInAnyOrder(
                "smtp-not-mailserver 10.77.0.20 -> 10.77.0.25:25", "role-violation 10.77.0.20 -> 10.77.0.25:25");
    }

    @Test
    void theWorkstationsBeaconIsSeenInOneScanThroughItsClosedConnections() throws Exception {
        // A 2 s beacon leaves about 10 closed connections in TIME_WAIT after 20 s, up to 30 after a
        // minute. With +-30 % random jitter a window of about 10 can score under the threshold, so
        // scan again as the window fills, until a scan finds it or TIME_WAIT's minute is used up.
        java.time.Instant deadline = started.plusSeconds(58);
        java.time.Duration first = java.time.Duration.ofSeconds(20)
                .minus(java.time.Duration.between(started, java.time.Instant.now()));
        if (!first.isNegative()) {
            Thread.sleep(first.toMillis());
        }
        JsonNode beacon = null;
        int scans = 0;
        while (beacon == null && (scans == 0 || java.time.Instant.now().isBefore(deadline))) {
            scans++;
            for (JsonNode f : scan(lab.host("workstation")).get("findings")) {
                if (f.get("detector").asText().equals("beacon")) {
                    beacon = f;
                }
            }
            if (beacon == null) {
                Thread.sleep(3000);
            }
        }
        assertThat(beacon).as("a beacon finding after %d scans", scans).isNotNull();
        assertThat(beacon.at("/connections/0/destination/ip").asText()).isEqualTo("198.51.100.80");
        assertThat(beacon.at("/connections/0/destination/port").asInt()).isEqualTo(80);
        assertThat(beacon.get("connections").size()).isGreaterThanOrEqualTo(8);
        assertThat(beacon.get("reason").asText()).contains("checks in with 198.51.100.80:80 over tcp")
                .containsPattern("about every (1\\.[6-9]|2\\.[0-4]) s");
    }
}
