package org.connwatch.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Device;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.FlowDetails;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/**
 * A {@link Connection} as the columns of a row of {@code connections} (and {@code finding_connections}),
 * and back. Kept: observer, transport, state, both endpoints, direction, the traffic totals, first and last
 * seen (to the millisecond), the process (pid, parent, name, executable and whether it was deleted,
 * command line, uid, user, start, SHA-256), the socket's inode and uid, the enrichment (service, address
 * class, DNS name) and the flow details (each end's MAC, host name and vendor class; DNS, TLS and HTTP
 * names; TCP flags; payload bytes). Not kept: the socket's queue sizes and its {@code TcpMetrics} (RTT,
 * retransmits: a moment's figures, not history). Text is cut to {@link TextBounds}.
 */
final class ConnectionRow {

    /** The columns, in the order {@link #bind} sets them. */
    static final List<String> COLUMNS = List.of("first_seen", "last_seen", "observer", "transport", "state",
            "direction", "local_ip", "local_port", "remote_ip", "remote_port", "bytes_sent", "bytes_received",
            "packets_sent", "packets_received", "pid", "ppid", "program", "executable", "exe_deleted",
            "command_line", "uid", "user_name", "process_start", "sha256", "socket_inode", "socket_uid", "service",
            "remote_class", "remote_domain", "remote_name", "local_host", "flow", "local_mac", "local_host_name",
            "local_vendor", "remote_mac", "remote_host_name", "remote_vendor", "dns_name", "tls_server_name",
            "http_host", "tcp_flags", "payload_sent", "payload_received");

    /** The columns joined with commas, for SQL. */
    static final String COLUMN_LIST = String.join(", ", COLUMNS);

    private ConnectionRow() {
    }

    /** The name a program is known by in the store: its process name, or "" when unknown. */
    static String program(Connection c) {
        return c.process() == null ? "" : name(c.process().name());
    }

    /** The executable path, or "" when unknown. */
    static String executable(Connection c) {
        return c.process() == null || c.process().executable() == null ? "" : name(c.process().executable());
    }

    /** The remote end's best name: TLS server name, HTTP host, DNS name of the flow, else the enrichment's; or "". */
    static String remoteName(Connection c) {
        String flowName = c.flow() == null ? null : c.flow().domain();
        String n = flowName != null ? flowName : c.enrichment().remoteDomain();
        return n == null ? "" : name(n);
    }

    /** The local end as a host: its device's name or MAC when a packet source knew them, else its address. */
    static String localHost(Connection c) {
        String label = c.flow() == null ? null : c.flow().local().label();
        return label != null ? name(label) : c.local().ip();
    }

    /** Sets the {@link #COLUMNS} from {@code first} on. */
    static void bind(PreparedStatement ps, int first, Connection c) throws SQLException {
        int i = first;
        ps.setLong(i++, c.firstSeen().toEpochMilli());
        ps.setLong(i++, c.lastSeen().toEpochMilli());
        ps.setString(i++, c.observer().name());
        ps.setString(i++, c.transport().name());
        ps.setString(i++, c.state().name());
        ps.setString(i++, c.direction().name());
        ps.setString(i++, c.local().ip());
        ps.setInt(i++, c.local().port());
        ps.setString(i++, c.remote().ip());
        ps.setInt(i++, c.remote().port());
        Traffic t = c.traffic();
        ps.setLong(i++, t.bytesSent());
        ps.setLong(i++, t.bytesReceived());
        ps.setLong(i++, t.packetsSent());
        ps.setLong(i++, t.packetsReceived());
        ProcessInfo p = c.process();
        if (p == null) {
            for (int k = 0; k < 2; k++) {
                ps.setNull(i++, Types.INTEGER);
            }
            ps.setString(i++, "");
            for (int k = 0; k < 7; k++) {
                ps.setNull(i++, Types.NULL);
            }
        } else {
            ps.setInt(i++, p.pid());
            ps.setInt(i++, p.parentPid());
            ps.setString(i++, program(c));
            ps.setString(i++, name(p.executable()));
            ps.setInt(i++, p.executableDeleted() ? 1 : 0);
            ps.setString(i++, TextBounds.cut(p.commandLine(), TextBounds.COMMAND_LINE));
            ps.setInt(i++, p.uid());
            ps.setString(i++, name(p.userName()));
            setMillis(ps, i++, p.start());
            ps.setString(i++, p.sha256());
        }
        SocketDetails s = c.socket();
        if (s == null) {
            ps.setNull(i++, Types.INTEGER);
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setLong(i++, s.inode());
            ps.setInt(i++, s.uid());
        }
        Enrichment e = c.enrichment();
        ps.setString(i++, name(e.serviceName()));
        ps.setString(i++, e.remoteClass() == null ? null : e.remoteClass().name());
        ps.setString(i++, name(e.remoteDomain()));
        ps.setString(i++, remoteName(c));
        ps.setString(i++, localHost(c));
        FlowDetails f = c.flow();
        ps.setInt(i++, f == null ? 0 : 1);
        Device local = f == null ? Device.NONE : f.local();
        Device remote = f == null ? Device.NONE : f.remote();
        for (Device d : new Device[] {local, remote}) {
            ps.setString(i++, name(d.mac()));
            ps.setString(i++, name(d.hostName()));
            ps.setString(i++, name(d.vendorClass()));
        }
        ps.setString(i++, f == null ? null : name(f.dnsName()));
        ps.setString(i++, f == null ? null : name(f.tlsServerName()));
        ps.setString(i++, f == null ? null : name(f.httpHost()));
        ps.setString(i++, f == null ? null : name(f.tcpFlags()));
        if (f == null) {
            ps.setNull(i++, Types.INTEGER);
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i++, f.payloadSent());
            ps.setLong(i, f.payloadReceived());
        }
    }

    /**
     * The connection of the current row, read by column name.
     *
     * @throws IllegalArgumentException when the row does not make a valid record (a damaged or hand-edited file)
     */
    static Connection read(ResultSet rs) throws SQLException {
        ProcessInfo process = null;
        long pid = rs.getLong("pid");
        if (!rs.wasNull()) {
            process = new ProcessInfo((int) pid, rs.getInt("ppid"), rs.getString("program"), rs.getString("executable"),
                    rs.getInt("exe_deleted") != 0, rs.getString("command_line"), rs.getInt("uid"),
                    rs.getString("user_name"), millis(rs, "process_start"), rs.getString("sha256"));
        }
        SocketDetails socket = null;
        long inode = rs.getLong("socket_inode");
        if (!rs.wasNull()) {
            socket = new SocketDetails(inode, rs.getInt("socket_uid"), 0, 0, null);
        }
        String remoteClass = rs.getString("remote_class");
        Enrichment enrichment = new Enrichment(rs.getString("service"),
                remoteClass == null ? null : AddressClass.valueOf(remoteClass), rs.getString("remote_domain"));
        FlowDetails flow = null;
        if (rs.getInt("flow") != 0) {
            flow = new FlowDetails(
                    device(rs.getString("local_mac"), rs.getString("local_host_name"), rs.getString("local_vendor")),
                    device(rs.getString("remote_mac"), rs.getString("remote_host_name"), rs.getString("remote_vendor")),
                    rs.getString("dns_name"), rs.getString("tls_server_name"), rs.getString("http_host"),
                    rs.getString("tcp_flags"), rs.getLong("payload_sent"), rs.getLong("payload_received"));
        }
        return new Connection(ObserverType.valueOf(rs.getString("observer")),
                Transport.valueOf(rs.getString("transport")), ConnectionState.valueOf(rs.getString("state")),
                endpoint(rs.getString("local_ip"), rs.getInt("local_port")),
                endpoint(rs.getString("remote_ip"), rs.getInt("remote_port")),
                Direction.valueOf(rs.getString("direction")),
                new Traffic(rs.getLong("bytes_sent"), rs.getLong("bytes_received"), rs.getLong("packets_sent"),
                        rs.getLong("packets_received")),
                Instant.ofEpochMilli(rs.getLong("first_seen")), Instant.ofEpochMilli(rs.getLong("last_seen")),
                process, socket, enrichment, flow);
    }

    private static Endpoint endpoint(String ip, int port) {
        if (ip == null) {
            throw new IllegalArgumentException("no address");
        }
        return new Endpoint(IpAddresses.parse(ip), port);
    }

    private static Device device(String mac, String hostName, String vendor) {
        Device d = new Device(mac, hostName, vendor);
        return d.isEmpty() ? Device.NONE : d;
    }

    private static Instant millis(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setMillis(PreparedStatement ps, int i, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, t.toEpochMilli());
        }
    }

    private static String name(String text) {
        return TextBounds.cut(text, TextBounds.NAME);
    }
}
