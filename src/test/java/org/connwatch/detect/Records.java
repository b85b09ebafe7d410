package org.connwatch.detect;

import java.time.Duration;
import java.time.Instant;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/** Crafted connections for detector tests. */
public final class Records {
    public static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");

    private Records() {
    }

    /** An outbound connection from 10.0.0.5 by {@code program} to {@code remote} of the given class. */
    public static Connection outbound(Transport t, String remote, AddressClass cls, String program) {
        Endpoint r = Endpoint.of(remote.substring(0, remote.lastIndexOf(':')),
                Integer.parseInt(remote.substring(remote.lastIndexOf(':') + 1)));
        Connection c = new Connection(ObserverType.SOCKET, t, t == Transport.TCP ? ConnectionState.ESTABLISHED
                : ConnectionState.ESTABLISHED, Endpoint.of("10.0.0.5", 40000), r, Direction.OUTBOUND,
                Traffic.UNKNOWN, T0, T0, null, null, Enrichment.NONE.withRemoteClass(cls));
        return program == null ? c : c.withProcess(process(program, "/usr/bin/" + program, false));
    }

    public static ProcessInfo process(String name, String exe, boolean deleted) {
        return new ProcessInfo(4242, 1, name, exe, deleted, exe, 1000, "alice", T0.minusSeconds(60), null);
    }

    public static Connection withDirection(Connection c, Direction d) {
        return c.withDirection(d);
    }

    public static Connection withBytes(Connection c, long sent, long received) {
        return new Connection(c.observer(), c.transport(), c.state(), c.local(), c.remote(), c.direction(),
                Traffic.ofBytes(sent, received), c.firstSeen(), c.lastSeen(), c.process(), c.socket(),
                c.enrichment());
    }

    public static Connection lasting(Connection c, Duration d) {
        return new Connection(c.observer(), c.transport(), c.state(), c.local(), c.remote(), c.direction(),
                c.traffic(), c.firstSeen(), c.firstSeen().plus(d), c.process(), c.socket(), c.enrichment());
    }
}
