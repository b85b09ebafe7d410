package org.connwatch.source.linux;

import java.net.InetAddress;
import java.time.Instant;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.ObserverType;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/**
 * Parses one line of {@code /proc/net/tcp}, {@code tcp6}, {@code udp} or {@code udp6}. Pure: no I/O.
 *
 * <p>A sample line of {@code /proc/net/tcp} (after the header line):
 * <pre>
 *    0: 0100007F:1F90 00000000:0000 0A 00000000:00000002 00:00000000 00000000  1000        0 51234 1 ...
 * </pre>
 * Fields: slot; local and remote address:port in hex (each 32-bit word of the address printed in
 * host byte order, the port big-endian as a number); state (hex kernel TCP state); transmit and
 * receive queue (hex); timer; retransmits; uid (decimal); timeout; inode (decimal); then
 * protocol-specific extras, ignored here. The files carry no byte counts.
 */
public final class ProcNetParser {

    /**
     * Parses a data line (not the header).
     *
     * @throws MalformedSocketDataException quoting the line when a field is missing or not hex/decimal
     */
    public Connection parse(String line, Transport transport, Instant now) throws MalformedSocketDataException {
        String[] f = line.strip().split("\\s+");
        if (f.length < 10) {
            throw bad(line, "has " + f.length + " fields, at least 10 expected");
        }
        if (f[1].indexOf(':') != f[2].indexOf(':')) {
            throw bad(line, "local and remote addresses have different lengths");
        }
        Endpoint local = endpoint(f[1], line);
        Endpoint remote = endpoint(f[2], line);
        int kernelState = hex(f[3], 2, line, "state");
        ConnectionState state;
        try {
            state = ConnectionState.fromKernel(kernelState, transport);
        } catch (IllegalArgumentException e) {
            throw bad(line, e.getMessage());
        }
        int colon = f[4].indexOf(':');
        if (colon < 0) {
            throw bad(line, "queue field " + quote(f[4]) + " is not TX:RX");
        }
        long txQueue = hexLong(f[4].substring(0, colon), line, "transmit queue");
        long rxQueue = hexLong(f[4].substring(colon + 1), line, "receive queue");
        int uid = (int) decimal(f[7], line, "uid", 0xffffffffL);
        long inode = decimal(f[9], line, "inode", Long.MAX_VALUE);
        return new Connection(ObserverType.SOCKET, transport, state, local, remote, Direction.UNKNOWN,
                Traffic.UNKNOWN, now, now, null, new SocketDetails(inode, uid, rxQueue, txQueue, null),
                Enrichment.NONE);
    }

    private static Endpoint endpoint(String field, String line) throws MalformedSocketDataException {
        int colon = field.indexOf(':');
        if (colon != 8 && colon != 32) {
            throw bad(line, "address " + quote(field) + " is not 8 or 32 hex digits, a colon and a port");
        }
        byte[] raw = new byte[colon / 2];
        for (int word = 0; word < colon / 8; word++) {
            long v = hexLong(field.substring(word * 8, word * 8 + 8), line, "address");
            // Each word was printed from host (little-endian) order: its lowest byte comes first.
            for (int b = 0; b < 4; b++) {
                raw[word * 4 + b] = (byte) (v >>> (8 * b));
            }
        }
        int port = hex(field.substring(colon + 1), 4, line, "port");
        InetAddress address = IpAddresses.fromBytes(raw);
        return new Endpoint(address, port);
    }

    private static int hex(String s, int maxDigits, String line, String what) throws MalformedSocketDataException {
        if (s.isEmpty() || s.length() > maxDigits) {
            throw bad(line, what + " " + quote(s) + " is not " + maxDigits + " hex digits");
        }
        return (int) hexLong(s, line, what);
    }

    private static long hexLong(String s, String line, String what) throws MalformedSocketDataException {
        if (s.isEmpty() || s.length() > 15) {
            throw bad(line, what + " " + quote(s) + " is not a hex number");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int d = c < 0x80 ? Character.digit(c, 16) : -1; // Character.digit also takes full-width and other digits
            if (d < 0) {
                throw bad(line, what + " " + quote(s) + " is not a hex number");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static long decimal(String s, String line, String what, long max) throws MalformedSocketDataException {
        if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw bad(line, what + " " + quote(s) + " is not a decimal number");
        }
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) { // 19 digits beyond a long
            throw bad(line, what + " " + s + " is out of range");
        }
        if (v > max) {
            throw bad(line, what + " " + s + " is out of range");
        }
        return v;
    }

    /** {@code why} must quote line content only through {@link #quote(String)}: the message is escaped and bounded. */
    private static MalformedSocketDataException bad(String line, String why) {
        return new MalformedSocketDataException("bad /proc/net line (" + why + "): " + shown(line.strip(), 200));
    }

    /** A field for a message: quoted, escaped and cut short. */
    private static String quote(String field) {
        return "'" + shown(field, 40) + "'";
    }

    /** At most {@code max} characters of {@code s} (then "..."), control and format characters escaped. */
    private static String shown(String s, int max) {
        boolean cut = s.length() > max;
        String escaped = escape(cut ? s.substring(0, max) : s);
        if (escaped.length() > max) {
            escaped = escaped.substring(0, max);
            cut = true;
        }
        return cut ? escaped + "..." : escaped;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c)) { // C0, DEL and C1 (0x9b is an 8-bit terminal escape)
                sb.append(String.format("\\x%02x", (int) c));
            } else if (type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) { // bidi overrides, zero-width, U+2028
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
