package org.connwatch.records;

import java.util.Locale;

/** What kind of address the other end has: where on the internet (or not) it lives. */
public enum AddressClass {
    /** 0.0.0.0 or :: (a wildcard, as the remote side of a listener). */
    UNSPECIFIED,
    /** 127.0.0.0/8, ::1. */
    LOOPBACK,
    /** 169.254.0.0/16, fe80::/10. */
    LINK_LOCAL,
    /** RFC 1918 (10/8, 172.16/12, 192.168/16) and IPv6 unique-local fc00::/7. */
    PRIVATE,
    /** Carrier-grade NAT, 100.64.0.0/10 (RFC 6598). */
    CGNAT,
    /** 224.0.0.0/4, ff00::/8. */
    MULTICAST,
    /** 255.255.255.255. */
    BROADCAST,
    /** Documentation, benchmarking, "this network" and future-use blocks: never a real peer. */
    RESERVED,
    /** Anything routable on the public internet. */
    PUBLIC;

    /** The lower-case name used in exports and rules: {@code public}, {@code link_local} ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
