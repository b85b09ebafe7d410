package org.connwatch.source.capture.flow;

import org.connwatch.records.ConnectionState;

/**
 * What a flow's status word records, and how it maps onto a {@link ConnectionState}. The low 16
 * bits are the TCP flags seen from A (the initiator) and from B; then what happened in the
 * handshake and the close; then how far the payload inspection got (for every protocol).
 *
 * <table>
 *   <caption>TCP state of a captured flow</caption>
 *   <tr><th>seen</th><th>state</th></tr>
 *   <tr><td>a RST, either way</td><td>CLOSE</td></tr>
 *   <tr><td>FIN both ways</td><td>TIME_WAIT</td></tr>
 *   <tr><td>FIN one way</td><td>FIN_WAIT1</td></tr>
 *   <tr><td>the initiator's ACK of the SYN-ACK, or payload outside SYNs</td><td>ESTABLISHED</td></tr>
 *   <tr><td>SYN and SYN-ACK only</td><td>SYN_RECV</td></tr>
 *   <tr><td>SYN only</td><td>SYN_SENT</td></tr>
 *   <tr><td>no SYN at all (picked up mid-stream): ACKs only</td><td>ESTABLISHED</td></tr>
 * </table>
 * UDP, ICMP and ICMPv6: ESTABLISHED when both ends sent, else UNCONN.
 */
final class TcpStatus {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    /** The initiator sent a SYN without ACK. */
    static final int SYN_A = 1 << 16;
    /** The responder sent a SYN-ACK. */
    static final int SYNACK_B = 1 << 17;
    /** The initiator acknowledged the SYN-ACK. */
    static final int HANDSHAKE = 1 << 18;
    static final int FIN_A = 1 << 19;
    static final int FIN_B = 1 << 20;
    static final int RST_SEEN = 1 << 21;
    /** Payload in a segment without SYN. */
    static final int DATA = 1 << 22;
    /** Payload inspection: how many client payload packets were looked at (0 to 3). */
    static final int CLIENT_PACKETS_SHIFT = 24;
    static final int CLIENT_PACKETS_MASK = 3 << CLIENT_PACKETS_SHIFT;
    /** Payload inspection is over for this flow (a name found, or nothing to find). */
    static final int INSPECTED = 1 << 26;

    /** The letters of each of the 256 flag sets, made once and never changed: no string per flow record. */
    private static final String[] LETTERS = new String[256];

    static {
        for (int f = 0; f < LETTERS.length; f++) {
            LETTERS[f] = letters(f);
        }
    }

    private TcpStatus() {
    }

    /** Folds one TCP segment into the status; {@code fromA} when the initiator sent it. */
    static int update(int status, boolean fromA, int flags, boolean hasPayload) {
        int s = status | (fromA ? flags : flags << 8);
        boolean syn = (flags & SYN) != 0;
        boolean ack = (flags & ACK) != 0;
        if (syn && !ack && fromA) {
            s |= SYN_A;
        }
        if (syn && ack && !fromA) {
            s |= SYNACK_B;
        }
        if (!syn && ack && fromA && (s & SYNACK_B) != 0) {
            s |= HANDSHAKE;
        }
        if (hasPayload && !syn) {
            s |= DATA;
        }
        if ((flags & FIN) != 0) {
            s |= fromA ? FIN_A : FIN_B;
        }
        if ((flags & RST) != 0) {
            s |= RST_SEEN;
        }
        return s;
    }

    /** Closed by a RST or by FINs both ways: the flow waits out the grace time. */
    static boolean closed(int status) {
        return (status & RST_SEEN) != 0 || (status & (FIN_A | FIN_B)) == (FIN_A | FIN_B);
    }

    /** A FIN or RST was seen: a new SYN after it is a new connection on the same ports. */
    static boolean closing(int status) {
        return (status & (FIN_A | FIN_B | RST_SEEN)) != 0;
    }

    static ConnectionState tcpState(int status) {
        if ((status & RST_SEEN) != 0) {
            return ConnectionState.CLOSE;
        }
        if ((status & (FIN_A | FIN_B)) == (FIN_A | FIN_B)) {
            return ConnectionState.TIME_WAIT;
        }
        if ((status & (FIN_A | FIN_B)) != 0) {
            return ConnectionState.FIN_WAIT1;
        }
        if ((status & (HANDSHAKE | DATA)) != 0) {
            return ConnectionState.ESTABLISHED;
        }
        if ((status & SYNACK_B) != 0) {
            return ConnectionState.SYN_RECV;
        }
        return (status & SYN_A) != 0 ? ConnectionState.SYN_SENT : ConnectionState.ESTABLISHED;
    }

    /** The flags seen either way in the order {@code SAFRPUEC}. */
    static String flagLetters(int status) {
        return LETTERS[(status | status >>> 8) & 0xFF];
    }

    private static String letters(int f) {
        StringBuilder sb = new StringBuilder(8);
        append(sb, f, SYN, 'S');
        append(sb, f, ACK, 'A');
        append(sb, f, FIN, 'F');
        append(sb, f, RST, 'R');
        append(sb, f, 0x08, 'P');
        append(sb, f, 0x20, 'U');
        append(sb, f, 0x40, 'E');
        append(sb, f, 0x80, 'C');
        return sb.toString();
    }

    private static void append(StringBuilder sb, int flags, int bit, char letter) {
        if ((flags & bit) != 0) {
            sb.append(letter);
        }
    }
}
