package org.connwatch.enrich;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.connwatch.records.Connection;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.Transport;

/**
 * The listening sockets of one snapshot (TCP LISTEN, unconnected UDP), to ask whether a local
 * (transport, address, port) is one a server waits on.
 *
 * <p>A listener on {@code 0.0.0.0} serves every IPv4 address; one on {@code ::} serves every
 * address of both families, as a dual-stack socket does (whether it was made IPv6-only cannot be
 * seen here). A listener on a given address serves only that address.
 */
public final class ListeningSocketIndex {
    private static final InetAddress ANY_IPV4 = IpAddresses.fromBytes(new byte[4]);
    private static final InetAddress ANY_IPV6 = IpAddresses.fromBytes(new byte[16]);

    private final Set<Bound> listeners;

    private record Bound(Transport transport, int port, InetAddress address) {
    }

    private ListeningSocketIndex(Set<Bound> listeners) {
        this.listeners = listeners;
    }

    /** Indexes the connections of a snapshot whose state is a listening one; the others are ignored. */
    public static ListeningSocketIndex of(Collection<Connection> snapshot) {
        return new ListeningSocketIndex(snapshot.stream()
                .filter(c -> c.state().isListening())
                .map(c -> new Bound(c.transport(), c.local().port(), unmapped(c.local().address())))
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** True when a listener of this transport and port is bound to this address or to a wildcard covering it. */
    public boolean serves(Transport transport, InetAddress address, int port) {
        InetAddress local = unmapped(address);
        return listeners.contains(new Bound(transport, port, local))
                || (local instanceof Inet4Address && listeners.contains(new Bound(transport, port, ANY_IPV4)))
                || listeners.contains(new Bound(transport, port, ANY_IPV6));
    }

    /** An IPv4-mapped IPv6 address as the IPv4 address it carries, so both spellings match. */
    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = Arrays.equals(b, 0, 10, new byte[10], 0, 10) && b[10] == (byte) 0xff
                    && b[11] == (byte) 0xff;
            if (mapped) {
                return IpAddresses.fromBytes(Arrays.copyOfRange(b, 12, 16));
            }
        }
        return address;
    }
}
