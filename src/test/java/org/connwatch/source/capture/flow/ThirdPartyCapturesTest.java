package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;
import org.connwatch.source.capture.file.CaptureFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flow tracker on captures nobody on the team made (the nDPI and Slips samples in
 * {@code ../shared/captures}, skipped when that folder is absent), against two references:
 * <ul>
 *   <li>tshark's {@code -z conv,tcp} / {@code -z conv,udp} and its exact per-stream frame sums:
 *       the same conversations with the same frames and bytes each way;</li>
 *   <li>nDPI's expected output ({@code X.expected.out}): the same flows with the same packets each
 *       way, and for its HTTP and TLS flows with a host name, the same HTTP Host or TLS SNI.</li>
 * </ul>
 * On these files the agreement is complete (measured 2026-11: 2,338 of 2,338 tshark conversations,
 * 2,211 of 2,211 nDPI flows, 97 of 97 names), so the test asserts it whole. Differences would be
 * expected on other captures with TCP port reuse without FIN or RST (Wireshark splits a stream on
 * any new SYN sequence number), UDP idle gaps over a minute (connwatch ends the flow, tshark keeps
 * one conversation), IP fragments (tshark counts the reassembled datagram in the last fragment's
 * frame, connwatch the first fragment) and ICMP errors quoting a header (tshark may count them).
 */
class ThirdPartyCapturesTest {

    static Stream<Path> captures() throws IOException {
        Path dir = capturesFolder();
        if (dir == null) {
            return Stream.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted().toList()
                    .stream();
        }
    }

    private static Path capturesFolder() {
        for (Path p : List.of(Path.of("../shared/captures"), Path.of("../../shared/captures"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private static List<Connection> flows(Path file) throws IOException {
        RecordingListener listener = new RecordingListener();
        FlowTracker tracker = new FlowTracker(listener);
        CaptureFile.read(file, tracker);
        tracker.finish();
        return listener.ended();
    }

    @Test
    void theCapturesAreThere() throws IOException {
        Assumptions.assumeTrue(capturesFolder() != null, "no third-party captures in ../shared/captures");
        assertThat(captures()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void conversationsAgreeWithTshark(Path file) throws IOException {
        Assumptions.assumeTrue(TsharkConversations.available(), "no tshark");
        List<Connection> flows = flows(file);
        for (String t : List.of("tcp", "udp")) {
            List<TsharkConversations.Conversation> ours = FlowComparison.ours(flows, t.equals("tcp") ? Transport.TCP
                    : Transport.UDP);
            FlowComparison.Result table = FlowComparison.compare(TsharkConversations.table(file, t), ours, false);
            assertThat(table.exact()).as("%s conv,%s: %s", file.getFileName(), t, table).isTrue();
            FlowComparison.Result exact = FlowComparison.compare(TsharkConversations.exact(file, t), ours, true);
            assertThat(exact.exact()).as("%s exact %s: %s", file.getFileName(), t, exact).isTrue();
        }
    }

    /** The captures that come with nDPI's expected output (the Slips one has none). */
    static Stream<Path> capturesWithNdpiOutput() throws IOException {
        return captures().filter(p -> Files.exists(Path.of(p + ".expected.out")));
    }

    @ParameterizedTest
    @MethodSource("capturesWithNdpiOutput")
    void flowsPacketsAndNamesAgreeWithNdpi(Path file) throws IOException {
        Path expected = Path.of(file + ".expected.out");
        Map<String, Connection> byEnds = new HashMap<>();
        for (Connection c : flows(file)) {
            byEnds.put(key(c.transport().label(), c.local().ip() + ":" + c.local().port(),
                    c.remote().ip() + ":" + c.remote().port()), c);
        }
        List<String> problems = new ArrayList<>();
        for (NdpiExpected.Flow f : NdpiExpected.read(expected)) {
            Connection c = byEnds.get(key(f.transport(), f.a(), f.b()));
            if (c == null) {
                problems.add("no flow for " + f);
                continue;
            }
            boolean aIsLocal = (c.local().ip() + ":" + c.local().port()).equals(f.a());
            long fromA = aIsLocal ? c.traffic().packetsSent() : c.traffic().packetsReceived();
            long fromB = aIsLocal ? c.traffic().packetsReceived() : c.traffic().packetsSent();
            if (fromA != f.packetsA() || fromB != f.packetsB()) {
                problems.add("packets " + fromA + "/" + fromB + " for " + f);
            }
            boolean tls = f.protocol().startsWith("TLS");
            if (f.host() != null && f.transport().equals("tcp") && (tls || f.protocol().startsWith("HTTP"))) {
                String ours = tls ? c.flow().tlsServerName() : c.flow().httpHost();
                if (!f.host().equalsIgnoreCase(String.valueOf(ours))) {
                    problems.add("name " + ours + " for " + f);
                }
            }
        }
        assertThat(problems).as(file.getFileName().toString()).isEmpty();
    }

    /**
     * The beacon asks for testing.com before each connection, but only AAAA questions are in the
     * capture, all answered with no address: every connection has the server name, none a DNS name.
     */
    @Test
    void aBeaconsConnectionsCarryTheirServerNameButNoDnsNameWithoutAnAnswer() throws IOException {
        Path dir = capturesFolder();
        Assumptions.assumeTrue(dir != null && Files.exists(dir.resolve("semi-periodic-beacon.pcap")), "no capture");
        List<Connection> tls = flows(dir.resolve("semi-periodic-beacon.pcap")).stream()
                .filter(c -> c.transport() == Transport.TCP).toList();
        assertThat(tls).hasSize(22).allSatisfy(c -> {
            assertThat(c.flow().tlsServerName()).isEqualTo("testing.com");
            assertThat(c.flow().dnsName()).isNull();
            assertThat(c.enrichment().remoteDomain()).isEqualTo("testing.com");
        });
    }

    private static String key(String transport, String x, String y) {
        return transport + " " + (x.compareTo(y) < 0 ? x + " " + y : y + " " + x);
    }
}
