package org.connwatch.baseline;

import java.time.Instant;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/** Crafted connections for the baseline tests. */
final class Conns {
    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    static final Instant T1 = Instant.parse("2026-11-21T09:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-22T12:00:00Z");

    private Conns() {
    }

    static String sha(char c) {
        return String.valueOf(c).repeat(64);
    }

    static ProcessInfo curl(String sha256) {
        return new ProcessInfo(4242, 1, "curl", "/usr/bin/curl", false, "curl", 1000, "alice", T0, sha256);
    }

    static ProcessInfo proc(String name, String exe, String sha256) {
        return new ProcessInfo(4343, 1, name, exe, false, name, 1000, "alice", T0, sha256);
    }

    static Connection out(ProcessInfo p, String remote, int port, Transport t, String domain, Instant at) {
        return new Connection(ObserverType.SOCKET, t, ConnectionState.ESTABLISHED, Endpoint.of("10.0.0.5", 40000),
                Endpoint.of(remote, port), Direction.OUTBOUND, Traffic.UNKNOWN, at, at, p, null,
                Enrichment.NONE.withRemoteDomain(domain));
    }

    static Connection out(ProcessInfo p, String remote, int port, Instant at) {
        return out(p, remote, port, Transport.TCP, null, at);
    }

    static Connection listen(ProcessInfo p, String local, int port, Transport t, Instant at) {
        return new Connection(ObserverType.SOCKET, t, t == Transport.TCP ? ConnectionState.LISTEN
                : ConnectionState.UNCONN, Endpoint.of(local, port), Endpoint.of(local.contains(":") ? "::" : "0.0.0.0",
                0), Direction.LISTENING, Traffic.UNKNOWN, at, at, p, null, Enrichment.NONE);
    }

    static Connection inbound(ProcessInfo p, int localPort, String remote, Instant at) {
        return new Connection(ObserverType.SOCKET, Transport.TCP, ConnectionState.ESTABLISHED,
                Endpoint.of("10.0.0.5", localPort), Endpoint.of(remote, 51000), Direction.INBOUND, Traffic.UNKNOWN,
                at, at, p, null, Enrichment.NONE);
    }

    /** curl learned talking to example.org at 203.0.113.9:443 and 198.51.100.7:443, 2026-11-20 09:00 to 11-21 09:00. */
    static Baseline curlBaseline() {
        return new BaselineBuilder()
                .learn(out(curl(sha('a')), "203.0.113.9", 443, Transport.TCP, "example.org", T0))
                .learn(out(curl(sha('a')), "198.51.100.7", 443, T1))
                .learn(listen(proc("sshd", "/usr/sbin/sshd", null), "0.0.0.0", 22, Transport.TCP, T0))
                .build();
    }
}
