package org.connwatch.monitor;

import java.util.TreeSet;
import org.connwatch.detect.Finding;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.IpAddresses;

/**
 * The stable key of a finding: the detector plus what it is about, so that the same thing raised again
 * (at a later poll, by a later connection of the same program to the same place) is one finding that
 * recurs, not a new one.
 *
 * <p>What it is about: the program (its executable, else its name; for a flow without a program, the
 * local address), then, for a finding about one connection, the place: {@code listen tcp/8080} for a
 * listener, {@code in tcp/22 from 203.0.113.9} for an inbound connection, {@code tcp 198.51.100.7:443}
 * for an outbound one (the local port, which changes with every connection, is left out); for a finding
 * about several connections, the remote addresses ({@code 198.51.100.7}, or {@code 3 remotes}).
 * Examples: {@code beacon|/usr/bin/curl|198.51.100.7}, {@code unusual-port|/usr/bin/nc|tcp 203.0.113.5:4444}.
 */
final class FindingKeys {
    private FindingKeys() {
    }

    static String key(Finding f) {
        Connection c = f.connections().get(0);
        StringBuilder b = new StringBuilder(f.detector()).append('|').append(program(c)).append('|');
        if (f.connections().size() == 1) {
            b.append(place(c));
        } else {
            TreeSet<String> remotes = new TreeSet<>();
            for (Connection x : f.connections()) {
                remotes.add(IpAddresses.format(x.remote().address()));
            }
            b.append(remotes.size() == 1 ? remotes.first() : remotes.size() + " remotes");
        }
        return b.toString();
    }

    private static String program(Connection c) {
        if (c.process() != null) {
            return c.process().executable() != null ? c.process().executable() : c.process().name();
        }
        if (c.flow() != null) {
            return IpAddresses.format(c.local().address());
        }
        return "-";
    }

    private static String place(Connection c) {
        String t = c.transport().label();
        if (c.direction() == Direction.LISTENING) {
            return "listen " + t + "/" + c.local().port();
        }
        if (c.direction().remoteInitiated()) {
            return "in " + t + "/" + c.local().port() + " from " + IpAddresses.format(c.remote().address());
        }
        return t + " " + c.remote();
    }
}
