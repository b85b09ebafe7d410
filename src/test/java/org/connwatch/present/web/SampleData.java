package org.connwatch.present.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.connwatch.store.FindingState;
import org.connwatch.store.History;
import org.connwatch.store.FindingStatus;
import org.connwatch.store.HistoryBatch;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficDelta;

/**
 * A busy little machine's last two hours, for the web tests: a browser, ssh in and out, a backup that
 * uploaded a burst 40 minutes ago (the chart's peak), a beacon every 10 minutes, an IRC client, and
 * a curl whose DNS name, TLS name, command line and device name are all the hostile {@link #HOSTILE}.
 */
final class SampleData {
    /** What every name from the network or another program might be. */
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    static final long BROWSER = 1;
    static final long HOSTILE_CURL = 2;
    static final long SSH_LISTENER = 3;
    static final long SSH_IN = 4;
    static final long BACKUP = 5;
    static final long RESOLVER = 6;
    static final long IRC = 7;
    /** The beacon's connections: 8..13. */
    static final long FIRST_BEACON = 8;
    static final long BEACON_FINDING = 1;
    static final long IRC_FINDING = 2;
    static final long PEAK_FINDING = 3;
    static final long HOSTILE_FINDING = 4;
    static final long ALLOWED_FINDING = 5;

    private SampleData() {
    }

    /** Writes the sample into the history, as a monitor would have, ending at {@code now}. */
    static void fill(History history, Instant now) {
        Instant start = now.minus(Duration.ofHours(2));
        List<TrackedConnection> conns = new ArrayList<>();
        List<TrafficDelta> deltas = new ArrayList<>();
        conns.add(open(BROWSER, tcp(proc(1201, "firefox", "/usr/lib/firefox/firefox", "firefox --new-window"),
                "10.0.0.5", 50412, "93.184.216.34", 443, Direction.OUTBOUND, "example.org", "https", null, start, now,
                40_000_000, 900_000)));
        conns.add(open(HOSTILE_CURL, tcp(proc(1400, "curl", "/usr/bin/curl", "curl https://" + HOSTILE),
                "10.0.0.5", 50500, "203.0.113.66", 443, Direction.OUTBOUND, HOSTILE, "https",
                new FlowDetails(new Device("02:00:00:00:00:05", HOSTILE, null), Device.NONE, HOSTILE, HOSTILE, null, "SAF"),
                now.minus(Duration.ofMinutes(50)), now, 120_000, 8_000)));
        conns.add(open(SSH_LISTENER, new Connection(ObserverType.SOCKET, Transport.TCP, ConnectionState.LISTEN,
                Endpoint.of("0.0.0.0", 22), Endpoint.of("0.0.0.0", 0), Direction.LISTENING, Traffic.ofBytes(0, 0),
                start, now, proc(812, "sshd", "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D"), null,
                new Enrichment("ssh", null, null))));
        conns.add(open(SSH_IN, tcp(proc(5120, "sshd", "/usr/sbin/sshd", "sshd: alice [priv]"), "10.0.0.5", 22,
                "198.51.100.7", 51234, Direction.INBOUND, null, "ssh", null, start.plus(Duration.ofMinutes(5)), now,
                2_000_000, 300_000)));
        conns.add(new TrackedConnection(BACKUP, tcp(proc(3300, "restic", "/usr/bin/restic", "restic backup /home"),
                "10.0.0.5", 50600, "198.51.100.20", 443, Direction.OUTBOUND, "backup.example.net", "https", null,
                now.minus(Duration.ofMinutes(45)), now.minus(Duration.ofMinutes(35)), 900_000_000, 2_000_000),
                now.minus(Duration.ofMinutes(35))));
        conns.add(open(RESOLVER, new Connection(ObserverType.SOCKET, Transport.UDP, ConnectionState.ESTABLISHED,
                Endpoint.of("10.0.0.5", 41000), Endpoint.of("10.0.0.1", 53), Direction.OUTBOUND, Traffic.UNKNOWN,
                start, now, proc(640, "systemd-resolve", "/usr/lib/systemd/systemd-resolved", "systemd-resolved"),
                null, new Enrichment("domain", AddressClass.PRIVATE, null))));
        conns.add(open(IRC, tcp(proc(4100, "hexchat", "/usr/bin/hexchat", "hexchat"), "10.0.0.5", 50700,
                "192.0.2.44", 6667, Direction.OUTBOUND, "irc.example.com", "ircd", null, start, now, 50_000, 400_000)));
        List<Long> beaconIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long id = FIRST_BEACON + i;
            Instant at = now.minus(Duration.ofMinutes(55 - 10L * i));
            beaconIds.add(id);
            conns.add(new TrackedConnection(id, tcp(proc(2200, "updater", "/opt/updater/updater", "updater --quiet"),
                    "10.0.0.5", 51000 + i, "203.0.113.9", 8443, Direction.OUTBOUND, null, null, null, at,
                    at.plusSeconds(2), 1200, 3400), at.plusSeconds(2)));
            deltas.add(new TrafficDelta(id, at.plusSeconds(2), 1200, 3400));
        }
        // A minute-by-minute trickle for the open connections, and the backup's burst.
        for (Instant t = start.plusSeconds(60); t.isBefore(now); t = t.plusSeconds(60)) {
            deltas.add(new TrafficDelta(BROWSER, t, 7_000, 330_000));
            deltas.add(new TrafficDelta(SSH_IN, t, 2_500, 16_000));
            deltas.add(new TrafficDelta(IRC, t, 3_300, 400));
            if (t.isAfter(now.minus(Duration.ofMinutes(50)))) {
                deltas.add(new TrafficDelta(HOSTILE_CURL, t, 160, 2_400));
            }
            if (t.isAfter(now.minus(Duration.ofMinutes(45))) && !t.isAfter(now.minus(Duration.ofMinutes(35)))) {
                deltas.add(new TrafficDelta(BACKUP, t, 90_000_000, 200_000));
            }
        }
        List<FindingState> findings = List.of(
                finding(BEACON_FINDING, "beacon", Severity.HIGH, 82, "updater (pid 2200) connects to 203.0.113.9:8443 "
                        + "every 10 min 0 s (6 times, jitter 1 %)", conns.get(7).connection(), now, beaconIds,
                        FindingStatus.OPEN),
                finding(IRC_FINDING, "unusual-port", Severity.MEDIUM, 55, "hexchat (pid 4100) connects to "
                        + "irc.example.com (192.0.2.44) on port 6667 (ircd), a port rarely used for legitimate traffic",
                        conns.get(6).connection(), now, List.of(IRC), FindingStatus.OPEN),
                finding(PEAK_FINDING, "traffic-peak", Severity.HIGH, 75, "10.0.0.5 sent 858 MiB in one hour, 300 times "
                        + "its usual volume (restic to backup.example.net)", conns.get(4).connection(),
                        now.minus(Duration.ofMinutes(35)), List.of(BACKUP), FindingStatus.OPEN),
                finding(HOSTILE_FINDING, "new-destination", Severity.LOW, 30, "curl (pid 1400) connects to " + HOSTILE
                        + " for the first time", conns.get(1).connection(), now, List.of(HOSTILE_CURL),
                        FindingStatus.OPEN),
                finding(ALLOWED_FINDING, "long-connection", Severity.INFO, 10, "sshd (pid 5120) has been connected to "
                        + "198.51.100.7 for 1 h 55 min", conns.get(3).connection(), now, List.of(SSH_IN),
                        FindingStatus.ALLOWED));
        history.write(new HistoryBatch(now, conns, deltas, findings));
    }

    private static TrackedConnection open(long id, Connection c) {
        return new TrackedConnection(id, c, null);
    }

    private static FindingState finding(long id, String detector, Severity severity, double score, String reason,
                                        Connection about, Instant at, List<Long> ids, FindingStatus status) {
        Finding f = new Finding(detector, severity, score, reason, List.of(about), at);
        return new FindingState(id, detector + ":" + id, f, at.minus(Duration.ofMinutes(30)), at, 3, ids, status,
                status == FindingStatus.ALLOWED ? "ssh from home" : "");
    }

    static ProcessInfo proc(int pid, String name, String exe, String cmd) {
        return new ProcessInfo(pid, 1, name, exe, false, cmd, 1000, "alice", null, null);
    }

    static Connection tcp(ProcessInfo p, String local, int lport, String remote, int rport, Direction dir,
                          String domain, String service, FlowDetails flow, Instant first, Instant last, long sent,
                          long received) {
        AddressClass cls = remote.startsWith("10.") ? AddressClass.PRIVATE : AddressClass.PUBLIC;
        return new Connection(ObserverType.SOCKET, Transport.TCP, ConnectionState.ESTABLISHED, Endpoint.of(local, lport),
                Endpoint.of(remote, rport), dir, Traffic.ofBytes(sent, received), first, last, p, null,
                new Enrichment(service, cls, domain), flow);
    }

    /** Marks a connection closed at {@code at}, as the monitor would after a poll. */
    static void close(History history, long id, Instant at) {
        TrackedConnection t = history.connection(id).orElseThrow();
        history.write(new HistoryBatch(at, List.of(new TrackedConnection(id, t.connection(), at)), List.of(), List.of()));
    }
}
