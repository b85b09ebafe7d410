package org.connwatch.source.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.connwatch.records.Connection;

/**
 * The kernel's announcements of sockets as they are freed: a {@code NETLINK_SOCK_DIAG} socket joined
 * to the four destroy groups (TCP and UDP, IPv4 and IPv6), so that a connection that opens and closes
 * between two snapshots is still seen, with its final byte counts. Needs CAP_NET_ADMIN (root);
 * without it {@link #open} throws naming the errno.
 *
 * <p>The kernel drops announcements when the receive buffer is full; each such overrun shows as
 * {@code ENOBUFS} on the next read and is counted in {@link #overruns()}. The buffer is raised with
 * {@code SO_RCVBUFFORCE} (or {@code SO_RCVBUF} up to {@code net.core.rmem_max} when that is refused).
 *
 * <p>Threads: one thread calls {@link #receive}; the counters may be read from any thread;
 * {@link #close()} only after the receiving thread has returned.
 */
public final class SocketCloseEvents implements AutoCloseable {
    private static final int NETLINK_SOCK_DIAG = 4;
    /** SKNLGRP_INET_TCP_DESTROY=1, INET_UDP=2, INET6_TCP=3, INET6_UDP=4: bit (group - 1) each. */
    private static final int DESTROY_GROUPS = 0b1111;
    /** One announcement is under 400 bytes; a page-sized read never cuts one. */
    private static final int DATAGRAM_BUFFER = 64 * 1024;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Libc.newErrnoCapture(arena);
    private final MemorySegment receive = arena.allocate(DATAGRAM_BUFFER, 8);
    private final SocketEventParser parser = new SocketEventParser();
    private final SocketEventParser.Counters counters = new SocketEventParser.Counters();
    private final int fd;
    private final int bufferBytes;
    private volatile long received;
    private volatile long overruns;
    private volatile long malformed;
    private volatile String lastMalformed;

    private SocketCloseEvents(int fd, int bufferBytes) {
        this.fd = fd;
        this.bufferBytes = bufferBytes;
    }

    /**
     * Opens the socket and joins the destroy groups.
     *
     * @param bufferBytes the receive buffer wanted (the kernel doubles it for its bookkeeping)
     * @param wait        how long one {@link #receive} call waits for the first announcement
     * @throws IOException naming the errno when the kernel refuses (EPERM without CAP_NET_ADMIN)
     */
    public static SocketCloseEvents open(int bufferBytes, Duration wait) throws IOException {
        if (!Libc.isAvailable()) {
            throw new IOException("native calls are unavailable: " + Libc.unavailabilityCause());
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment capture = Libc.newErrnoCapture(a);
            int fd = Libc.socket(capture, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
            if (fd < 0) {
                throw failure("netlink socket refused", Libc.errno(capture));
            }
            MemorySegment size = a.allocateFrom(ValueLayout.JAVA_INT, bufferBytes);
            if (Libc.setsockopt(capture, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, size, 4) < 0) {
                Libc.setsockopt(capture, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, size, 4); // capped by rmem_max
            }
            MemorySegment timeout = a.allocate(16, 8); // struct timeval: seconds, microseconds
            long micros = Math.max(1000, wait.toNanos() / 1000);
            timeout.set(ValueLayout.JAVA_LONG, 0, micros / 1_000_000);
            timeout.set(ValueLayout.JAVA_LONG, 8, micros % 1_000_000);
            Libc.setsockopt(capture, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, 16);
            MemorySegment address = a.allocate(12, 4); // sockaddr_nl: family, pad, pid, groups
            address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
            address.set(ValueLayout.JAVA_INT, 8, DESTROY_GROUPS);
            if (Libc.bind(capture, fd, address, 12) < 0) {
                int e = Libc.errno(capture);
                Libc.close(fd);
                throw failure("joining the socket-destroy groups refused", e);
            }
            return new SocketCloseEvents(fd, bufferBytes);
        }
    }

    private static IOException failure(String what, int e) {
        return new IOException(what + ": " + Libc.strerror(e) + " (errno " + e + ")"
                + (e == 1 ? "; needs CAP_NET_ADMIN (root)" : ""));
    }

    /**
     * Waits up to the open's {@code wait} for announcements and hands each closed socket to
     * {@code sink}, reading on without waiting while more are queued (at most {@code max} datagrams).
     *
     * @return how many closed sockets went to the sink
     * @throws IOException when the socket fails otherwise than by a timeout or an overrun
     */
    public int receive(Consumer<Connection> sink, Clock clock, int max) throws IOException {
        int count = 0;
        int flags = 0;
        for (int i = 0; i < max; i++) {
            long n = Libc.recv(errno, fd, receive, DATAGRAM_BUFFER, flags);
            if (n < 0) {
                int e = Libc.errno(errno);
                if (e == Libc.EINTR) {
                    continue;
                }
                if (e == Libc.ENOBUFS) {
                    overruns++;
                    continue;
                }
                if (e == Libc.EAGAIN) {
                    break;
                }
                throw failure("netlink receive failed", e);
            }
            flags = MSG_DONTWAIT;
            try {
                count += parser.parse(receive.asSlice(0, n).asByteBuffer(), clock.instant(), counters, sink);
            } catch (MalformedSocketDataException e) {
                malformed++;
                lastMalformed = e.getMessage();
            }
        }
        received += count;
        return count;
    }

    private static final int MSG_DONTWAIT = 0x40;

    /** Closed sockets announced so far. */
    public long received() {
        return received;
    }

    /** Times the kernel had to drop announcements because the buffer was full (ENOBUFS). */
    public long overruns() {
        return overruns;
    }

    /** Datagrams that did not parse, skipped. */
    public long malformed() {
        return malformed;
    }

    /** Records of an unknown family, state or protocol, skipped. */
    public long skipped() {
        return counters.skipped();
    }

    /** What the last malformed datagram was, null when none. */
    public String lastMalformed() {
        return lastMalformed;
    }

    /** The receive buffer asked for. */
    public int bufferBytes() {
        return bufferBytes;
    }

    @Override
    public void close() {
        Libc.close(fd);
        arena.close();
    }
}
