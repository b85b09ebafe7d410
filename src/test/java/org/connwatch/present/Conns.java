package org.connwatch.present;

import java.time.Instant;
import org.connwatch.records.AddressClass;
import org.connwatch.records.CommunityId;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/** Crafted connections for the presentation tests. */
final class Conns {
    static final Instant FIRST = Instant.parse("2025-06-01T12:00:00Z");
    static final Instant LAST = Instant.parse("2025-06-01T12:00:02.500Z");
    static final FieldContext CONTEXT = new FieldContext("box1", new CommunityId(0));

    private Conns() {
    }

    /** {@code 10.0.0.5:443}, {@code [2001:db8::5]:22}, {@code *:*} (the IPv4 wildcard), {@code [::]:*}. */
    static Endpoint ep(String text) {
        if (text.equals("*:*")) {
            return Endpoint.of("0.0.0.0", 0);
        }
        int colon = text.lastIndexOf(':');
        String port = text.substring(colon + 1);
        return new Endpoint(IpAddresses.parse(text.substring(0, colon)), port.equals("*") ? 0 : Integer.parseInt(port));
    }

    static Connection tcp(ConnectionState state, Direction direction, String local, String remote) {
        return conn(Transport.TCP, state, direction, local, remote);
    }

    static Connection conn(Transport transport, ConnectionState state, Direction direction, String local,
                           String remote) {
        return new Connection(ObserverType.SOCKET, transport, state, ep(local), ep(remote), direction,
                Traffic.UNKNOWN, FIRST, LAST, null, null, Enrichment.NONE);
    }

    static Connection listener(String local) {
        return tcp(ConnectionState.LISTEN, Direction.LISTENING, local, local.startsWith("[") ? "[::]:*" : "*:*");
    }

    static ProcessInfo process(int pid, String name, String executable, String user) {
        return new ProcessInfo(pid, 1, name, executable, false, executable, 1000, user, null, null);
    }

    static Connection withTraffic(Connection c, long sent, long received) {
        return new Connection(c.observer(), c.transport(), c.state(), c.local(), c.remote(), c.direction(),
                Traffic.ofBytes(sent, received), c.firstSeen(), c.lastSeen(), c.process(), c.socket(),
                c.enrichment());
    }

    static Connection withClass(Connection c, AddressClass cls) {
        return c.withEnrichment(c.enrichment().withRemoteClass(cls));
    }
}
