package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.testing.TcpPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code connwatch ls} run in-process against this machine's real sockets. */
class LsCommandTest {
    private static final long OUR_PID = ProcessHandle.current().pid();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jsonShowsDirectionsProcessBytesAndEcsFieldsOfRealSockets() throws Exception {
        try (TcpPair pair = TcpPair.open("127.0.0.1", 7_000, 300)) {
            Cli r = Cli.run("ls", "--format", "json", "--port", Integer.toString(pair.listenPort));
            assertThat(r.exitCode()).as(r.err()).isZero();
            List<JsonNode> docs = new ArrayList<>();
            json.readTree(r.out()).forEach(docs::add);
            assertThat(docs).hasSize(3); // the listener, the accepted end, the client end

            JsonNode listener = only(docs, "listening");
            assertThat(listener.at("/destination/port").asInt()).isEqualTo(pair.listenPort);
            assertThat(listener.has("source")).isFalse();
            assertThat(listener.at("/process/pid").asLong()).isEqualTo(OUR_PID);
            assertThat(listener.at("/process/hash/sha256").asText()).hasSize(64);

            JsonNode outbound = only(docs, "outbound");
            assertThat(outbound.at("/source/port").asInt()).isEqualTo(pair.clientPort);
            assertThat(outbound.at("/source/bytes").asLong()).isEqualTo(7_000);
            assertThat(outbound.at("/destination/bytes").asLong()).isEqualTo(300);
            assertThat(outbound.at("/network/transport").asText()).isEqualTo("tcp");
            assertThat(outbound.at("/network/type").asText()).isEqualTo("ipv4");
            assertThat(outbound.at("/network/community_id").asText()).startsWith("1:");
            assertThat(outbound.at("/remote/class").asText()).isEqualTo("loopback");
            assertThat(outbound.at("/observer/type").asText()).isEqualTo("socket");
            assertThat(outbound.at("/process/name").asText()).isEqualTo("java");
            assertThat(outbound.at("/user/name").asText()).isEqualTo(System.getProperty("user.name"));

            JsonNode inbound = only(docs, "inbound");
            // The same connection seen from the server: the same ECS source, destination and Community ID.
            assertThat(inbound.at("/source/port").asInt()).isEqualTo(pair.clientPort);
            assertThat(inbound.at("/source/bytes").asLong()).isEqualTo(7_000);
            assertThat(inbound.at("/network/community_id").asText())
                    .isEqualTo(outbound.at("/network/community_id").asText());
        }
    }

    @Test
    void tableHasTheColumnsAndAClosingSummary() throws Exception {
        try (TcpPair pair = TcpPair.open("::1", 2048, 0)) {
            Cli r = Cli.run("ls", "--port", Integer.toString(pair.listenPort), "--sort", "dir");
            assertThat(r.exitCode()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines.get(0)).matches("PROTO +STATE +LOCAL +REMOTE +SERVICE +DIR +PROCESS +USER +RX +TX +FLAGS");
            assertThat(lines).hasSize(5);
            assertThat(lines.get(1)).contains("LISTEN", "[::1]:" + pair.listenPort, "*:*", "listening",
                    OUR_PID + "/java");
            assertThat(lines.get(3)).contains("ESTABLISHED", "outbound", "2.0 KiB");
            assertThat(lines.get(4)).isEqualTo("3 sockets: 1 listening, 1 inbound, 1 outbound");
            assertThat(r.out()).doesNotContain("\u001b[");
        }
    }

    @Test
    void filtersCombineAndCsvHasOneRowPerSocket() throws Exception {
        try (TcpPair pair = TcpPair.open("127.0.0.1", 10, 10);
             DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int udpPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            String ports = pair.listenPort + "," + udpPort;

            assertThat(rows("--port", ports)).isEqualTo(4);
            assertThat(rows("--port", ports, "--udp")).isEqualTo(1);
            assertThat(rows("--port", ports, "--tcp", "--established")).isEqualTo(2);
            assertThat(rows("--port", ports, "--listening")).isEqualTo(2); // TCP LISTEN and unconnected UDP
            assertThat(rows("--port", ports, "--remote", "127.0.0.0/8")).isEqualTo(2);
            assertThat(rows("--port", ports, "--remote", "10.0.0.0/8")).isZero();
            assertThat(rows("--port", ports, "--public")).isZero();
            assertThat(rows("--port", ports, "--process", Long.toString(OUR_PID))).isEqualTo(4);
            assertThat(rows("--port", ports, "--process", "JAV")).isEqualTo(4);
            assertThat(rows("--port", ports, "--process", "no-such-program")).isZero();
        }
    }

    @Test
    void sortsByBytesLargestFirst() throws Exception {
        try (TcpPair small = TcpPair.open("127.0.0.1", 100, 0);
             TcpPair big = TcpPair.open("127.0.0.1", 900_000, 0)) {
            Cli r = Cli.run("ls", "--format", "csv", "--established", "--port",
                    small.listenPort + "," + big.listenPort, "--sort", "tx");
            List<String> lines = r.out().lines().toList();
            assertThat(lines.get(1)).contains("," + big.clientPort + ",");
            assertThat(lines.get(2)).contains("," + small.clientPort + ",");
        }
    }

    @Test
    void watchRedrawsTheTable() throws Exception {
        try (TcpPair pair = TcpPair.open("127.0.0.1", 1, 1)) {
            Cli r = Cli.run("ls", "--watch", "0.1", "--watch-count", "2", "--port", Integer.toString(pair.listenPort));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out().split("\u001b\\[H\u001b\\[2J", -1)).hasSize(3);
            assertThat(r.out().lines().filter(l -> l.startsWith("PROTO")).count()).isEqualTo(2);
        }
    }

    @Test
    void resolvesLoopbackNamesWhenAsked() throws Exception {
        try (TcpPair pair = TcpPair.open("127.0.0.1", 1, 1)) {
            Cli r = Cli.run("ls", "--resolve", "--established", "--format", "json",
                    "--port", Integer.toString(pair.listenPort));
            JsonNode docs = json.readTree(r.out());
            assertThat(docs).hasSize(2);
            for (JsonNode d : docs) {
                assertThat(d.at("/remote/domain").asText()).isNotEmpty().doesNotContain("127.0.0.1");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ls --remote 10.0.0/33|'10.0.0/33'",
        "ls --remote 10.0.0.0/33|the prefix length 33 is more than 32",
        "ls --port 70000|'70000' is not a port",
        "ls --port nosuchservice|'nosuchservice' is neither a port number nor a known service name",
        "ls --sort colour|unknown column 'colour'",
        "ls --format xml|xml",
        "ls --bogus|Unknown option: '--bogus'",
        "ls --watch 0|--watch 0.0 is outside",
        "ls --resolve-timeout -5|--resolve-timeout -5 is outside",
        "frobnicate|frobnicate",
    })
    void badArgumentsGetOneClearLineAndExitCode2(String args, String expected) {
        Cli r = Cli.run(args.split(" "));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains(expected);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void versionAndHelp() {
        Cli v = Cli.run("--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).startsWith("connwatch 0.1.0").contains("Java 25");
        Cli h = Cli.run("ls", "--help");
        assertThat(h.exitCode()).isZero();
        assertThat(h.out()).contains("--listening", "--remote=CIDR", "--format=FORMAT", "--watch");
        Cli top = Cli.run();
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("ls");
    }

    private static long rows(String... filter) {
        List<String> args = new ArrayList<>(List.of("ls", "--format", "csv"));
        args.addAll(List.of(filter));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.out().lines().count() - 1;
    }

    private static JsonNode only(List<JsonNode> docs, String direction) {
        List<JsonNode> match = docs.stream()
                .filter(d -> d.at("/network/direction").asText().equals(direction)).toList();
        assertThat(match).as(direction).hasSize(1);
        return match.get(0);
    }
}
