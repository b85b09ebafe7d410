package org.connwatch.source.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.function.Consumer;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;

/**
 * Reads the kernel's socket tables through a {@code NETLINK_SOCK_DIAG} socket (what {@code ss}
 * uses), called through the FFM API.
 *
 * <p>One instance owns one netlink socket and one receive buffer; one thread at a time may use it (not
 * necessarily the one that opened it: a daemon opens it, then polls on its own thread). Close it
 * to release both.
 */
public final class NetlinkSockDiag implements AutoCloseable {
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final int NLM_F_REQUEST = 0x1;
    private static final int NLM_F_DUMP = 0x300;
    private static final int REQUEST_LEN = SockDiagParser.NLMSG_HDRLEN + 56;
    /** The kernel fills dump datagrams up to 32 KiB; a larger buffer never truncates one. */
    private static final int RECEIVE_BUFFER = 64 * 1024;
    private static final int ALL_STATES = 0xffffffff;
    /** Ask for INET_DIAG_INFO (tcp_info): bit (INET_DIAG_INFO - 1). */
    private static final int EXT_INFO = 1 << (SockDiagParser.INET_DIAG_INFO - 1);

    private final Arena arena = Arena.ofShared(); // one thread at a time, not always the one that opened it
    private final MemorySegment errno = Libc.newErrnoCapture(arena);
    private final MemorySegment request = arena.allocate(REQUEST_LEN, 8);
    private final MemorySegment kernel = arena.allocate(12, 4);
    private final MemorySegment receive = arena.allocate(RECEIVE_BUFFER, 8);
    private final SockDiagParser parser = new SockDiagParser();
    private final int fd;
    private int sequence;

    private NetlinkSockDiag(int fd) {
        this.fd = fd;
        kernel.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK); // sockaddr_nl, pid 0 = the kernel
    }

    /**
     * Opens a netlink socket.
     *
     * @throws IOException naming the errno when the kernel refuses (EPERM in a locked-down sandbox,
     *                     EAFNOSUPPORT without netlink)
     */
    public static NetlinkSockDiag open() throws IOException {
        if (!Libc.isAvailable()) {
            throw new IOException("native calls are unavailable: " + Libc.unavailabilityCause());
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = Libc.newErrnoCapture(a);
            int fd = Libc.socket(capture, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
            if (fd < 0) {
                int e = Libc.errno(capture);
                throw new IOException("netlink socket refused: " + Libc.strerror(e) + " (errno " + e + ")");
            }
            MemorySegment size = a.allocateFrom(ValueLayout.JAVA_INT, 1 << 20);
            Libc.setsockopt(capture, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, size, 4); // best effort
            return new NetlinkSockDiag(fd);
        }
    }

    /**
     * Dumps every socket of one protocol and address family.
     *
     * @param family    {@link Libc#AF_INET} or {@link Libc#AF_INET6}
     * @param transport TCP or UDP
     * @return what was skipped or flagged during the dump
     * @throws NetlinkErrorException       when the kernel refuses the request (ENOENT: no diag
     *                                     module for this protocol)
     * @throws MalformedSocketDataException when a reply does not parse
     */
    public SockDiagParser.Counters dump(int family, Transport transport, Instant now, Consumer<Connection> sink)
            throws IOException {
        return dump(family, transport, now, sink, null);
    }

    /**
     * Like {@link #dump(int, Transport, Instant, Consumer)}, also handing each raw reply datagram
     * to {@code tap} (a read-only copy) before it is parsed: for recording samples and debugging.
     */
    public SockDiagParser.Counters dump(int family, Transport transport, Instant now, Consumer<Connection> sink,
                                        Consumer<ByteBuffer> tap) throws IOException {
        int seq = ++sequence;
        request.fill((byte) 0);
        request.set(ValueLayout.JAVA_INT, 0, REQUEST_LEN);
        request.set(ValueLayout.JAVA_SHORT, 4, (short) SockDiagParser.SOCK_DIAG_BY_FAMILY);
        request.set(ValueLayout.JAVA_SHORT, 6, (short) (NLM_F_REQUEST | NLM_F_DUMP));
        request.set(ValueLayout.JAVA_INT, 8, seq);
        // struct inet_diag_req_v2: family, protocol, ext, pad, states, then a zero socket id.
        request.set(ValueLayout.JAVA_BYTE, 16, (byte) family);
        request.set(ValueLayout.JAVA_BYTE, 17, (byte) transport.protocolNumber());
        request.set(ValueLayout.JAVA_BYTE, 18, (byte) (transport == Transport.TCP ? EXT_INFO : 0));
        request.set(ValueLayout.JAVA_INT, 20, ALL_STATES);
        long sent;
        do {
            sent = Libc.sendto(errno, fd, request, REQUEST_LEN, 0, kernel, 12);
        } while (sent < 0 && Libc.errno(errno) == Libc.EINTR);
        if (sent < 0) {
            int e = Libc.errno(errno);
            throw new IOException("netlink request failed: " + Libc.strerror(e) + " (errno " + e + ")");
        }
        SockDiagParser.Counters counters = new SockDiagParser.Counters();
        while (true) {
            long n = Libc.recv(errno, fd, receive, RECEIVE_BUFFER, 0);
            if (n < 0) {
                int e = Libc.errno(errno);
                if (e == Libc.EINTR) {
                    continue;
                }
                throw new IOException("netlink receive failed: " + Libc.strerror(e) + " (errno " + e + ")");
            }
            if (n == 0) {
                throw new MalformedSocketDataException("netlink dump ended without NLMSG_DONE");
            }
            ByteBuffer datagram = receive.asSlice(0, n).asByteBuffer();
            if (tap != null) {
                tap.accept(ByteBuffer.wrap(receive.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE)).asReadOnlyBuffer());
            }
            if (parser.parse(datagram, transport, now, counters, sink) == SockDiagParser.Outcome.DONE) {
                return counters;
            }
        }
    }

    @Override
    public void close() {
        Libc.close(fd);
        arena.close();
    }
}
