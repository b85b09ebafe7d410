package org.connwatch.baseline;

import java.util.Locale;
import java.util.Objects;
import org.connwatch.records.Cidr;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;

/**
 * One kind of destination an actor talked to: the remote address block (a /24 for IPv4, a /48
 * for IPv6, so that a service moving within its provider's block stays known), the remote
 * domain when one was known, and the destination port with its transport.
 *
 * @param block     the remote address block, e.g. {@code 203.0.113.0/24}
 * @param domain    the remote domain in lower case without a trailing dot, null when unknown
 * @param transport tcp, udp ...
 * @param port      the destination port, 0 for transports without ports
 */
public record Destination(String block, String domain, Transport transport, int port) {
    /** The prefix length of an IPv4 destination block. */
    public static final int IPV4_PREFIX = 24;
    /** The prefix length of an IPv6 destination block. */
    public static final int IPV6_PREFIX = 48;

    public Destination {
        block = Cidr.parse(Objects.requireNonNull(block, "block")).toString();
        domain = normalDomain(domain);
        Objects.requireNonNull(transport, "transport");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The destination of an outgoing connection. */
    public static Destination of(Connection c) {
        return new Destination(blockOf(c), c.enrichment().remoteDomain(), c.transport(), c.remote().port());
    }

    /** The remote address block of a connection: /24 for IPv4, /48 for IPv6. */
    public static String blockOf(Connection c) {
        byte[] raw = c.remote().address().getAddress();
        return new Cidr(c.remote().address(), raw.length == 4 ? IPV4_PREFIX : IPV6_PREFIX).toString();
    }

    /** Lower case without a trailing dot; null for null or blank. */
    static String normalDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            return null;
        }
        String d = domain.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }
}
