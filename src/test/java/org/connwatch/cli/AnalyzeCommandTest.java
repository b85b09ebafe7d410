package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connwatch analyze} on a Zeek conn.log written by the test in Zeek's TSV format, with
 * planted behaviour (a beacon, direct SMTP from a workstation, a 9-hour connection, a lopsided
 * upload) beside benign traffic (browsing one site at random times, DNS): every planted item is
 * found by the right detector, and nothing else is.
 */
class AnalyzeCommandTest {
    private static final String HEADER = String.join("\n",
            "#separator \\x09",
            "#set_separator\t,",
            "#empty_field\t(empty)",
            "#unset_field\t-",
            "#path\tconn",
            "#open\t2026-11-20-03-00-00",
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes"
                    + "\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes"
                    + "\tresp_pkts\tresp_ip_bytes\ttunnel_parents",
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool"
                    + "\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]");
    private static final double T0 = 1_795_600_000.0;

    private static String line(double ts, String orig, int oport, String resp, int rport, String proto, String service,
                               double duration, long origBytes, long respBytes) {
        return String.format(Locale.ROOT, "%.6f\tC%08x\t%s\t%d\t%s\t%d\t%s\t%s\t%.6f\t%d\t%d\tSF\tT\tF\t0\tShADadFf"
                        + "\t%d\t%d\t%d\t%d\t-", ts, (long) (ts * 1000) ^ oport, orig, oport, resp, rport, proto, service,
                duration, origBytes, respBytes, origBytes / 1000 + 3, origBytes + 200, respBytes / 1000 + 3,
                respBytes + 200);
    }

    private static Path connLog(Path dir) throws IOException {
        Random r = new Random(42);
        List<String> lines = new ArrayList<>();
        double t = T0;
        for (int i = 0; i < 30; i++) { // planted: a beacon every 60 s +-20 %
            t += 60 * (0.8 + 0.4 * r.nextDouble());
            lines.add(line(t, "10.0.0.5", 40000 + i, "198.51.100.7", 443, "tcp", "ssl", 0.2, 700 + r.nextInt(30),
                    300 + r.nextInt(30)));
        }
        lines.add(line(T0 + 100, "10.0.0.6", 41000, "198.51.100.25", 25, "tcp", "smtp", 3.1, 18_000, 900));
        lines.add(line(T0 + 200, "10.0.0.7", 42000, "198.51.100.40", 443, "tcp", "ssl", 9 * 3600 + 120, 50_000,
                80_000));
        lines.add(line(T0 + 300, "10.0.0.8", 43000, "198.51.100.50", 443, "tcp", "ssl", 95.0, 60L << 20, 20_000));
        double u = T0;
        for (int i = 0; i < 40; i++) { // benign: a person browsing one site, at random times, random sizes
            u += -Math.log(1 - r.nextDouble()) * 45;
            lines.add(line(u, "10.0.0.9", 50000 + i, "203.0.113.80", 443, "tcp", "ssl", 1 + 20 * r.nextDouble(),
                    400 + r.nextInt(4000), 2000 + r.nextInt(2_000_000)));
        }
        double v = T0;
        for (int i = 0; i < 25; i++) { // benign: DNS to the local resolver
            v += -Math.log(1 - r.nextDouble()) * 70;
            lines.add(line(v, "10.0.0.9", 53000 + i, "10.0.0.1", 53, "udp", "dns", 0.01, 40, 120));
        }
        lines.sort(null); // Zeek writes in time order: the timestamp leads each line
        lines.add(3, "this line is garbage\tand\thas\ttoo few fields");
        Path file = dir.resolve("conn.log");
        Files.writeString(file, HEADER + "\n" + String.join("\n", lines) + "\n#close\t2026-11-20-04-00-00\n");
        return file;
    }

    @Test
    void findsEveryPlantedItemWithTheRightDetectorAndNothingElse(@TempDir Path dir) throws Exception {
        Path log = connLog(dir);
        Cli r = Cli.run("analyze", "--format", "json", log.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("skipped 1 malformed line(s)").contains("conn.log:");

        JsonNode doc = new ObjectMapper().readTree(r.out());
        Set<String> found = new TreeSet<>();
        for (JsonNode f : doc.get("findings")) {
            found.add(f.get("detector").asText() + " " + f.at("/connections/0/source/ip").asText() + " -> "
                    + f.at("/connections/0/destination/ip").asText() + ":" + f.at("/connections/0/destination/port"));
        }
        assertThat(found).containsExactlyInAnyOrder(
                "beacon 10.0.0.5 -> 198.51.100.7:443",
                "smtp-not-mailserver 10.0.0.6 -> 198.51.100.25:25",
                "long-connection 10.0.0.7 -> 198.51.100.40:443",
                "high-tx 10.0.0.8 -> 198.51.100.50:443");
        for (JsonNode f : doc.get("findings")) {
            if (f.get("detector").asText().equals("beacon")) {
                assertThat(f.get("connections")).hasSize(30);
                assertThat(f.get("reason").asText()).contains("30 connections about every");
            }
        }
    }

    @Test
    void theTextReportNamesEachFindingWithItsReason(@TempDir Path dir) throws Exception {
        Cli r = Cli.run("analyze", connLog(dir).toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("4 findings in the 98 connections of ")
                .contains("[smtp-not-mailserver, score 75] 10.0.0.6 sends mail to "
                        + "198.51.100.25:25 over tcp directly (SMTP port 25); this host is not declared a mail server")
                .contains("has kept a connection to 198.51.100.40:443 over tcp open for 9 h 2 min");
    }

    @Test
    void aMissingFileIsOneClearLine() {
        Cli r = Cli.run("analyze", "/nonexistent/conn.log");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("/nonexistent/conn.log");
    }

    @Test
    void aPolicysRulesAllowAndAlert(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, String.join("\n",
                "version: 1",
                "rules:",
                "  - id: known-updater",
                "    action: allow",
                "    match: {remote.ip: 198.51.100.7, destination.port: 443}",
                "    reason: the updater checks in every minute",
                "  - id: no-direct-dns",
                "    action: alert",
                "    match: {source.ip: 10.0.0.9, service.name: dns}",
                "    reason: this host should use the DNS proxy",
                ""));
        Cli r = Cli.run("analyze", "--format", "json", "--policy", policy.toString(), connLog(dir).toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        List<String> detectors = new ArrayList<>();
        for (JsonNode f : doc.get("findings")) {
            detectors.add(f.get("detector").asText());
        }
        assertThat(detectors).doesNotContain("beacon").contains("smtp-not-mailserver", "long-connection", "high-tx");
        assertThat(detectors.stream().filter("policy"::equals)).as("one alert per DNS query").hasSize(25);
        JsonNode alert = null;
        for (JsonNode f : doc.get("findings")) {
            if (f.get("detector").asText().equals("policy")) {
                alert = f;
            }
        }
        assertThat(alert.get("severity").asText()).isEqualTo("medium");
        assertThat(alert.get("reason").asText()).endsWith(
                "this host should use the DNS proxy (policy rule no-direct-dns, alert)");
    }

    @Test
    void aBrokenPolicyStopsTheCommandWithItsProblemsAndExitCode2(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "version: 1\ninventory:\n  - {name: p, role: printr, ip: 10.0.0.300}\n");
        Cli r = Cli.run("analyze", "--policy", policy.toString(), connLog(dir).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(policy + ":3:").contains("printr").contains("10.0.0.300")
                .contains("connwatch does not run with a broken policy");
    }

    @Test
    void afterLearningADayANewDestinationAndAnUnknownHostStandOut(@TempDir Path dir) throws Exception {
        List<String> day1 = new ArrayList<>();
        List<String> day2 = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            day1.add(line(T0 + 600 * i, "10.0.0.5", 40000 + i, "198.51.100.7", 443, "tcp", "ssl", 1, 900, 5000));
            day1.add(line(T0 + 600 * i + 1, "10.0.0.9", 41000 + i, "10.0.0.1", 53, "udp", "dns", 0.01, 40, 120));
        }
        double t1 = T0 + 86_400;
        day2.add(line(t1, "10.0.0.5", 42000, "198.51.100.7", 443, "tcp", "ssl", 1, 900, 5000)); // as learned
        day2.add(line(t1 + 5, "10.0.0.9", 42001, "10.0.0.1", 53, "udp", "dns", 0.01, 40, 120)); // as learned
        day2.add(line(t1 + 10, "10.0.0.5", 42002, "203.0.113.66", 8443, "tcp", "-", 2, 300, 800)); // new
        day2.add(line(t1 + 20, "10.0.0.77", 42003, "198.51.100.7", 443, "tcp", "ssl", 1, 900, 5000)); // new host
        Path log1 = dir.resolve("day1.log");
        Path log2 = dir.resolve("day2.log");
        Files.writeString(log1, HEADER + "\n" + String.join("\n", day1) + "\n");
        Files.writeString(log2, HEADER + "\n" + String.join("\n", day2) + "\n");
        Path state = dir.resolve("state");

        Cli learn = Cli.run("learn", "--state-dir", state.toString(), "--from", log1.toString());
        assertThat(learn.exitCode()).as(learn.err()).isZero();
        Cli r = Cli.run("analyze", "--format", "json", "--state-dir", state.toString(), log2.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();

        JsonNode doc = new ObjectMapper().readTree(r.out());
        Set<String> found = new TreeSet<>();
        for (JsonNode f : doc.get("findings")) {
            found.add(f.get("detector").asText() + " " + f.at("/connections/0/source/ip").asText() + " -> "
                    + f.at("/connections/0/destination/ip").asText() + ":" + f.at("/connections/0/destination/port"));
        }
        assertThat(found).contains("new-destination 10.0.0.5 -> 203.0.113.66:8443")
                .anyMatch(f -> f.startsWith("unknown-program 10.0.0.77 -> "))
                .noneMatch(f -> f.contains("-> 10.0.0.1:53") || f.equals("new-destination 10.0.0.5 -> 198.51.100.7:443"));
    }

    @Test
    void anAcknowledgedBeaconDoesNotComeBack(@TempDir Path dir) throws Exception {
        Path log = connLog(dir);
        Path policy = dir.resolve("policy.yaml");
        assertThat(Cli.run("analyze", "--policy", policy.toString().replace("policy.yaml", "none.yaml"),
                log.toString()).err()).contains("none.yaml"); // a named policy must exist
        Cli ack = Cli.run("ack", "--policy", policy.toString(), "--id", "updater", "--reason", "the updater",
                "source.ip=10.0.0.5", "remote.ip=198.51.100.7", "destination.port=443");
        assertThat(ack.exitCode()).as(ack.err()).isZero();

        Cli r = Cli.run("analyze", "--policy", policy.toString(), log.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("3 findings").doesNotContain("[beacon");
    }
}
