package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.connwatch.present.CsvExport;
import org.connwatch.present.ExportFields;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connwatch analyze} and {@code ls --from} on packet captures. The test records real
 * traffic with tcpdump on loopback ({@link NamedTraffic}: a DNS lookup answered by a responder in
 * the test, TCP and UDP exchanges with the server it named, an HTTP request, a TLS ClientHello),
 * and checks what connwatch makes of the file against tshark: the same conversations (5-tuples,
 * frames and bytes each way), the names on the right flows, and every output format. Recording
 * needs root, tcpdump and tshark (skipped otherwise). The golden files are the text outputs for the
 * committed recording {@code names.pcap} (made by {@link NamedTraffic#main}).
 */
class AnalyzeCaptureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    /** The recording made for this run, or null when it cannot be made here. */
    private static Path recorded;
    private static String skipReason;
    private static String net;
    private static NamedTraffic.Ports ports;

    @BeforeAll
    static void record() throws Exception {
        skipReason = TcpdumpRecording.unavailableReason().orElse(null);
        if (skipReason != null) {
            return;
        }
        net = "127.79." + ThreadLocalRandom.current().nextInt(100, 250) + ".";
        Path file = dir.resolve("names.pcap");
        try (NamedTraffic traffic = new NamedTraffic(net)) {
            try (TcpdumpRecording _ = TcpdumpRecording.start(List.of(), "lo", file, "net " + net + "0/24")) {
                traffic.run();
            }
            ports = traffic.ports();
        }
        recorded = file;
    }

    private static Path recording() {
        if (recorded == null) {
            abort(skipReason);
        }
        return recorded;
    }

    @Test
    void jsonFlowsAgreeWithTsharksConversationsAndCarryTheNames() throws Exception {
        Path file = recording();
        Cli r = Cli.run("analyze", file.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains(file + ": pcap: ").doesNotContain("warning");
        List<JsonNode> flows = new ArrayList<>();
        JSON.readTree(r.out()).get("flows").forEach(flows::add);
        assertThat(flows).hasSize(5);

        assertThat(Tshark.ofExport(flows)).containsExactlyInAnyOrderElementsOf(tshark(file));

        String server = net + "3";
        JsonNode data = flowTo(flows, "tcp", server, ports.data());
        assertThat(data.at("/dns/question/name").asText()).isEqualTo(NamedTraffic.DNS_NAME);
        assertThat(data.at("/remote/domain").asText()).isEqualTo(NamedTraffic.DNS_NAME);
        assertThat(data.at("/source/packets").asLong() + data.at("/destination/packets").asLong()).isGreaterThan(6);
        JsonNode echo = flowTo(flows, "udp", server, ports.echo());
        assertThat(echo.at("/source/packets").asLong()).isEqualTo(NamedTraffic.DATAGRAMS.length);
        assertThat(echo.at("/destination/packets").asLong()).isEqualTo(NamedTraffic.DATAGRAMS.length);
        assertThat(echo.at("/remote/domain").asText()).isEqualTo(NamedTraffic.DNS_NAME);
        JsonNode http = flowTo(flows, "tcp", server, ports.web());
        assertThat(http.at("/url/domain").asText()).isEqualTo(NamedTraffic.HTTP_HOST);
        assertThat(http.at("/remote/domain").asText()).isEqualTo(NamedTraffic.HTTP_HOST);
        assertThat(http.at("/dns/question/name").asText()).isEqualTo(NamedTraffic.DNS_NAME);
        assertThat(http.has("tls")).isFalse();
        JsonNode tls = flowTo(flows, "tcp", server, ports.tls());
        assertThat(tls.at("/tls/client/server_name").asText()).isEqualTo(NamedTraffic.TLS_NAME);
        assertThat(tls.at("/remote/domain").asText()).isEqualTo(NamedTraffic.TLS_NAME);
        assertThat(tls.has("url")).isFalse();
        JsonNode dns = flowTo(flows, "udp", net + "53", 53);
        assertThat(dns.at("/service/name").asText()).isEqualTo("domain");
        for (JsonNode f : flows) {
            assertThat(f.at("/observer/type").asText()).isEqualTo("capture");
            assertThat(f.at("/source/ip").asText()).as("the client began every flow").isEqualTo(net + "2");
        }
    }

    @Test
    void csvHasTheExportHeaderAndOneRowPerFlow() throws Exception {
        Path file = recording();
        Cli r = Cli.run("analyze", file.toString(), "--format", "csv");
        assertThat(r.exitCode()).as(r.err()).isZero();
        StringWriter header = new StringWriter();
        new CsvExport(ExportFields.ALL).writeHeader(header);
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst() + "\r\n").isEqualTo(header.toString());
        assertThat(lines).hasSize(1 + 5);
        List<String> names = List.of(lines.getFirst().split(","));
        int sourcePort = names.indexOf("source.port");
        int destinationPort = names.indexOf("destination.port");
        assertThat(lines.subList(1, lines.size()))
                .extracting(l -> Integer.parseInt(l.split(",", -1)[destinationPort]))
                .containsExactlyInAnyOrder(53, ports.data(), ports.echo(), ports.web(), ports.tls());
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> {
            assertThat(l.split(",", -1)).hasSize(names.size());
            assertThat(l.split(",", -1)[sourcePort]).isNotEmpty();
        });
    }

    @Test
    void textListsTheFlowsThenTheFindings() throws Exception {
        Path file = recording();
        Cli r = Cli.run("analyze", file.toString(), "--policy", policy().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Flows (5):");
        assertThat(lines.get(1).split(" +")).containsExactly("PROTO", "STATE", "LOCAL", "REMOTE", "SERVICE", "DIR",
                "DEVICE", "RX", "TX");
        assertThat(lines.subList(2, 7)).allSatisfy(l -> assertThat(l).matches("(tcp|udp) .*").contains(net + "2:"))
                .anySatisfy(l -> assertThat(l).contains(NamedTraffic.TLS_NAME + " (" + net + "3:" + ports.tls() + ")"));
        assertThat(lines.get(7)).isEmpty();
        assertThat(lines.get(8)).isEqualTo("1 finding in the 5 flows of " + file + ": 1 medium");
        assertThat(r.out()).contains("[policy, score 50]").contains("nothing here should talk to the secure site");

        Cli few = Cli.run("analyze", file.toString(), "--flows", "2");
        assertThat(few.out()).startsWith("The 2 largest of 5 flows (--flows all lists every one):\n");
        assertThat(Cli.run("analyze", file.toString(), "--flows", "0").out()).startsWith("No findings: nothing in "
                + "the 5 flows of " + file);
    }

    @Test
    void aCutOffCopyGivesTheFlowsSoFarAndAWarning() throws Exception {
        Path file = recording();
        byte[] whole = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        Cli r = Cli.run("analyze", cut.toString(), "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("the file is cut off at byte \\d+")
                .contains("warning: " + cut + " was not read to its end");
        long packets = 0;
        for (JsonNode f : JSON.readTree(r.out()).get("flows")) {
            packets += f.at("/source/packets").asLong() + f.at("/destination/packets").asLong();
        }
        List<Long> lengths = Tshark.fields(file, "", "frame.cap_len").stream().map(Long::parseLong).toList();
        long within = 0;
        long end = 24; // the pcap file header; each record is a 16-byte header and the bytes captured
        for (long length : lengths) {
            end += 16 + length;
            if (end > whole.length * 2 / 3) {
                break;
            }
            within++;
        }
        assertThat(packets).as("the packets wholly before the cut, by tshark's lengths").isPositive()
                .isEqualTo(within).isLessThan(lengths.size());
    }

    @Test
    void aFileThatIsNeitherACaptureNorAConnLogIsOneClearError() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not traffic\n");
        Cli r = Cli.run("analyze", text.toString());
        assertThat(r.exitCode()).isEqualTo(Main.FAILURE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly("connwatch analyze: " + text + ": not a pcap or pcapng "
                + "file: it begins with 68 65 6c 6c 6f 2c 20 74 (text); nor a Zeek conn.log (TSV with its #fields "
                + "header, or JSON lines)");
        Cli ls = Cli.run("ls", "--from", text.toString());
        assertThat(ls.exitCode()).isEqualTo(Main.FAILURE);
        assertThat(ls.err().lines()).hasSize(1);
    }

    @Test
    void aFlowsCountThatIsNotANumberIsOneLineAndExit2() {
        Cli r = Cli.run("analyze", "--flows", "abc", "whatever.pcap");
        assertThat(r.exitCode()).isEqualTo(Main.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly("connwatch analyze: --flows takes a count (0 or more) "
                + "or 'all', not 'abc' (see 'connwatch analyze --help')");
    }

    @Test
    void lsFromShowsTheFlowsWithTheirDevicesAndAsJson() throws Exception {
        Path file = recording();
        Cli table = Cli.run("ls", "--from", file.toString());
        assertThat(table.exitCode()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines.getFirst().split(" +")).containsExactly("PROTO", "STATE", "LOCAL", "REMOTE", "SERVICE", "DIR",
                "DEVICE", "RX", "TX", "FLAGS");
        assertThat(lines).hasSize(1 + 5 + 1);
        assertThat(lines.getLast()).isEqualTo("5 flows: 5 external");

        Cli json = Cli.run("ls", "--from", file.toString(), "--format", "json", "--udp");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode docs = JSON.readTree(json.out());
        assertThat(docs.isArray()).isTrue();
        assertThat(docs).hasSize(2).allSatisfy(d -> {
            assertThat(d.at("/network/transport").asText()).isEqualTo("udp");
            assertThat(d.at("/observer/type").asText()).isEqualTo("capture");
        });
    }

    @Test
    void theFixturesTextOutputsMatchTheirGoldenFiles() throws Exception {
        Path fixture = dir.resolve("fixture").resolve("names.pcap");
        Files.createDirectories(fixture.getParent());
        try (InputStream in = AnalyzeCaptureTest.class.getResourceAsStream("names.pcap")) {
            Files.copy(in, fixture);
        }
        Cli analyze = Cli.run("analyze", fixture.toString(), "--policy", policy().toString());
        assertThat(analyze.exitCode()).as(analyze.err()).isZero();
        assertThat(analyze.out().replace(fixture.toString(), "names.pcap")).isEqualTo(resource("analyze-names.txt"));
        Cli ls = Cli.run("ls", "--from", fixture.toString(), "--policy", policy().toString());
        assertThat(ls.exitCode()).as(ls.err()).isZero();
        assertThat(ls.out()).isEqualTo(resource("ls-from-names.txt"));

        assumeTrue(TcpdumpRecording.unavailableReason().filter(r -> r.contains("tshark")).isEmpty(), "needs tshark");
        List<JsonNode> flows = new ArrayList<>();
        Cli json = Cli.run("analyze", fixture.toString(), "--format", "json");
        JSON.readTree(json.out()).get("flows").forEach(flows::add);
        assertThat(Tshark.ofExport(flows)).containsExactlyInAnyOrderElementsOf(tshark(fixture));
    }

    /** A policy that alerts on flows to the TLS server's name (loopback addresses are on no block list). */
    private static Path policy() throws IOException {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, String.join("\n",
                "version: 1",
                "rules:",
                "  - id: no-secure",
                "    action: alert",
                "    match: {remote.domain: " + NamedTraffic.TLS_NAME + "}",
                "    reason: nothing here should talk to the secure site",
                ""));
        return policy;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AnalyzeCaptureTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Tshark.Conversation> tshark(Path file) throws IOException {
        List<Tshark.Conversation> all = new ArrayList<>();
        for (String transport : List.of("tcp", "udp")) {
            Tshark.conversations(file, transport).forEach(c -> all.add(c.normalised()));
        }
        return all;
    }

    private static JsonNode flowTo(List<JsonNode> flows, String transport, String ip, int port) {
        List<JsonNode> found = flows.stream().filter(f -> f.at("/network/transport").asText().equals(transport)
                && f.at("/destination/ip").asText().equals(ip) && f.at("/destination/port").asInt() == port).toList();
        assertThat(found).as("%s flows to %s:%d", transport, ip, port).hasSize(1);
        return found.getFirst();
    }
}
