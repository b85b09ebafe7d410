package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.connwatch.lab.Lab;
import org.connwatch.lab.LabHost;
import org.connwatch.lab.LabProcess;
import org.connwatch.lab.LabRole;
import org.connwatch.lab.Sink;
import org.connwatch.records.Connection;
import org.connwatch.source.capture.file.CaptureFile;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Device;
import org.connwatch.records.Direction;
import org.connwatch.records.Transport;
import org.connwatch.source.capture.decode.Outcome;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices on a real (namespace) network: a laptop asks a DHCP server for its address with a host
 * name and vendor class, then connects to the server; captured on the switch's bridge (Ethernet
 * with real MACs) and inside the laptop on "any" as Linux cooked v2, the flows agree with tshark
 * and the laptop's flow carries its MAC, host name and vendor class, the server's end its MAC.
 */
class LabCaptureTest {
    private static final String HOST_NAME = "lab-laptop";
    private static final String VENDOR = "connwatch-test 1.0";

    @TempDir
    Path dir;

    @Test
    void dhcpNamesAndMacsLandOnTheFlowsOfEthernetAndCookedCaptures() throws Exception {
        Lab.assumeAvailable();
        TcpdumpCapture.unavailableReason().ifPresent(reason -> Assumptions.abort(reason));
        Path bridgeFile = dir.resolve("bridge.pcap");
        Path cookedFile = dir.resolve("laptop-any.pcap");
        String laptopMac;
        String serverMac;
        try (Lab lab = Lab.start()) {
            LabHost laptop = lab.addHost("laptop", LabRole.WORKSTATION, "10.77.0.10/24");
            LabHost server = lab.addHost("server", LabRole.SERVER, "10.77.0.20/24");
            laptopMac = laptop.exec("cat", "/sys/class/net/eth0/address").orThrow().stdout().strip();
            serverMac = server.exec("cat", "/sys/class/net/eth0/address").orThrow().stdout().strip();
            LabProcess sink = server.java(Sink.class, "8080");
            server.java(DhcpLabProgram.class, "server");
            try (TcpdumpCapture onBridge = TcpdumpCapture.start(netnsExec(lab.switchNamespace()), Lab.BRIDGE,
                    bridgeFile, List.of(), "");
                 TcpdumpCapture onLaptop = TcpdumpCapture.start(netnsExec(laptop.namespace()), "any", cookedFile,
                         List.of("-y", "LINUX_SLL2"), "")) {
                LabProcess client = laptop.java(DhcpLabProgram.class, "client", "10.77.0.20", laptopMac, HOST_NAME,
                        VENDOR, "8080");
                assertThat(client.firstLine()).isEqualTo("done");
                sink.awaitLine("closed", Duration.ofSeconds(10));
            }
        }

        for (Path file : List.of(bridgeFile, cookedFile)) {
            RecordingListener listener = new RecordingListener();
            FlowTracker tracker = new FlowTracker(listener);
            CaptureFile.read(file, tracker);
            tracker.finish();
            List<Connection> flows = listener.ended();
            for (String transport : List.of("tcp", "udp")) {
                FlowComparison.Result exact = FlowComparison.compare(TsharkConversations.exact(file, transport),
                        FlowComparison.ours(flows, transport.equals("tcp") ? Transport.TCP : Transport.UDP), true);
                assertThat(exact.exact()).as("%s %s: %s", file.getFileName(), transport, exact).isTrue();
            }
            Connection tcp = flows.stream().filter(c -> c.transport() == Transport.TCP).findFirst().orElseThrow();
            assertThat(tcp.direction()).isEqualTo(Direction.INTERNAL);
            assertThat(tcp.local().ip()).isEqualTo("10.77.0.10");
            assertThat(tcp.remote().port()).isEqualTo(8080);
            assertThat(tcp.state()).isIn(ConnectionState.TIME_WAIT, ConnectionState.FIN_WAIT1);
            assertThat(tcp.flow().local()).as(file.getFileName().toString())
                    .isEqualTo(new Device(laptopMac, HOST_NAME, VENDOR));
            assertThat(tcp.flow().remote()).isEqualTo(new Device(serverMac, null, null));
            Connection dhcp = flows.stream().filter(c -> c.transport() == Transport.UDP && c.remote().port() == 67)
                    .findFirst().orElseThrow();
            assertThat(dhcp.state()).isEqualTo(ConnectionState.ESTABLISHED);
            assertThat(dhcp.flow().local().hostName()).isEqualTo(HOST_NAME);
            assertThat(tracker.stats().dhcpMessages()).isEqualTo(2);
            assertThat(tracker.stats().packets(Outcome.MALFORMED)).isZero();
        }
    }

    private static List<String> netnsExec(String namespace) {
        String ip = List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip").stream()
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse("ip");
        return List.of(ip, "netns", "exec", namespace);
    }
}
