package org.connwatch.source.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.function.Consumer;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/**
 * Decodes the kernel's socket-destroy broadcasts (the {@code SKNLGRP_INET*_DESTROY} multicast groups of
 * {@code NETLINK_SOCK_DIAG}) into connection records. Pure: it reads a buffer and does no I/O.
 *
 * <p>Each broadcast is one datagram holding one message, as checked on Linux 6.18: a 16-byte
 * {@code nlmsghdr} of type 20 ({@code SOCK_DIAG_BY_FAMILY}, sequence and port id 0), the 72-byte
 * {@code inet_diag_msg} of a dump reply with the uid, inode and timers zeroed (the socket no longer
 * belongs to a file), then the attributes {@code INET_DIAG_PROTOCOL} (type 10, one byte: 6 TCP, 17 UDP)
 * and, for TCP, {@code INET_DIAG_INFO} with the final {@code tcp_info}. A TCP socket is reported in
 * state 7 ({@code TCP_CLOSE}) with its cookie, which its TIME_WAIT successor keeps. A sample, a TCP
 * client that sent 1,000 bytes and received 300 (the peer's FIN counts one more):
 * <pre>
 * len=380 type=20 fam=2 st=7 38194->45619 cookie=579778 attrs=[10:5 proto=6, 2:284 sent=1000 rcvd=301]
 * </pre>
 *
 * <p>A TCP socket disconnected before it was freed (closed with a reset by {@code SO_LINGER 0}) is
 * announced with its local address, remote port and byte counters cleared by the kernel's
 * {@code tcp_disconnect}: {@code 0.0.0.0:57710 -> 127.0.0.1:0, sent=0 rcvd=0}. Its traffic is then
 * reported unknown, not 0; the ends are what they are (the monitor keeps those of an earlier poll).
 *
 * <p>Stateless apart from the counters it is given; a malformed datagram throws, so the caller can
 * count it and go on with the next.
 */
public final class SocketEventParser {
    static final int INET_DIAG_PROTOCOL = 10;
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_UDP = 17;

    /** Counts of what was skipped, so the caller can report it once. */
    public static final class Counters {
        long skippedProtocol;
        final SockDiagParser.Counters socket = new SockDiagParser.Counters();

        /** Records skipped: an unknown family, state or protocol (or none given). */
        public long skipped() {
            return skippedProtocol + socket.skipped();
        }
    }

    /**
     * Parses one datagram of broadcasts.
     *
     * @param data     the datagram, positioned at its start
     * @param now      the time stamped on each record (when it was received)
     * @param counters where skipped records are counted
     * @param sink     receives each destroyed socket, with its state at the end and, for TCP, its byte counts
     * @return how many records went to the sink
     * @throws MalformedSocketDataException when a length field points outside the data
     */
    public int parse(ByteBuffer data, Instant now, Counters counters, Consumer<Connection> sink)
            throws MalformedSocketDataException {
        ByteBuffer buf = data.slice().order(ByteOrder.nativeOrder());
        int pos = 0;
        int limit = buf.limit();
        int found = 0;
        while (limit - pos >= SockDiagParser.NLMSG_HDRLEN) {
            int len = buf.getInt(pos);
            int type = Short.toUnsignedInt(buf.getShort(pos + 4));
            if (len < SockDiagParser.NLMSG_HDRLEN || len > limit - pos) {
                throw new MalformedSocketDataException("netlink message at offset " + pos + " claims "
                        + Integer.toUnsignedString(len) + " bytes but " + (limit - pos) + " remain");
            }
            if (type == SockDiagParser.SOCK_DIAG_BY_FAMILY) {
                Transport transport = transport(buf, pos, len);
                if (transport == null) {
                    counters.skippedProtocol++;
                } else {
                    Connection c = SockDiagParser.socket(buf, pos, len, transport, now, counters.socket);
                    if (c != null && transport == Transport.TCP && c.remote().port() == 0
                            && c.state() != ConnectionState.LISTEN) {
                        c = disconnected(c);
                    }
                    if (c != null) {
                        sink.accept(c);
                        found++;
                    }
                }
            }
            pos += (len + 3) & ~3;
        }
        if (limit - pos >= 4) {
            throw new MalformedSocketDataException("netlink datagram ends with " + (limit - pos)
                    + " bytes that are not a whole message header");
        }
        return found;
    }

    /** A socket whose counters the kernel cleared: traffic unknown, no tcp_info. */
    private static Connection disconnected(Connection c) {
        SocketDetails s = c.socket();
        return new Connection(c.observer(), c.transport(), c.state(), c.local(), c.remote(), c.direction(),
                Traffic.UNKNOWN, c.firstSeen(), c.lastSeen(), c.process(),
                new SocketDetails(s.inode(), s.uid(), s.receiveQueue(), s.sendQueue(), null, s.cookie()),
                c.enrichment());
    }

    /** The protocol the message's {@code INET_DIAG_PROTOCOL} attribute names; null when absent or other. */
    private static Transport transport(ByteBuffer buf, int msg, int len) throws MalformedSocketDataException {
        if (len < SockDiagParser.NLMSG_HDRLEN + SockDiagParser.INET_DIAG_MSG_LEN) {
            throw new MalformedSocketDataException("inet_diag message at offset " + msg + " is " + len
                    + " bytes, shorter than the " + (SockDiagParser.NLMSG_HDRLEN + SockDiagParser.INET_DIAG_MSG_LEN)
                    + " it must have");
        }
        int attr = msg + SockDiagParser.NLMSG_HDRLEN + SockDiagParser.INET_DIAG_MSG_LEN;
        int end = msg + len;
        while (end - attr >= 4) {
            int rtaLen = Short.toUnsignedInt(buf.getShort(attr));
            int rtaType = Short.toUnsignedInt(buf.getShort(attr + 2));
            if (rtaLen < 4 || rtaLen > end - attr) {
                throw new MalformedSocketDataException("attribute at offset " + attr + " claims " + rtaLen
                        + " bytes but " + (end - attr) + " remain in its message");
            }
            if (rtaType == INET_DIAG_PROTOCOL && rtaLen >= 5) {
                return switch (Byte.toUnsignedInt(buf.get(attr + 4))) {
                    case IPPROTO_TCP -> Transport.TCP;
                    case IPPROTO_UDP -> Transport.UDP;
                    default -> null;
                };
            }
            attr += (rtaLen + 3) & ~3;
        }
        return null;
    }
}
