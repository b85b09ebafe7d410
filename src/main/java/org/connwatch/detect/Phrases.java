package org.connwatch.detect;

import org.connwatch.present.HumanBytes;
import org.connwatch.records.Connection;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;

/** The pieces of plain-language reasons, so every detector names things the same way. */
public final class Phrases {
    private Phrases() {
    }

    /**
     * Who made the connection: "curl (pid 4242)"; "an unknown program" when a socket source could not
     * tell; for a source that sees no programs (a capture, a conn.log, NetFlow), the local host
     * ({@link #localHost}), since "unknown" would suggest something a network sensor cannot know.
     */
    public static String program(Connection c) {
        ProcessInfo p = c.process();
        if (p != null) {
            return p.name() + " (pid " + p.pid() + ")";
        }
        return c.observer() == ObserverType.SOCKET ? "an unknown program" : localHost(c);
    }

    /** "curl (pid 4242) on HOST"; just "HOST" for a source that sees no programs. */
    public static String programOn(Connection c, String host) {
        if (c.process() == null && c.observer() != ObserverType.SOCKET) {
            return host;
        }
        return program(c) + " on " + host;
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
