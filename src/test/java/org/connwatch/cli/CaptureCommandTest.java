package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.connwatch.cli.NetnsPair.CLIENT;
import static org.connwatch.cli.NetnsPair.SERVER_1;
import static org.connwatch.cli.NetnsPair.SERVER_2;
import static org.connwatch.cli.NetnsPair.SERVER_IF;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.connwatch.source.capture.live.BpfCompiler;
import org.connwatch.source.capture.live.CaptureInterface;
import org.connwatch.source.capture.live.LiveCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code connwatch capture} end to end: the command runs in a child JVM inside a network namespace
 * ({@link NetnsPair}) and captures on its veth while a client in the other namespace talks to
 * servers there, with tcpdump recording the same interface for comparison. Checked: the flows
 * printed as NDJSON agree with tshark's conversations of the file written; the pcapng holds
 * byte for byte the packets tcpdump saw; {@code --only-suspicious} keeps exactly the packets of the
 * flow a block list flags; SIGTERM and Ctrl-C finish the output and the file and exit 0; and user
 * errors are one line with exit 2, a missing privilege one line with exit 1. Needs root, {@code
 * ip}, tcpdump and tshark; skipped otherwise.
 */
class CaptureCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(90);

    private static NetnsPair pair;
    private static ChildProcess servers;
    private static String skipReason;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildNetwork() throws IOException {
        skipReason = NetnsPair.unavailableReason().or(TcpdumpRecording::unavailableReason)
                .orElse(LiveCapture.isAvailable() ? null
                        : "live capture unavailable: " + LiveCapture.unavailabilityCause());
        if (skipReason != null) {
            return;
        }
        pair = NetnsPair.create();
        servers = serverSide();
    }

    private static ChildProcess serverSide() throws IOException {
        List<String> cmd = new ArrayList<>(NetnsPair.inside(pair.b()));
        cmd.addAll(ChildProcess.java(NetnsPeer.class, "serve", "tcp:" + SERVER_1 + ":443", "tcp:" + SERVER_2 + ":443",
                "udp:" + SERVER_1 + ":123", "udp:" + SERVER_2 + ":123"));
        ChildProcess p = ChildProcess.start("servers", cmd);
        p.awaitOut("ready"::equals, START);
        return p;
    }

    @AfterAll
    static void removeNetwork() {
        if (servers != null) {
            servers.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private static void assumeNetwork() {
        if (pair == null) {
            abort(skipReason);
        }
    }

    @Test
    void printsEachFlowAsNdjsonAndWritesThePacketsTcpdumpSaw() throws Exception {
        assumeNetwork();
        Path ours = dir.resolve("all.pcapng");
        Path theirs = dir.resolve("tcpdump.pcap");
        ChildProcess capture;
        try (ChildProcess client = client("tcp:" + SERVER_1 + ":443:5000", "tcp:" + SERVER_2 + ":443:3000",
                "udp:" + SERVER_1 + ":123:400");
             TcpdumpRecording _ = TcpdumpRecording.start(NetnsPair.inside(pair.b()), SERVER_IF, theirs, "")) {
            capture = capture("--write", ours.toString(), "--duration", "6s", "--format", "ndjson");
            go(client);
            assertThat(capture.awaitExit(EXIT)).as(String.join("\n", capture.err())).isZero();
        }
        List<JsonNode> flows = documents(capture).stream().filter(d -> !d.at("/event/kind").asText().equals("alert"))
                .toList();
        assertThat(flows).hasSize(3).allSatisfy(f -> {
            assertThat(f.at("/observer/type").asText()).isEqualTo("capture");
            assertThat(f.at("/source/ip").asText()).isEqualTo(CLIENT);
            assertThat(f.at("/network/direction").asText()).isEqualTo("outbound");
        });
        List<Tshark.Conversation> tshark = new ArrayList<>();
        for (String transport : List.of("tcp", "udp")) {
            Tshark.conversations(ours, transport).forEach(c -> tshark.add(c.normalised()));
        }
        assertThat(Tshark.ofExport(flows)).containsExactlyInAnyOrderElementsOf(tshark);

        assertThat(packetDump(ours, "")).as("the packets and their bytes, as tcpdump reads them")
                .isEqualTo(packetDump(theirs, "")).isNotEmpty();
        Cli replay = Cli.run("analyze", ours.toString(), "--format", "json", "--policy", emptyPolicy(dir).toString(),
                "--state-dir", dir.resolve("state").toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        List<JsonNode> replayed = new ArrayList<>();
        JSON.readTree(replay.out()).get("flows").forEach(replayed::add);
        assertThat(replayed).as("the file replayed gives the flows seen live, field for field")
                .containsExactlyInAnyOrderElementsOf(flows);

        List<String> interfaces = Tshark.fields(ours, "", "frame.interface_name");
        assertThat(interfaces).as("each packet names its interface").isNotEmpty().containsOnly(SERVER_IF);
        assertThat(capture.err()).contains("connwatch capture: wrote " + interfaces.size() + " packets to " + ours);
    }

    @Test
    void onlySuspiciousWritesExactlyThePacketsOfTheFlaggedFlow() throws Exception {
        assumeNetwork();
        Path blocklist = dir.resolve("blocked.txt");
        Files.writeString(blocklist, "# the test's bad server\n" + SERVER_1 + "\n");
        Path ours = dir.resolve("flagged.pcapng");
        Path theirs = dir.resolve("tcpdump.pcap");
        ChildProcess capture;
        List<String> sent;
        try (ChildProcess client = client("tcp:" + SERVER_1 + ":443:5000", "tcp:" + SERVER_2 + ":443:3000",
                "udp:" + SERVER_2 + ":123:400");
             TcpdumpRecording _ = TcpdumpRecording.start(NetnsPair.inside(pair.b()), SERVER_IF, theirs, "")) {
            capture = capture("--write", ours.toString(), "--only-suspicious", "--blocklist", blocklist.toString(),
                    "--duration", "6s", "--format", "ndjson");
            sent = go(client);
            assertThat(capture.awaitExit(EXIT)).as(String.join("\n", capture.err())).isZero();
        }
        List<JsonNode> alerts = documents(capture).stream()
                .filter(d -> d.at("/event/kind").asText().equals("alert")).toList();
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.getFirst();
        assertThat(alert.get("detector").asText()).isEqualTo("blocklist");
        assertThat(alert.at("/rule/id").asText()).isEqualTo("blocklist");
        assertThat(alert.at("/connections/0/destination/ip").asText()).isEqualTo(SERVER_1);
        assertThat(documents(capture)).hasSize(1 + 3);

        String flagged = sent.stream().filter(l -> l.endsWith(" " + SERVER_1 + ":443")).findFirst().orElseThrow();
        String clientPort = flagged.split(" ")[2].split(":")[1];
        String flow = "ip.addr == " + SERVER_1 + " && tcp.port == 443 && tcp.port == " + clientPort;
        List<String> written = Tshark.fields(ours, "", "frame.number");
        assertThat(Tshark.fields(ours, flow, "frame.number")).as("every packet written is of the flagged flow")
                .isEqualTo(written).isNotEmpty();
        assertThat(written).as("and all of its packets are there")
                .hasSameSizeAs(Tshark.fields(theirs, flow, "frame.number"));
        assertThat(packetDump(ours, "")).as("byte for byte")
                .isEqualTo(packetDump(theirs, "host " + SERVER_1 + " and tcp port " + clientPort));
        assertThat(alert.at("/connections/0/source/port").asText()).isEqualTo(clientPort);
    }

    @Test
    void sigtermAndCtrlCFinishTheOutputAndTheFileAndExit0() throws Exception {
        assumeNetwork();
        for (String signal : List.of("TERM", "INT")) {
            Path ours = dir.resolve(signal + ".pcapng");
            String format = signal.equals("TERM") ? "ndjson" : "text";
            try (ChildProcess client = client("tcp:" + SERVER_1 + ":443:4000", "udp:" + SERVER_2 + ":123:300");
                 ChildProcess capture = capture("--write", ours.toString(), "--format", format)) {
                go(client);
                Thread.sleep(300); // the packets reach the capture's ring
                capture.signal(signal);
                assertThat(capture.awaitExit(EXIT)).as("SIG%s: %s", signal, capture.err()).isZero();

                long packets = Tshark.fields(ours, "", "frame.number").size(); // fails on a cut-off file
                assertThat(packets).isPositive();
                assertThat(capture.err()).as("SIG" + signal)
                        .contains("connwatch capture: wrote " + packets + " packets to " + ours);
                long inFlows;
                if (format.equals("ndjson")) {
                    List<JsonNode> flows = documents(capture);
                    assertThat(flows).hasSize(2);
                    inFlows = flows.stream().mapToLong(f -> f.at("/source/packets").asLong()
                            + f.at("/destination/packets").asLong()).sum();
                } else {
                    List<String> out = capture.out();
                    assertThat(out).filteredOn(l -> l.matches("\\d\\d:\\d\\d:\\d\\d  (tcp|udp) .*")).hasSize(2);
                    assertThat(out.getLast())
                            .startsWith("No findings: nothing in the 2 flows captured on " + SERVER_IF);
                    inFlows = -1;
                }
                if (inFlows >= 0) {
                    assertThat(inFlows).as("the flows count every IP packet in the file")
                            .isEqualTo(Tshark.fields(ours, "ip", "frame.number").size());
                }
            }
        }
    }

    @Test
    void userErrorsAreOneLineAndExit2() throws Exception {
        Cli noWrite = Cli.run("capture", "--only-suspicious", "-i", "lo");
        assertThat(noWrite.exitCode()).isEqualTo(Main.USAGE);
        assertThat(noWrite.err().lines().toList()).containsExactly("connwatch capture: --only-suspicious needs "
                + "--write FILE.pcapng: it chooses what is written (see 'connwatch capture --help')");

        assumeTrue(LiveCapture.isAvailable(), () -> "live capture unavailable: " + LiveCapture.unavailabilityCause());
        Path policy = emptyPolicy(dir);
        String state = dir.resolve("state").toString();
        Cli noSuch = Cli.run("capture", "-i", "nosuchif", "--policy", policy.toString(), "--state-dir", state);
        assertThat(noSuch.exitCode()).isEqualTo(Main.USAGE);
        String names = String.join(", ", LiveCapture.interfaces().stream().map(CaptureInterface::name).toList());
        assertThat(noSuch.err().lines().toList()).containsExactly("connwatch capture: no network interface "
                + "\"nosuchif\"; this host has: " + names + " (see 'connwatch capture --help')");
        assertThat(noSuch.out()).isEmpty();

        assumeTrue(BpfCompiler.isAvailable(), () -> "libpcap missing: " + BpfCompiler.unavailabilityCause());
        Cli badFilter = Cli.run("capture", "-i", "lo", "--filter", "tcp port", "--policy", policy.toString(),
                "--state-dir", state);
        assertThat(badFilter.exitCode()).isEqualTo(Main.USAGE);
        assertThat(badFilter.err().lines()).hasSize(1);
        assertThat(badFilter.err()).startsWith("connwatch capture: capture filter \"tcp port\": ");
    }

    @Test
    void aFileThatCannotBeWrittenIsOneLineAndExit1() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "opening a live capture needs root");
        assumeTrue(LiveCapture.isAvailable(), () -> "live capture unavailable: " + LiveCapture.unavailabilityCause());
        Path nowhere = dir.resolve("no-such-folder").resolve("out.pcapng");
        Cli r = Cli.run("capture", "-i", "lo", "--write", nowhere.toString(), "--duration", "1s", "--policy",
                emptyPolicy(dir).toString(), "--state-dir", dir.resolve("state").toString());
        assertThat(r.exitCode()).isEqualTo(Main.FAILURE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly("connwatch capture: cannot write " + nowhere
                + ": its folder does not exist");
    }

    @Test
    void withoutCapNetRawItSaysWhatToGrantAndExits1() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to the user nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        assumeTrue(LiveCapture.isAvailable(), () -> "live capture unavailable: " + LiveCapture.unavailabilityCause());
        // nobody cannot read root's Maven repository or work tree: it gets a readable copy of the class path.
        Path app = dir.resolve("app");
        List<String> classPath = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path from = Path.of(entry);
            if (!Files.exists(from) || from.toString().contains("test-classes")) {
                continue;
            }
            Path to = app.resolve(n++ + "-" + from.getFileName());
            copy(from, to);
            classPath.add(to.toString());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups",
                "env", "HOME=" + dir, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", String.join(":", classPath), Main.class.getName(),
                "capture", "-i", "lo", "--duration", "2s"));
        try (ChildProcess p = ChildProcess.start("nobody-capture", cmd)) {
            assertThat(p.awaitExit(EXIT)).as(String.join("\n", p.err())).isEqualTo(Main.FAILURE);
            assertThat(p.out()).isEmpty();
            assertThat(p.err()).hasSize(1);
            assertThat(p.err().getFirst()).startsWith("connwatch capture: live capture needs CAP_NET_RAW: run as root "
                    + "or give the java binary the capability (setcap cap_net_raw+ep ").endsWith("(errno 1)]");
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Starts {@code connwatch capture} on the server side's veth; returns once it captures. */
    private ChildProcess capture(String... options) throws IOException {
        List<String> cmd = new ArrayList<>(NetnsPair.inside(pair.b()));
        // A JVM started from a background job inherits SIGINT ignored; Ctrl-C is tested, so it gets it back.
        cmd.addAll(List.of("env", "--default-signal=INT"));
        List<String> args = new ArrayList<>(List.of("capture", "-i", SERVER_IF, "--policy", emptyPolicy(dir).toString(),
                "--state-dir", dir.resolve("state").toString()));
        args.addAll(List.of(options));
        cmd.addAll(ChildProcess.java(Main.class, args.toArray(String[]::new)));
        ChildProcess p = ChildProcess.start("capture", cmd);
        try {
            p.awaitErr(l -> l.startsWith("connwatch capture: capturing on " + SERVER_IF), START);
        } catch (IOException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** A client in the other namespace, ready to make these exchanges ({@link NetnsPeer}). */
    private static ChildProcess client(String... exchanges) throws IOException {
        List<String> cmd = new ArrayList<>(NetnsPair.inside(pair.a()));
        List<String> args = new ArrayList<>(List.of("send"));
        args.addAll(List.of(exchanges));
        cmd.addAll(ChildProcess.java(NetnsPeer.class, args.toArray(String[]::new)));
        ChildProcess p = ChildProcess.start("client", cmd);
        p.awaitOut("ready"::equals, START);
        return p;
    }

    /** Makes the client's exchanges; its {@code sent PROTO LOCAL REMOTE} lines. */
    private static List<String> go(ChildProcess client) throws IOException {
        client.send("go");
        client.awaitOut("done"::equals, START);
        return client.out().stream().filter(l -> l.startsWith("sent ")).toList();
    }

    private static Path emptyPolicy(Path dir) throws IOException {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, "version: 1\n");
        return policy;
    }

    /** Every line the capture printed, each a JSON document. */
    private static List<JsonNode> documents(ChildProcess capture) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        for (String line : capture.out()) {
            JsonNode d = JSON.readTree(line);
            assertThat(d.isObject()).as(line).isTrue();
            docs.add(d);
        }
        return docs;
    }

    /** {@code tcpdump -r FILE -t -nn -xx [FILTER]}: each packet's summary and every byte, without its time. */
    private static List<String> packetDump(Path file, String filter) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tcpdump", "-r", file.toString(), "-t", "-nn", "-xx"));
        if (!filter.isBlank()) {
            cmd.add(filter);
        }
        return List.of(NetnsPair.run(cmd.toArray(String[]::new)).split("\n"));
    }
}
