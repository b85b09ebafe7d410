package org.connwatch.present;

import java.util.List;
import java.util.function.BiFunction;
import org.connwatch.records.Connection;
import org.connwatch.records.Device;
import org.connwatch.records.Endpoint;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.TcpMetrics;
import org.connwatch.records.Transport;

/**
 * The fields of a connection in the JSON and CSV exports, in their stable order. This list is the
 * schema: docs/SCHEMA.md describes each field; add fields at the end of their group, never rename.
 */
public final class ExportFields {
    private ExportFields() {
    }

    /** Every field, in export order. Fields sharing a dotted prefix are adjacent. */
    public static final List<ExportField> ALL = List.of(
            f("@timestamp", (c, x) -> c.lastSeen()),
            f("event.start", (c, x) -> c.firstSeen()),
            f("event.end", (c, x) -> c.lastSeen()),
            f("event.duration", (c, x) -> c.duration().toNanos()),
            f("host.name", (c, x) -> x.hostName()),
            f("observer.type", (c, x) -> c.observer().label()),
            f("network.transport", (c, x) -> c.transport().label()),
            f("network.type", (c, x) -> c.networkType()),
            f("network.direction", (c, x) -> c.direction().label()),
            f("network.community_id", (c, x) -> x.communityId().of(c).orElse(null)),
            f("network.state", (c, x) -> c.state().name()),
            f("local.ip", (c, x) -> c.local().ip()),
            f("local.port", (c, x) -> c.local().port()),
            f("local.mac", (c, x) -> dev(c, true) == null ? null : dev(c, true).mac()),
            f("local.device.name", (c, x) -> dev(c, true) == null ? null : dev(c, true).hostName()),
            f("local.device.vendor_class", (c, x) -> dev(c, true) == null ? null : dev(c, true).vendorClass()),
            f("remote.ip", (c, x) -> c.remote().isWildcard() ? null : c.remote().ip()),
            f("remote.port", (c, x) -> c.remote().isWildcard() ? null : c.remote().port()),
            f("remote.class", (c, x) -> c.enrichment().remoteClass() == null ? null
                    : c.enrichment().remoteClass().label()),
            f("remote.domain", (c, x) -> c.enrichment().remoteDomain()),
            f("remote.mac", (c, x) -> dev(c, false) == null ? null : dev(c, false).mac()),
            f("remote.device.name", (c, x) -> dev(c, false) == null ? null : dev(c, false).hostName()),
            f("source.ip", (c, x) -> c.source().map(Endpoint::ip).orElse(null)),
            f("source.port", (c, x) -> c.source().map(Endpoint::port).orElse(null)),
            f("source.mac", (c, x) -> c.source().isEmpty() ? null : mac(c, !c.direction().remoteInitiated())),
            f("source.bytes", (c, x) -> c.source().isEmpty() ? null : known(c.sourceTraffic().bytesSent())),
            f("source.packets", (c, x) -> c.source().isEmpty() ? null : known(c.sourceTraffic().packetsSent())),
            f("destination.ip", (c, x) -> c.destination().ip()),
            f("destination.port", (c, x) -> c.destination().port()),
            f("destination.mac", (c, x) -> c.source().isEmpty() ? null : mac(c, c.direction().remoteInitiated())),
            f("destination.domain", (c, x) -> c.direction().remoteInitiated() ? null : c.enrichment().remoteDomain()),
            f("destination.bytes", (c, x) -> c.source().isEmpty() ? null : known(c.sourceTraffic().bytesReceived())),
            f("destination.packets", (c, x) -> c.source().isEmpty() ? null
                    : known(c.sourceTraffic().packetsReceived())),
            f("service.name", (c, x) -> c.enrichment().serviceName()),
            f("dns.question.name", (c, x) -> c.flow() == null ? null : c.flow().dnsName()),
            f("tls.client.server_name", (c, x) -> c.flow() == null ? null : c.flow().tlsServerName()),
            f("url.domain", (c, x) -> c.flow() == null ? null : c.flow().httpHost()),
            f("tcp.state", (c, x) -> c.transport() == Transport.TCP ? c.state().name() : null),
            f("tcp.flags", (c, x) -> c.flow() == null ? null : c.flow().tcpFlags()),
            f("tcp.rtt_us", (c, x) -> tcp(c) == null ? null : known(tcp(c).rttMicros())),
            f("tcp.rttvar_us", (c, x) -> tcp(c) == null ? null : known(tcp(c).rttVarMicros())),
            f("tcp.retransmits", (c, x) -> tcp(c) == null ? null : known(tcp(c).retransmits())),
            f("tcp.bytes_acked", (c, x) -> tcp(c) == null ? null : known(tcp(c).bytesAcked())),
            f("tcp.bytes_retransmitted", (c, x) -> tcp(c) == null ? null : known(tcp(c).bytesRetransmitted())),
            f("socket.inode", (c, x) -> socket(c) == null ? null : socket(c).inode()),
            f("socket.uid", (c, x) -> socket(c) == null ? null : Integer.toUnsignedLong(socket(c).uid())),
            f("socket.receive_queue", (c, x) -> socket(c) == null ? null : socket(c).receiveQueue()),
            f("socket.send_queue", (c, x) -> socket(c) == null ? null : socket(c).sendQueue()),
            f("process.pid", (c, x) -> p(c) == null ? null : p(c).pid()),
            f("process.parent.pid", (c, x) -> p(c) == null || p(c).parentPid() == 0 ? null : p(c).parentPid()),
            f("process.name", (c, x) -> p(c) == null ? null : p(c).name()),
            f("process.executable", (c, x) -> p(c) == null ? null : p(c).executable()),
            f("process.executable_deleted", (c, x) -> p(c) == null || p(c).executable() == null ? null
                    : p(c).executableDeleted()),
            f("process.command_line", (c, x) -> p(c) == null ? null : p(c).commandLine()),
            f("process.start", (c, x) -> p(c) == null ? null : p(c).start()),
            f("process.hash.sha256", (c, x) -> p(c) == null ? null : p(c).sha256()),
            // uid_t is unsigned: only -1 means unknown, -2 is uid 4294967294 (as socket.uid says)
            f("user.id", (c, x) -> p(c) == null || p(c).uid() == -1 ? null : Integer.toUnsignedString(p(c).uid())),
            f("user.name", (c, x) -> p(c) == null ? null : p(c).userName()));

    private static ExportField f(String name, BiFunction<Connection, FieldContext, Object> v) {
        return new ExportField(name, v);
    }

    private static Long known(long v) {
        return v < 0 ? null : v;
    }

    /** The device at the local (or remote) end, when a packet source saw one. */
    private static Device dev(Connection c, boolean local) {
        if (c.flow() == null) {
            return null;
        }
        return local ? c.flow().local() : c.flow().remote();
    }

    private static String mac(Connection c, boolean local) {
        Device d = dev(c, local);
        return d == null ? null : d.mac();
    }

    private static ProcessInfo p(Connection c) {
        return c.process();
    }

    private static SocketDetails socket(Connection c) {
        return c.socket();
    }

    private static TcpMetrics tcp(Connection c) {
        return c.socket() == null ? null : c.socket().tcp();
    }
}
