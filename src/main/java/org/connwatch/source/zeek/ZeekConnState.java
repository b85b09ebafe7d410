package org.connwatch.source.zeek;

import org.connwatch.records.ConnectionState;
import org.connwatch.records.Transport;

/**
 * Maps Zeek's {@code conn_state} summary to a {@link ConnectionState}, as seen from the local end.
 *
 * <p>TCP:
 * <table>
 *   <caption>conn_state to state</caption>
 *   <tr><th>conn_state</th><th>Zeek's meaning</th><th>state</th></tr>
 *   <tr><td>S0</td><td>attempt seen, no reply</td><td>SYN_SENT</td></tr>
 *   <tr><td>S1</td><td>established, not terminated</td><td>ESTABLISHED</td></tr>
 *   <tr><td>OTH</td><td>no SYN seen, just midstream traffic</td><td>ESTABLISHED</td></tr>
 *   <tr><td>S2</td><td>established, the originator closed, no reply</td>
 *       <td>FIN_WAIT1 when the local end is the originator, else CLOSE_WAIT</td></tr>
 *   <tr><td>S3</td><td>established, the responder closed, no reply</td>
 *       <td>FIN_WAIT1 when the local end is the responder, else CLOSE_WAIT</td></tr>
 *   <tr><td>SF, REJ, RSTO, RSTR, RSTOS0, RSTRH, SH, SHR</td><td>closed normally, rejected, reset
 *       or half-open and given up</td><td>CLOSE</td></tr>
 *   <tr><td>unset or unknown</td><td></td><td>ESTABLISHED when both sides sent, else SYN_SENT</td></tr>
 * </table>
 *
 * <p>UDP and ICMP have no handshake: ESTABLISHED when both sides sent packets, else UNCONN.
 * "Both sides sent" is read from {@code orig_pkts}/{@code resp_pkts} when both are set, else
 * from {@code orig_bytes}/{@code resp_bytes}, else from the conn_state (S1, SF, S2, S3 and
 * the RST states mean both sides were seen).
 */
final class ZeekConnState {
    private ZeekConnState() {
    }

    /**
     * @param localIsOriginator true unless the responder is the local end (an inbound connection)
     * @param origPkts          packets the originator sent, -1 when unset (and so on for the other counts)
     */
    static ConnectionState of(String connState, Transport transport, boolean localIsOriginator, long origPkts,
                              long respPkts, long origBytes, long respBytes) {
        boolean bothSent = bothSent(connState, origPkts, respPkts, origBytes, respBytes);
        if (transport != Transport.TCP) {
            return bothSent ? ConnectionState.ESTABLISHED : ConnectionState.UNCONN;
        }
        if (connState == null) {
            return bothSent ? ConnectionState.ESTABLISHED : ConnectionState.SYN_SENT;
        }
        return switch (connState) {
            case "S0" -> ConnectionState.SYN_SENT;
            case "S1", "OTH" -> ConnectionState.ESTABLISHED;
            case "S2" -> localIsOriginator ? ConnectionState.FIN_WAIT1 : ConnectionState.CLOSE_WAIT;
            case "S3" -> localIsOriginator ? ConnectionState.CLOSE_WAIT : ConnectionState.FIN_WAIT1;
            case "SF", "REJ", "RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR" -> ConnectionState.CLOSE;
            default -> bothSent ? ConnectionState.ESTABLISHED : ConnectionState.SYN_SENT;
        };
    }

    private static boolean bothSent(String connState, long origPkts, long respPkts, long origBytes, long respBytes) {
        if (origPkts >= 0 && respPkts >= 0) {
            return origPkts > 0 && respPkts > 0;
        }
        if (origBytes >= 0 && respBytes >= 0 && origBytes > 0 && respBytes > 0) {
            return true;
        }
        return connState != null && switch (connState) {
            case "S1", "SF", "S2", "S3", "RSTO", "RSTR" -> true;
            default -> false;
        };
    }
}
