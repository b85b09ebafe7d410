package org.connwatch.source.capture.app;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One A, AAAA or CNAME record of a DNS answer section.
 *
 * @param name    the owner name (what was asked for, or a CNAME on the way), lower case, escaped
 *                (see {@link PacketText}); {@code "."} for the root
 * @param type    1 (A), 28 (AAAA) or 5 (CNAME)
 * @param address the address of an A or AAAA record, else null. An AAAA record holding an
 *                IPv4-mapped address ({@code ::ffff:a.b.c.d}) gives the IPv4 address, as everywhere
 *                in connwatch
 * @param target  the name a CNAME record points to (lower case, escaped), else null
 * @param ttl     seconds, 0 to 2<sup>32</sup>-1
 */
public record DnsAnswer(String name, int type, InetAddress address, String target, long ttl) {
    /** The record types kept. */
    public static final int A = 1;
    public static final int CNAME = 5;
    public static final int AAAA = 28;

    public DnsAnswer {
        Objects.requireNonNull(name, "name");
        if (type != A && type != AAAA && type != CNAME) {
            throw new IllegalArgumentException("only A, AAAA and CNAME records are kept, not type " + type);
        }
        if ((address != null) != (type != CNAME) || (target != null) != (type == CNAME)) {
            throw new IllegalArgumentException("an A/AAAA record has an address, a CNAME a target: " + type);
        }
        if (ttl < 0 || ttl > 0xffffffffL) {
            throw new IllegalArgumentException("a TTL is an unsigned 32-bit number: " + ttl);
        }
    }
}
