package org.connwatch.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard scenario seen from the network: tcpdump on the lab's bridge records it, and
 * tshark's dissection of the file shows what a network sensor names devices and flows by, each
 * on the right host: fixed MAC addresses, DHCP host names and vendor classes, DNS answers, TLS
 * server names, HTTP Host headers, and the internet host's connection to the printer's 31337.
 * Skipped, with the reason, without root and namespaces, tcpdump or tshark.
 */
class LabCaptureTest {

    @Test
    void theBridgeSeesNamesAndDevices(@TempDir Path dir) throws Exception {
        Lab.assumeAvailable();
        Path tcpdumpBinary = Tshark.which("tcpdump").orElse(null);
        Assumptions.assumeTrue(tcpdumpBinary != null, "no tcpdump (Debian package tcpdump)");
        Assumptions.assumeTrue(Tshark.binary().isPresent(), "no tshark (Debian package tshark)");
        Path pcap = dir.resolve("bridge.pcap");
        try (Lab lab = Lab.start()) {
            // -Z root: write the file as root, not as the tcpdump user (who cannot write the test's folder)
            LabProcess tcpdump = lab.spawnInSwitch("tcpdump", List.of(tcpdumpBinary.toString(), "-i", Lab.BRIDGE,
                    "-n", "-U", "-s", "0", "-B", "65536", "-Z", "root", "-w", pcap.toString()));
            tcpdump.awaitErrorText("listening on " + Lab.BRIDGE, Duration.ofSeconds(30));
            try (LabScenario scenario = LabScenario.standard(lab)) {
                awaitBeacons(scenario, 3);
            }
            assertThat(tcpdump.stop(Duration.ofSeconds(10))).as("tcpdump's exit code").isZero();
        }

        // Every host's frames come from its own fixed MAC address.
        Map<String, Set<String>> macsByAddress = new HashMap<>();
        for (List<String> row : Tshark.fields(pcap, "ip", "ip.src", "eth.src")) {
            macsByAddress.computeIfAbsent(row.get(0), k -> new TreeSet<>()).add(row.get(1));
        }
        for (LabScenario.HostSpec h : LabScenario.STANDARD_HOSTS) {
            assertThat(macsByAddress.get(h.address())).as("MACs of %s", h.name()).containsExactly(h.mac());
        }

        // Each LAN host announced its name and vendor class in DHCP, from its MAC (frame source, then
        // chaddr and the client identifier, which tshark both calls dhcp.hw.mac_addr); the internet host did not.
        List<String> dhcp = Tshark.lines(Tshark.fields(pcap, "dhcp", "eth.src", "ip.src", "udp.srcport", "ip.dst",
                "udp.dstport", "dhcp.hw.mac_addr", "dhcp.option.dhcp", "dhcp.option.hostname",
                "dhcp.option.vendor_class_id"));
        List<String> expectedDhcp = LabScenario.STANDARD_HOSTS.stream().filter(h -> h.dhcp() != null)
                .map(h -> h.mac() + " " + h.address() + " 68 255.255.255.255 67 " + h.mac() + "," + h.mac() + " "
                        + (h.dhcp().messageType().equals("inform") ? 8 : 3) + " " + h.dhcp().hostName() + " "
                        + h.dhcp().vendorClass())
                .toList();
        assertThat(dhcp).containsExactlyInAnyOrderElementsOf(expectedDhcp);
        assertThat(dhcp).anySatisfy(l -> assertThat(l).contains("HP-LaserJet-M404 Hewlett-Packard JetDirect"));

        // The DNS server's authoritative answers, each to the client that asked: "client name rcode address".
        Set<String> answers = new TreeSet<>(Tshark.lines(Tshark.fields(pcap,
                "dns.flags.response == 1 && dns.flags.authoritative == 1", "ip.dst", "dns.qry.name", "dns.flags.rcode",
                "dns.a")));
        assertThat(answers).contains(
                "10.77.0.10 updates.example.test 0 198.51.100.80",
                "10.77.0.20 mail.corp.example.test 0 10.77.0.25",
                "10.77.0.20 cdn-check.example.test 0 198.51.100.80",
                "10.77.0.20 intranet.example.test 0 10.77.0.30",
                "10.77.0.25 mx.example.test 0 198.51.100.80");
        // The server's own lookup (for its upload) goes over its loopback: not on the bridge.
        assertThat(answers).noneMatch(a -> a.startsWith("10.77.0.30 "));

        // TLS server names, each on its connection.
        assertThat(Tshark.lines(Tshark.fields(pcap, "tls.handshake.type == 1", "ip.src", "ip.dst", "tcp.dstport",
                "tls.handshake.extensions_server_name"))).contains(
                "10.77.0.10 198.51.100.80 443 updates.example.test",
                "10.77.0.20 10.77.0.30 443 intranet.example.test");

        // HTTP requests with their Host: the beacon's GETs and the upload's PUT (on 8443, decoded as
        // HTTP; without reassembly, which would take tshark most of a minute over the 50 MiB body).
        List<String> http = Tshark.lines(Tshark.fields(pcap, "http.request",
                List.of("-d", "tcp.port==8443,http", "-o", "tcp.desegment_tcp_streams:FALSE"),
                "ip.src", "ip.dst", "tcp.dstport", "http.request.method", "http.host"));
        assertThat(http.stream().filter(l -> l.equals("10.77.0.20 198.51.100.80 80 GET cdn-check.example.test")))
                .as("beacons in %s", http).hasSizeGreaterThanOrEqualTo(3);
        assertThat(http).contains("10.77.0.30 198.51.100.80 8443 PUT backup.example.test");

        // The internet host's connection to the printer's unexpected listener, and the line it sent.
        assertThat(Tshark.lines(Tshark.fields(pcap, "tcp.dstport == 31337 && tcp.flags.syn == 1 && tcp.flags.ack == 0",
                "eth.src", "ip.src", "eth.dst", "ip.dst"))).containsExactly(
                "02:77:00:00:00:80 198.51.100.80 02:77:00:00:00:10 10.77.0.10");
        assertThat(Tshark.lines(Tshark.fields(pcap, "tcp.dstport == 31337 && tcp.len > 0", "tcp.payload")))
                .containsExactly(hex("USER admin\r\n"));
    }

    /** Waits until the beacon's server has accepted {@code count} beacons. */
    static void awaitBeacons(LabScenario scenario, int count) throws IOException {
        LabProcess c2 = scenario.program("internet-c2");
        int[] seen = {0};
        c2.awaitLine(l -> l.startsWith("accept ") && ++seen[0] >= count,
                Duration.ofMillis(LabScenario.BEACON_EVERY_MS * (count + 3)));
    }

    private static String hex(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            sb.append(String.format(java.util.Locale.ROOT, "%02x", b));
        }
        return sb.toString();
    }
}
