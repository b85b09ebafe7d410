package org.connwatch.policy;

import org.connwatch.records.Transport;

/**
 * Ports {@code from..to} (both included), for one transport or, when {@code transport} is null, for any.
 *
 * @param from      lowest port, 0..65535
 * @param to        highest port, from..65535
 * @param transport tcp or udp ..., null for any transport
 */
public record PortRange(int from, int to, Transport transport) {

    public PortRange {
        if (from < 0 || to > 65535 || from > to) {
            throw new IllegalArgumentException("port range " + from + "-" + to + " is not within 0..65535");
        }
    }

    /** One port on any transport. */
    public static PortRange of(int port) {
        return new PortRange(port, port, null);
    }

    /** One port on one transport. */
    public static PortRange of(int port, Transport transport) {
        return new PortRange(port, port, transport);
    }

    /**
     * Parses {@code N} or {@code N-M}, without a transport.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static PortRange parse(String text) {
        String s = text.strip();
        int dash = s.indexOf('-');
        if (dash < 0) {
            int port = port(s, text);
            return new PortRange(port, port, null);
        }
        int from = port(s.substring(0, dash), text);
        int to = port(s.substring(dash + 1), text);
        if (from > to) {
            throw new IllegalArgumentException("'" + text + "' is not a port range: " + from + " is above " + to);
        }
        return new PortRange(from, to, null);
    }

    /** True when the port lies in the range and the transport fits. */
    public boolean contains(Transport t, int port) {
        return port >= from && port <= to && (transport == null || transport == t);
    }

    /** True when the port lies in the range, whatever the transport. */
    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    @Override
    public String toString() {
        String ports = from == to ? Integer.toString(from) : from + "-" + to;
        return transport == null ? ports : ports + "/" + transport.label();
    }

    private static int port(String digits, String text) {
        String d = digits.strip();
        if (d.isEmpty() || d.length() > 5 || !d.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' is not a port or port range (N or N-M)");
        }
        int port = Integer.parseInt(d);
        if (port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + port + " is above 65535");
        }
        return port;
    }
}
