package org.connwatch.source.capture.live;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * An {@code AF_PACKET} socket with its {@code TPACKET_V3} receive ring mapped into memory, set up
 * so that no packet reaches the ring before the filter is in place.
 *
 * <p>The order of {@link #open}: the socket is made with protocol 0, which receives nothing; bound
 * to the interface (still protocol 0) so {@code getsockname} tells its hardware type; switched to
 * {@code TPACKET_V3} with 4 bytes reserved before each frame (room to put a VLAN tag back); given
 * its ring, mapped; given its BPF filter; put in promiscuous mode if asked; and only then bound
 * with protocol {@code ETH_P_ALL}, from which moment the kernel delivers packets, all of them
 * through the filter.
 *
 * <p>Owned by {@link LiveCapture}, which serialises {@link #close()} against the capture loop.
 * {@link #readStatistics} and {@link #pendingError} may be called from any thread while open.
 */
final class RingSocket {
    private static final int VLAN_RESERVE = BlockWalker.VLAN_TAG_LENGTH;
    private static final ValueLayout.OfShort NET_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    final int fd;
    final MemorySegment ring;
    final int hardwareType;
    private final long address;

    private RingSocket(int fd, long address, long length, int hardwareType) {
        this.fd = fd;
        this.address = address;
        this.ring = MemorySegment.ofAddress(address).reinterpret(length);
        this.hardwareType = hardwareType;
    }

    /**
     * Opens the socket and its ring.
     *
     * @param interfaceIndex the interface to bind to, 0 for every interface
     * @param filter         chooses the BPF program once the interface's hardware type is known
     * @param label          the interface for messages ({@code "eth0"}, {@code "every interface"})
     * @throws CapturePermissionException without {@code CAP_NET_RAW}
     * @throws IOException                naming the step the kernel refused, and why
     */
    static RingSocket open(LiveCaptureOptions options, int interfaceIndex, FilterChoice filter, String label)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = CaptureLibc.newErrnoCapture(arena);
            int fd = CaptureLibc.socket(errno, CaptureLibc.AF_PACKET,
                    CaptureLibc.SOCK_RAW | CaptureLibc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                int e = CaptureLibc.errno(errno);
                if (e == CaptureLibc.EPERM || e == CaptureLibc.EACCES) {
                    throw new CapturePermissionException(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(), e);
                }
                throw new IOException(CaptureLibc.describe("cannot open a packet socket for " + label, e));
            }
            long mapped = -1;
            long length = options.ringBytes();
            try {
                int hardwareType = -1;
                if (interfaceIndex != 0) {
                    bind(arena, errno, fd, interfaceIndex, 0);
                    hardwareType = hardwareType(arena, errno, fd);
                }
                setInt(arena, errno, fd, CaptureLibc.PACKET_VERSION, CaptureLibc.TPACKET_V3,
                        "TPACKET_V3 (Linux 3.2 or newer)");
                setInt(arena, errno, fd, CaptureLibc.PACKET_RESERVE, VLAN_RESERVE, "PACKET_RESERVE");
                // struct tpacket_req3: block_size, block_nr, frame_size, frame_nr, retire_blk_tov (ms),
                // sizeof_priv, feature_req_word.
                MemorySegment req = arena.allocate(28, 4);
                req.set(ValueLayout.JAVA_INT, 0, options.blockSize());
                req.set(ValueLayout.JAVA_INT, 4, options.blockCount());
                req.set(ValueLayout.JAVA_INT, 8, options.frameSize());
                req.set(ValueLayout.JAVA_INT, 12, (options.blockSize() / options.frameSize()) * options.blockCount());
                req.set(ValueLayout.JAVA_INT, 16, (int) options.blockTimeout().toMillis());
                if (CaptureLibc.setsockopt(errno, fd, CaptureLibc.SOL_PACKET, CaptureLibc.PACKET_RX_RING, req,
                        28) != 0) {
                    throw new IOException(CaptureLibc.describe("the kernel refused a receive ring of "
                            + options.blockCount() + " blocks of " + options.blockSize() + " bytes",
                            CaptureLibc.errno(errno)));
                }
                mapped = CaptureLibc.mmap(errno, length, CaptureLibc.PROT_READ | CaptureLibc.PROT_WRITE,
                        CaptureLibc.MAP_SHARED, fd);
                if (mapped == -1) {
                    throw new IOException(CaptureLibc.describe("cannot map the " + length + "-byte receive ring",
                            CaptureLibc.errno(errno)));
                }
                BpfProgram program = filter.programFor(hardwareType);
                if (program != null) {
                    if (CaptureLibc.setsockopt(errno, fd, CaptureLibc.SOL_SOCKET, CaptureLibc.SO_ATTACH_FILTER,
                            program.toSockFprog(arena), 16) != 0) {
                        throw new IOException(CaptureLibc.describe("the kernel refused the capture filter ("
                                + program.length() + " BPF instructions)", CaptureLibc.errno(errno)));
                    }
                }
                if (options.promiscuous()) {
                    // struct packet_mreq { int mr_ifindex; u16 mr_type; u16 mr_alen; u8 mr_address[8]; }
                    MemorySegment mreq = arena.allocate(16, 4);
                    mreq.set(ValueLayout.JAVA_INT, 0, interfaceIndex);
                    mreq.set(ValueLayout.JAVA_SHORT, 4, (short) CaptureLibc.PACKET_MR_PROMISC);
                    if (CaptureLibc.setsockopt(errno, fd, CaptureLibc.SOL_PACKET, CaptureLibc.PACKET_ADD_MEMBERSHIP,
                            mreq, 16) != 0) {
                        throw new IOException(CaptureLibc.describe("cannot switch on promiscuous mode",
                                CaptureLibc.errno(errno)));
                    }
                }
                bind(arena, errno, fd, interfaceIndex, CaptureLibc.ETH_P_ALL);
                RingSocket socket = new RingSocket(fd, mapped, length, hardwareType);
                int pending = socket.pendingError();
                if (pending == CaptureLibc.ENETDOWN) {
                    throw new IOException("cannot capture on " + label + ": the interface is down");
                } else if (pending != 0) {
                    throw new IOException(CaptureLibc.describe("cannot capture on " + label, pending));
                }
                return socket;
            } catch (IOException | RuntimeException e) {
                if (mapped != -1) {
                    CaptureLibc.munmap(mapped, length);
                }
                CaptureLibc.close(fd);
                throw e;
            }
        }
    }

    /** Binds to an interface (0: every one) for a protocol (0: none yet, {@code ETH_P_ALL}: all). */
    private static void bind(Arena arena, MemorySegment errno, int fd, int interfaceIndex, int protocol)
            throws IOException {
        MemorySegment sll = arena.allocate(CaptureLibc.SOCKADDR_LL_SIZE, 4);
        sll.set(ValueLayout.JAVA_SHORT, 0, (short) CaptureLibc.AF_PACKET);
        sll.set(NET_U16, 2, (short) protocol);
        sll.set(ValueLayout.JAVA_INT, 4, interfaceIndex);
        if (CaptureLibc.bind(errno, fd, sll, CaptureLibc.SOCKADDR_LL_SIZE) != 0) {
            throw new IOException(CaptureLibc.describe("cannot bind the packet socket to interface index "
                    + interfaceIndex, CaptureLibc.errno(errno)));
        }
    }

    /** The bound interface's hardware type ({@code sll_hatype} from {@code getsockname}). */
    private static int hardwareType(Arena arena, MemorySegment errno, int fd) throws IOException {
        MemorySegment sll = arena.allocate(CaptureLibc.SOCKADDR_LL_SIZE, 4);
        MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, CaptureLibc.SOCKADDR_LL_SIZE);
        if (CaptureLibc.getsockname(errno, fd, sll, length) != 0) {
            throw new IOException(CaptureLibc.describe("getsockname on the packet socket", CaptureLibc.errno(errno)));
        }
        return Short.toUnsignedInt(sll.get(ValueLayout.JAVA_SHORT, 8));
    }

    private static void setInt(Arena arena, MemorySegment errno, int fd, int option, int value, String what)
            throws IOException {
        if (CaptureLibc.setsockopt(errno, fd, CaptureLibc.SOL_PACKET, option,
                arena.allocateFrom(ValueLayout.JAVA_INT, value), 4) != 0) {
            throw new IOException(CaptureLibc.describe("the kernel refused " + what, CaptureLibc.errno(errno)));
        }
    }

    /**
     * Reads and resets the kernel's counters ({@code struct tpacket_stats_v3}: tp_packets, tp_drops,
     * tp_freeze_q_cnt) into {@code into[0..2]}; {@code tp_packets} counts the dropped packets too.
     */
    void readStatistics(long[] into) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = CaptureLibc.newErrnoCapture(arena);
            MemorySegment stats = arena.allocate(12, 4);
            MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, 12);
            if (CaptureLibc.getsockopt(errno, fd, CaptureLibc.SOL_PACKET, CaptureLibc.PACKET_STATISTICS, stats,
                    length) != 0) {
                throw new IOException(CaptureLibc.describe("cannot read the capture statistics",
                        CaptureLibc.errno(errno)));
            }
            into[0] = Integer.toUnsignedLong(stats.get(ValueLayout.JAVA_INT, 0));
            into[1] = Integer.toUnsignedLong(stats.get(ValueLayout.JAVA_INT, 4));
            into[2] = Integer.toUnsignedLong(stats.get(ValueLayout.JAVA_INT, 8));
        }
    }

    /** Reads and clears the socket's pending error ({@code SO_ERROR}): 0, or an errno such as ENETDOWN. */
    int pendingError() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = CaptureLibc.newErrnoCapture(arena);
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, 4);
            if (CaptureLibc.getsockopt(errno, fd, CaptureLibc.SOL_SOCKET, CaptureLibc.SO_ERROR, value, length) != 0) {
                throw new IOException(CaptureLibc.describe("cannot read the socket's error", CaptureLibc.errno(errno)));
            }
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** Unmaps the ring and closes the socket. Nothing may touch {@link #ring} afterwards. */
    void close() {
        CaptureLibc.munmap(address, ring.byteSize());
        CaptureLibc.close(fd);
    }

    /** Which BPF program the socket gets, once the bound interface's hardware type is known. */
    interface FilterChoice {
        /**
         * @param hardwareType the bound interface's {@code ARPHRD_*} type, -1 for every interface
         * @return the program, or null for none
         * @throws IOException when the interface's packets cannot be filtered or decoded
         */
        BpfProgram programFor(int hardwareType) throws IOException;
    }
}
