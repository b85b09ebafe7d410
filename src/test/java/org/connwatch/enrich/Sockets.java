package org.connwatch.enrich;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/** Crafted socket records for the enricher tests, written the way {@code ss} prints them. */
final class Sockets {
    private static final Instant SEEN = Instant.parse("2025-06-01T12:00:00Z");

    private Sockets() {
    }

    static Connection tcp(ConnectionState state, String local, String remote) {
        return socket(Transport.TCP, state, local, remote);
    }

    static Connection udp(ConnectionState state, String local, String remote) {
        return socket(Transport.UDP, state, local, remote);
    }

    static Connection socket(Transport transport, ConnectionState state, String local, String remote) {
        return socket(transport, state, endpoint(local), endpoint(remote));
    }

    static Connection socket(Transport transport, ConnectionState state, Endpoint local, Endpoint remote) {
        return new Connection(ObserverType.SOCKET, transport, state, local, remote, Direction.UNKNOWN,
                Traffic.UNKNOWN, SEEN, SEEN, null, null, Enrichment.NONE);
    }

    /** {@code 10.0.0.5:443}, {@code [2001:db8::5]:22}, {@code *:*} (IPv4 wildcard), {@code [::]:*} (IPv6 wildcard). */
    static Endpoint endpoint(String text) {
        if (text.equals("*:*")) {
            return Endpoint.of("0.0.0.0", 0);
        }
        int colon = text.lastIndexOf(':');
        String port = text.substring(colon + 1);
        return Endpoint.of(text.substring(0, colon), port.equals("*") ? 0 : Integer.parseInt(port));
    }

    /** An {@link Inet6Address} carrying an IPv4-mapped address, which {@code InetAddress.getByAddress} would unwrap. */
    static InetAddress rawMapped(String ipv4) {
        byte[] four = IpAddresses.parse(ipv4).getAddress();
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(four, 0, b, 12, 4);
        try {
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
