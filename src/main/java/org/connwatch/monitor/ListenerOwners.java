package org.connwatch.monitor;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Transport;

/**
 * The programs behind the listening sockets of one snapshot, to name the program of an inbound
 * connection whose own socket no process holds any more (a close event, a TIME_WAIT socket): the
 * connection was accepted from that listener, so its owner is the program that served it. Immutable.
 */
final class ListenerOwners {
    private static final InetAddress ANY_IPV4 = IpAddresses.fromBytes(new byte[4]);
    private static final InetAddress ANY_IPV6 = IpAddresses.fromBytes(new byte[16]);
    static final ListenerOwners NONE = new ListenerOwners(Map.of());

    private final Map<Bound, ProcessInfo> owners;

    private record Bound(Transport transport, int port, InetAddress address) {
    }

    private ListenerOwners(Map<Bound, ProcessInfo> owners) {
        this.owners = owners;
    }

    /** The owners of the listeners (with a known program) among these records. */
    static ListenerOwners of(Collection<Connection> snapshot) {
        Map<Bound, ProcessInfo> owners = new HashMap<>();
        for (Connection c : snapshot) {
            if (c.state().isListening() && c.process() != null) {
                owners.putIfAbsent(new Bound(c.transport(), c.local().port(), unmapped(c.local().address())),
                        c.process());
            }
        }
        return new ListenerOwners(Map.copyOf(owners));
    }

    /** The record with the owner of the listener it was accepted from, when it is inbound and has no program. */
    Connection attribute(Connection c) {
        if (c.process() != null || c.direction() != Direction.INBOUND || owners.isEmpty()) {
            return c;
        }
        InetAddress local = unmapped(c.local().address());
        ProcessInfo p = owners.get(new Bound(c.transport(), c.local().port(), local));
        if (p == null && local instanceof Inet4Address) {
            p = owners.get(new Bound(c.transport(), c.local().port(), ANY_IPV4));
        }
        if (p == null) {
            p = owners.get(new Bound(c.transport(), c.local().port(), ANY_IPV6));
        }
        return p == null ? c : c.withProcess(p);
    }

    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            if (Arrays.equals(b, 0, 10, new byte[10], 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                return IpAddresses.fromBytes(Arrays.copyOfRange(b, 12, 16));
            }
        }
        return address;
    }
}
