package org.connwatch.detect;

import org.connwatch.present.HumanBytes;
import org.connwatch.records.Connection;
import org.connwatch.records.ProcessInfo;

/** The pieces of plain-language reasons, so every detector names things the same way. */
public final class Phrases {
    private Phrases() {
    }

    /** "curl (pid 4242)", or "an unknown program". */
    public static String program(Connection c) {
        ProcessInfo p = c.process();
        return p == null ? "an unknown program" : p.name() + " (pid " + p.pid() + ")";
    }

    /** "10.0.0.10", or "HP-LaserJet 10.0.0.10" when a packet source learnt the device's DHCP host name. */
    public static String localHost(Connection c) {
        String name = c.flow() == null ? null : c.flow().local().hostName();
        return name == null ? c.local().ip() : name + " " + c.local().ip();
    }

    /** "203.0.113.5:4444 over tcp" (the other end, with the transport). */
    public static String remote(Connection c) {
        String domain = c.enrichment().remoteDomain();
        return (domain == null ? "" : domain + " ") + c.remote() + " over " + c.transport().label();
    }

    /** "a public address", "a private address" ... or "an address" when the class is unknown. */
    public static String remoteClass(Connection c) {
        if (c.enrichment().remoteClass() == null) {
            return "an address";
        }
        String label = c.enrichment().remoteClass().label().replace('_', '-');
        return (label.matches("[aeiou].*") ? "an " : "a ") + label + " address";
    }

    /** "1.5 MiB". */
    public static String bytes(long n) {
        return HumanBytes.format(n);
    }
}
