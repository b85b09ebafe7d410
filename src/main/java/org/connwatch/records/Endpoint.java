package org.connwatch.records;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** One end of a connection: an IP address and a port (0 where the transport has no ports). */
public record Endpoint(InetAddress address, int port) {

    public Endpoint {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Shorthand for tests and literals: {@code Endpoint.of("10.0.0.1", 443)}. */
    public static Endpoint of(String address, int port) {
        return new Endpoint(IpAddresses.parse(address), port);
    }

    /** True for the wildcard end of a listener or unconnected socket (0.0.0.0:0, [::]:0). */
    public boolean isWildcard() {
        return address.isAnyLocalAddress() && port == 0;
    }

    /** The address as text, without the port. */
    public String ip() {
        return IpAddresses.format(address);
    }

    /** {@code 10.0.0.1:443}, {@code [::1]:53}, {@code *:*} for a wildcard, {@code 0.0.0.0:*} for port 0. */
    @Override
    public String toString() {
        if (isWildcard()) {
            return "*:*";
        }
        String host = address instanceof Inet6Address ? "[" + ip() + "]" : ip();
        return host + ":" + (port == 0 ? "*" : Integer.toString(port));
    }
}
