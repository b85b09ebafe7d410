package org.connwatch.store;

import java.time.Instant;
import java.util.List;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Device;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.FlowDetails;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.TcpMetrics;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/** Records for the store's tests: connections of a few programs to a few hosts, and findings about them. */
final class Samples {

    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    static final String SHA = "ab".repeat(32);

    private Samples() {
    }

    /** An outbound TCP connection of {@code program} to {@code remoteIp}:443 named {@code domain}, seen over [first, last]. */
    static Connection socket(String program, String remoteIp, String domain, Instant first, Instant last, long sent,
                             long received) {
        ProcessInfo p = new ProcessInfo(4242, 1, program, "/usr/bin/" + program, false, program + " --url https://"
                + domain + "/", 1000, "alice", T0.minusSeconds(3600), SHA);
        return new Connection(ObserverType.SOCKET, Transport.TCP, ConnectionState.ESTABLISHED,
                Endpoint.of("192.168.1.10", 40000 + Math.abs(remoteIp.hashCode() % 20000)), Endpoint.of(remoteIp, 443),
                Direction.OUTBOUND, new Traffic(sent, received, 10, 12), first, last, p,
                new SocketDetails(123456, 1000, 17, 3,
                new TcpMetrics(1500, 300, 2, sent + 100, 100, sent, received, 10, 12)), new Enrichment("https",
                AddressClass.PUBLIC, domain), null);
    }

    /** A connection seen by a packet source: devices at both ends and the names of the flow, no process. */
    static Connection flow(String remoteIp, Instant first, Instant last) {
        FlowDetails f = new FlowDetails(new Device("02:00:00:00:00:01", "laptop", "android-dhcp-14"),
                new Device("02:00:00:00:00:02", null, null), "cdn.example.org", "tls.example.org", null, "SA",
                1200, 34000);
        return new Connection(ObserverType.CAPTURE, Transport.TCP, ConnectionState.CLOSE,
                Endpoint.of("10.0.0.5", 51000), Endpoint.of(remoteIp, 443), Direction.OUTBOUND,
                new Traffic(2000, 40000, 20, 30), first, last, null, null,
                new Enrichment("https", AddressClass.PUBLIC, null), f);
    }

    /** What the store gives back of a record: the socket without its queues and TCP metrics. */
    static Connection asStored(Connection c) {
        if (c.socket() == null) {
            return c;
        }
        return new Connection(c.observer(), c.transport(), c.state(), c.local(), c.remote(), c.direction(), c.traffic(),
                c.firstSeen(), c.lastSeen(), c.process(), new SocketDetails(c.socket().inode(), c.socket().uid(), 0, 0,
                null), c.enrichment(), c.flow());
    }

    static TrackedConnection tracked(long id, Connection c) {
        return new TrackedConnection(id, c, null);
    }

    static FindingState finding(long id, String detector, Severity severity, Connection c, Instant at,
                                List<Long> connectionIds) {
        Finding f = new Finding(detector, severity, 70, detector + " about " + c.remote(), List.of(c), at);
        return new FindingState(id, detector + "|" + c.remote().ip(), f, at, at, 1, connectionIds, FindingStatus.OPEN,
                "");
    }

    static HistoryBatch batch(Instant at, List<TrackedConnection> connections, List<TrafficDelta> traffic,
                              List<FindingState> findings) {
        return new HistoryBatch(at, connections, traffic, findings);
    }
}
