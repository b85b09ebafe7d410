package org.connwatch.source.linux;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.function.Consumer;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.ObserverType;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.TcpMetrics;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;

/**
 * Decodes the replies of a {@code NETLINK_SOCK_DIAG} dump ({@code SOCK_DIAG_BY_FAMILY}) into
 * connection records. Pure: it reads a buffer and does no I/O.
 *
 * <p>One reply datagram holds several messages, each a 16-byte {@code nlmsghdr} (length, type,
 * flags, sequence, port id; host byte order) followed, for type 20, by a 72-byte
 * {@code inet_diag_msg}: family, state, timer, retransmits (one byte each); the socket id (source
 * and destination port big-endian, two 16-byte addresses, interface, 8-byte cookie); expires,
 * receive queue, send queue, uid, inode (u32 each). Attributes ({@code rtattr}: u16 length, u16
 * type, payload padded to 4 bytes) follow; type 2 ({@code INET_DIAG_INFO}) carries
 * {@code struct tcp_info}. A dump ends with {@code NLMSG_DONE} (type 3); {@code NLMSG_ERROR}
 * (type 2) carries a negative errno.
 *
 * <p>Not thread-safe only in that each call works on the buffer it is given; instances hold no state.
 */
public final class SockDiagParser {
    static final int NLMSG_HDRLEN = 16;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int SOCK_DIAG_BY_FAMILY = 20;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int INET_DIAG_MSG_LEN = 72;
    static final int INET_DIAG_INFO = 2;
    /** Linux's TCP_TIMEWAIT_LEN: how long a closed connection stays in TIME_WAIT. */
    static final long TIME_WAIT_MILLIS = 60_000;

    /** What parsing one datagram found. */
    public enum Outcome { MORE, DONE }

    /** Counts of what was skipped, so the caller can report it once. */
    public static final class Counters {
        int skippedFamily;
        int skippedState;
        boolean interrupted;

        public int skipped() {
            return skippedFamily + skippedState;
        }

        /** True when the kernel flagged the dump as inconsistent (the table changed while it was read). */
        public boolean interrupted() {
            return interrupted;
        }
    }

    /**
     * Parses one datagram of a dump for the given transport.
     *
     * @param data      the datagram, positioned at its start; its byte order is ignored
     * @param transport the protocol that was asked for
     * @param now       the time stamped on each record
     * @param counters  where skipped records are counted
     * @param sink      receives each socket
     * @return {@link Outcome#DONE} when the dump ended in this datagram
     * @throws MalformedSocketDataException when a length field points outside the data
     * @throws NetlinkErrorException        when the kernel answered with an error
     */
    public Outcome parse(ByteBuffer data, Transport transport, Instant now, Counters counters,
                         Consumer<Connection> sink) throws MalformedSocketDataException, NetlinkErrorException {
        ByteBuffer buf = data.slice().order(ByteOrder.nativeOrder());
        int pos = 0;
        int limit = buf.limit();
        while (limit - pos >= NLMSG_HDRLEN) {
            int len = buf.getInt(pos);
            int type = Short.toUnsignedInt(buf.getShort(pos + 4));
            int flags = Short.toUnsignedInt(buf.getShort(pos + 6));
            if (len < NLMSG_HDRLEN || len > limit - pos) {
                throw new MalformedSocketDataException("netlink message at offset " + pos + " claims "
                        + Integer.toUnsignedString(len) + " bytes but " + (limit - pos) + " remain");
            }
            if ((flags & NLM_F_DUMP_INTR) != 0) {
                counters.interrupted = true;
            }
            switch (type) {
                case NLMSG_DONE -> {
                    // A dump that failed part way ends with a negative errno in DONE's payload.
                    if (len >= NLMSG_HDRLEN + 4 && buf.getInt(pos + NLMSG_HDRLEN) < 0) {
                        throw new NetlinkErrorException(-buf.getInt(pos + NLMSG_HDRLEN));
                    }
                    return Outcome.DONE;
                }
                case NLMSG_ERROR -> {
                    if (len < NLMSG_HDRLEN + 4) {
                        throw new MalformedSocketDataException("netlink error message at offset " + pos
                                + " is too short (" + len + " bytes)");
                    }
                    int error = buf.getInt(pos + NLMSG_HDRLEN);
                    if (error != 0) {
                        throw new NetlinkErrorException(-error);
                    }
                }
                case SOCK_DIAG_BY_FAMILY -> {
                    Connection c = socket(buf, pos, len, transport, now, counters);
                    if (c != null) {
                        sink.accept(c);
                    }
                }
                default -> {
                    // Other message types (NLMSG_NOOP, overrun notices) carry no socket.
                }
            }
            pos += (len + 3) & ~3;
        }
        if (limit - pos >= 4) {
            throw new MalformedSocketDataException("netlink datagram ends with " + (limit - pos)
                    + " bytes that are not a whole message header");
        }
        return Outcome.MORE;
    }

    static Connection socket(ByteBuffer buf, int msg, int len, Transport transport, Instant now,
                                     Counters counters) throws MalformedSocketDataException {
        int body = msg + NLMSG_HDRLEN;
        if (len < NLMSG_HDRLEN + INET_DIAG_MSG_LEN) {
            throw new MalformedSocketDataException("inet_diag message at offset " + msg + " is " + len
                    + " bytes, shorter than the " + (NLMSG_HDRLEN + INET_DIAG_MSG_LEN) + " it must have");
        }
        int family = Byte.toUnsignedInt(buf.get(body));
        int addrLen = switch (family) {
            case Libc.AF_INET -> 4;
            case Libc.AF_INET6 -> 16;
            default -> 0;
        };
        if (addrLen == 0) {
            counters.skippedFamily++;
            return null;
        }
        int kernelState = Byte.toUnsignedInt(buf.get(body + 1));
        ConnectionState state;
        try {
            state = ConnectionState.fromKernel(kernelState, transport);
        } catch (IllegalArgumentException e) {
            counters.skippedState++;
            return null;
        }
        int sport = bigEndianU16(buf, body + 4);
        int dport = bigEndianU16(buf, body + 6);
        InetAddress src = address(buf, body + 8, addrLen);
        InetAddress dst = address(buf, body + 24, addrLen);
        // idiag_cookie is two u32 in host order, the low half first.
        long cookie = Integer.toUnsignedLong(buf.getInt(body + 44))
                | Integer.toUnsignedLong(buf.getInt(body + 48)) << 32;
        long expiresMillis = Integer.toUnsignedLong(buf.getInt(body + 52));
        long rqueue = Integer.toUnsignedLong(buf.getInt(body + 56));
        long wqueue = Integer.toUnsignedLong(buf.getInt(body + 60));
        int uid = buf.getInt(body + 64);
        long inode = Integer.toUnsignedLong(buf.getInt(body + 68));

        TcpMetrics tcp = null;
        int attr = body + INET_DIAG_MSG_LEN;
        int end = msg + len;
        while (end - attr >= 4) {
            int rtaLen = Short.toUnsignedInt(buf.getShort(attr));
            int rtaType = Short.toUnsignedInt(buf.getShort(attr + 2));
            if (rtaLen < 4 || rtaLen > end - attr) {
                throw new MalformedSocketDataException("attribute at offset " + attr + " claims " + rtaLen
                        + " bytes but " + (end - attr) + " remain in its message");
            }
            if (rtaType == INET_DIAG_INFO && transport == Transport.TCP) {
                tcp = tcpInfo(buf, attr + 4, rtaLen - 4);
            }
            attr += (rtaLen + 3) & ~3;
        }
        Traffic traffic = Traffic.UNKNOWN;
        if (state == ConnectionState.LISTEN) {
            tcp = null; // a listener's tcp_info is all zeros: it moves no data itself
        } else if (tcp != null && tcp.bytesReceived() >= 0) {
            traffic = new Traffic(Math.max(0, tcp.uniqueBytesSent()), tcp.bytesReceived(), tcp.segmentsOut(),
                    tcp.segmentsIn());
        }
        Endpoint local = new Endpoint(src, sport);
        Endpoint remote = new Endpoint(dst, dport);
        // A TIME_WAIT socket's timer runs the kernel's fixed 60 s from the moment the connection
        // closed: its remaining time dates the close, so one snapshot shows when each of the last
        // minute's short connections ended (what makes a beacon visible without history).
        Instant seen = state == ConnectionState.TIME_WAIT && expiresMillis <= TIME_WAIT_MILLIS
                ? now.minusMillis(TIME_WAIT_MILLIS - expiresMillis) : now;
        return new Connection(ObserverType.SOCKET, transport, state, local, remote, Direction.UNKNOWN, traffic, seen,
                seen, null, new SocketDetails(inode, uid, rqueue, wqueue, tcp, cookie), Enrichment.NONE);
    }

    /** Reads the fields of {@code struct tcp_info} that fit in {@code size} bytes; the rest are -1. */
    static TcpMetrics tcpInfo(ByteBuffer buf, int at, int size) {
        return new TcpMetrics(
                u32(buf, at, size, 68), u32(buf, at, size, 72), u32(buf, at, size, 100),
                u64(buf, at, size, 200), u64(buf, at, size, 208), u64(buf, at, size, 120),
                u64(buf, at, size, 128), u32(buf, at, size, 136), u32(buf, at, size, 140));
    }

    private static long u32(ByteBuffer buf, int at, int size, int offset) {
        return offset + 4 <= size ? Integer.toUnsignedLong(buf.getInt(at + offset)) : -1;
    }

    private static long u64(ByteBuffer buf, int at, int size, int offset) {
        if (offset + 8 > size) {
            return -1;
        }
        long v = buf.getLong(at + offset);
        return v < 0 ? Long.MAX_VALUE : v;
    }

    private static int bigEndianU16(ByteBuffer buf, int at) {
        return ((buf.get(at) & 0xff) << 8) | (buf.get(at + 1) & 0xff);
    }

    private static InetAddress address(ByteBuffer buf, int at, int len) {
        byte[] raw = new byte[len];
        buf.get(at, raw);
        return IpAddresses.fromBytes(raw);
    }
}
