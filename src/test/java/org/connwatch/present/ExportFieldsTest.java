package org.connwatch.present;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.present.Conns.CONTEXT;
import static org.connwatch.present.Conns.listener;
import static org.connwatch.present.Conns.tcp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Device;
import org.connwatch.records.Direction;
import org.connwatch.records.FlowDetails;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.TcpMetrics;
import org.connwatch.records.Traffic;
import org.junit.jupiter.api.Test;

class ExportFieldsTest {
    /** From the local end: 100 bytes sent in 2 packets, 5000 received in 6. */
    private static final Traffic TRAFFIC = new Traffic(100, 5000, 2, 6);

    private static List<String> names() {
        return ExportFields.ALL.stream().map(ExportField::name).toList();
    }

    /** The present values by name, in export order. */
    private static Map<String, Object> values(Connection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (ExportField f : ExportFields.ALL) {
            Object v = f.value().apply(c, CONTEXT);
            if (v != null) {
                m.put(f.name(), v);
            }
        }
        return m;
    }

    private static Connection traffic(Connection c) {
        return new Connection(c.observer(), c.transport(), c.state(), c.local(), c.remote(), c.direction(), TRAFFIC,
                c.firstSeen(), c.lastSeen(), c.process(), c.socket(), c.enrichment());
    }

    @Test
    void everyNameIsUnique() {
        assertThat(names()).doesNotHaveDuplicates();
    }

    @Test
    void namesAreDottedLowerCase() {
        assertThat(names()).allSatisfy(n -> assertThat(n).matches("[a-z0-9_@]+(\\.[a-z0-9_]+)*"));
        assertThat(names()).contains("@timestamp", "source.ip", "destination.port", "network.community_id",
                "process.parent.pid", "process.hash.sha256", "user.name");
    }

    @Test
    void fieldsSharingAFirstSegmentAreAdjacent() {
        List<String> groups = new ArrayList<>();
        for (String n : names()) {
            String first = n.split("\\.")[0];
            if (groups.isEmpty() || !groups.getLast().equals(first)) {
                groups.add(first);
            }
        }
        assertThat(groups).doesNotHaveDuplicates();
    }

    @Test
    void noNameIsAlsoAnotherNamesParent() {
        // "process.parent" and "process.parent.pid" could not both be nested in JSON
        Set<String> all = new HashSet<>(names());
        for (String n : names()) {
            for (int dot = n.indexOf('.'); dot > 0; dot = n.indexOf('.', dot + 1)) {
                assertThat(all).as(n).doesNotContain(n.substring(0, dot));
            }
        }
    }

    @Test
    void anOutboundConnectionsSourceIsTheLocalEnd() {
        Connection c = traffic(tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.0.0.5:51000",
                "93.184.215.14:443")).withEnrichment(Enrichment.NONE.withRemoteDomain("example.com"));

        Map<String, Object> v = values(c);

        assertThat(v).containsEntry("source.ip", "10.0.0.5").containsEntry("source.port", 51000)
                .containsEntry("source.bytes", 100L).containsEntry("source.packets", 2L)
                .containsEntry("destination.ip", "93.184.215.14").containsEntry("destination.port", 443)
                .containsEntry("destination.bytes", 5000L).containsEntry("destination.packets", 6L)
                .containsEntry("destination.domain", "example.com")
                .containsEntry("local.ip", "10.0.0.5").containsEntry("remote.ip", "93.184.215.14")
                .containsEntry("network.direction", "outbound").containsEntry("network.type", "ipv4")
                .containsEntry("network.transport", "tcp").containsEntry("tcp.state", "ESTABLISHED");
    }

    @Test
    void anInboundConnectionsSourceIsTheRemoteEnd() {
        Connection c = traffic(tcp(ConnectionState.ESTABLISHED, Direction.INBOUND, "10.0.0.5:22",
                "198.51.100.7:60000")).withEnrichment(Enrichment.NONE.withRemoteDomain("client.example"));

        Map<String, Object> v = values(c);

        // the client sent what this end received
        assertThat(v).containsEntry("source.ip", "198.51.100.7").containsEntry("source.port", 60000)
                .containsEntry("source.bytes", 5000L).containsEntry("source.packets", 6L)
                .containsEntry("destination.ip", "10.0.0.5").containsEntry("destination.port", 22)
                .containsEntry("destination.bytes", 100L).containsEntry("destination.packets", 2L)
                .containsEntry("remote.domain", "client.example")
                .containsEntry("local.ip", "10.0.0.5").containsEntry("remote.port", 60000);
        // the remote name belongs to the source here, not to the destination
        assertThat(v).doesNotContainKey("destination.domain");
    }

    @Test
    void aCapturedFlowCarriesMacsDevicesAndTheNamesAskedFor() {
        FlowDetails flow = new FlowDetails(new Device("3c:2a:f4:00:11:22", "NPI0A1B2C", "Hewlett-Packard JetDirect"),
                new Device("02:00:00:00:00:01", null, null), "cdn.example", "update.example", null, "SAFP");
        Connection inbound = tcp(ConnectionState.ESTABLISHED, Direction.INBOUND, "10.0.0.5:9100",
                "10.0.0.9:50000").withFlow(flow);

        Map<String, Object> v = values(inbound);

        assertThat(v).containsEntry("local.mac", "3c:2a:f4:00:11:22").containsEntry("local.device.name", "NPI0A1B2C")
                .containsEntry("local.device.vendor_class", "Hewlett-Packard JetDirect")
                .containsEntry("remote.mac", "02:00:00:00:00:01")
                .containsEntry("dns.question.name", "cdn.example").containsEntry("tls.client.server_name", "update.example")
                .containsEntry("tcp.flags", "SAFP").doesNotContainKeys("url.domain", "remote.device.name");
        // inbound: the initiator is the remote end, so its MAC is the source's
        assertThat(v).containsEntry("source.mac", "02:00:00:00:00:01")
                .containsEntry("destination.mac", "3c:2a:f4:00:11:22");
        assertThat(values(inbound.withDirection(Direction.OUTBOUND))).containsEntry("source.mac", "3c:2a:f4:00:11:22")
                .containsEntry("destination.mac", "02:00:00:00:00:01");
        assertThat(values(inbound.withFlow(null))).doesNotContainKeys("local.mac", "source.mac", "tcp.flags");
    }

    @Test
    void aListenerHasNoSource() {
        Map<String, Object> v = values(listener("[::]:443"));

        assertThat(v.keySet()).noneMatch(k -> k.startsWith("source."));
        assertThat(v.keySet()).noneMatch(k -> k.startsWith("remote."));
        assertThat(v).doesNotContainKeys("destination.bytes", "destination.packets", "network.community_id")
                .containsEntry("destination.ip", "::").containsEntry("destination.port", 443)
                .containsEntry("network.direction", "listening").containsEntry("network.type", "ipv6");
    }

    @Test
    void unknownCountsAreAbsentNotMinusOne() {
        Connection c = tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.0.0.5:51000", "93.184.215.14:443");

        assertThat(values(c)).doesNotContainKeys("source.bytes", "source.packets", "destination.bytes",
                "destination.packets", "process.pid", "socket.inode", "tcp.rtt_us", "service.name");
    }

    @Test
    void eventTimesAndTheHost() {
        Map<String, Object> v = values(listener("0.0.0.0:22"));

        assertThat(v).containsEntry("@timestamp", Conns.LAST).containsEntry("event.start", Conns.FIRST)
                .containsEntry("event.end", Conns.LAST).containsEntry("event.duration", 2_500_000_000L)
                .containsEntry("host.name", "box1").containsEntry("observer.type", "socket");
        assertThat(names().subList(0, 4)).containsExactly("@timestamp", "event.start", "event.end", "event.duration");
    }

    @Test
    void processSocketAndUserFields() {
        ProcessInfo p = new ProcessInfo(4242, 0, "nginx", "/usr/sbin/nginx", true, "nginx -g daemon off;", -2,
                "nobody", Conns.FIRST, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        TcpMetrics tcp = new TcpMetrics(1500, 300, 4, 9000, 1200, 7800, 640, 10, 12);
        Connection c = tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.0.0.5:51000", "93.184.215.14:443")
                .withProcess(p);
        c = new Connection(c.observer(), c.transport(), c.state(), c.local(), c.remote(), c.direction(), c.traffic(),
                c.firstSeen(), c.lastSeen(), c.process(), new SocketDetails(12345, -2, 0, 17, tcp), c.enrichment());

        Map<String, Object> v = values(c);

        assertThat(v).containsEntry("process.pid", 4242).containsEntry("process.name", "nginx")
                .containsEntry("process.executable", "/usr/sbin/nginx")
                .containsEntry("process.executable_deleted", true)
                .containsEntry("process.command_line", "nginx -g daemon off;")
                .containsEntry("process.start", Conns.FIRST)
                .containsEntry("process.hash.sha256", p.sha256())
                // uid -2 is 0xfffffffe as the kernel's unsigned uid_t: 4294967294
                .containsEntry("user.id", "4294967294").containsEntry("user.name", "nobody")
                .containsEntry("socket.uid", 4294967294L).containsEntry("socket.inode", 12345L)
                .containsEntry("socket.send_queue", 17L).containsEntry("socket.receive_queue", 0L)
                .containsEntry("tcp.rtt_us", 1500L).containsEntry("tcp.rttvar_us", 300L)
                .containsEntry("tcp.retransmits", 4L).containsEntry("tcp.bytes_acked", 7800L)
                .containsEntry("tcp.bytes_retransmitted", 1200L);
        // parent pid 0 means unknown
        assertThat(v).doesNotContainKey("process.parent.pid");
    }

    @Test
    void anUnknownUidIsNoUserId() {
        ProcessInfo p = new ProcessInfo(7, 1, "x", null, false, "", -1, null, null, null);
        Connection c = tcp(ConnectionState.ESTABLISHED, Direction.OUTBOUND, "10.0.0.5:51000", "93.184.215.14:443")
                .withProcess(p);

        assertThat(values(c)).doesNotContainKeys("user.id", "user.name", "process.executable_deleted")
                .containsEntry("process.parent.pid", 1);
    }
}
