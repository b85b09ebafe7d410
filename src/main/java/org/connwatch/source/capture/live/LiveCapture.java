package org.connwatch.source.capture.live;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.connwatch.source.capture.LinkType;
import org.connwatch.source.capture.PacketSink;

/**
 * A live packet capture on Linux: an {@code AF_PACKET} socket with a {@code TPACKET_V3} ring
 * shared with the kernel, read through the FFM API with no object made per packet, optionally
 * filtered in the kernel by a tcpdump expression compiled with libpcap.
 *
 * <pre>{@code
 * try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.onInterface("eth0").withFilter("udp port 53"))) {
 *     Thread.ofPlatform().start(() -> { sleep(10_000); capture.stop(); });
 *     capture.run(sink, nowNanos -> flows.expireIdle(nowNanos));
 *     System.err.println(capture.statistics().summary());
 * }
 * }</pre>
 *
 * <p>Each packet goes to the {@link PacketSink} with its capture time (the kernel's, nanoseconds),
 * the interface index it was seen on, and its link type: {@link LinkType#ETHERNET} for Ethernet
 * and loopback interfaces, {@link LinkType#RAW} for interfaces without a link-layer header (tun,
 * WireGuard, IP tunnels); see {@link HardwareType}. A VLAN tag the kernel had taken off is put
 * back into the frame. On a loopback interface each packet is given once (the outgoing copy is
 * skipped, as libpcap does). Packets of other interface types are counted and skipped.
 *
 * <p><b>Filters.</b> On a named interface the expression is compiled for that interface's link
 * type. On every interface it is compiled twice (Ethernet, raw IP) and one kernel program picks
 * the right one per packet from the interface's hardware type; packets of other interface types
 * are then dropped by the kernel, not counted.
 *
 * <p><b>Threads.</b> One thread at a time calls {@link #run}, which loops until {@link #stop()}:
 * the sink and the tick callback are called on that thread, never concurrently. {@link #stop()},
 * {@link #statistics()} and {@link #close()} may be called from any thread. Once the loop sees a
 * stop (within one poll timeout, plus the time the sink takes with the block in hand) it reads on
 * for one block timeout, so that every packet captured before the stop is delivered, then
 * returns. {@link #close()} stops the loop and waits for it to return before it frees the ring,
 * so it can block for that long. Interrupting the loop's thread does not end it (the wait is in
 * {@code poll}); call {@link #stop()}. Calling {@link #close()} from the sink or the tick is
 * allowed: the ring is freed when {@link #run} returns.
 */
public final class LiveCapture implements AutoCloseable {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    /** Slack on top of the block timeout for the kernel's retire timer to fire once a stop is asked. */
    private static final long DRAIN_MARGIN_NANOS = 50_000_000L;

    private final LiveCaptureOptions options;
    private final RingSocket socket;
    private final String label;
    private final int pollMillis;
    private final long tickNanos;
    private final long drainNanos;
    private final BlockWalker walker = new BlockWalker();
    private final ReentrantLock running = new ReentrantLock();
    private final Object statisticsLock = new Object();
    private final long[] kernel = new long[3];
    private final long[] kernelRead = new long[3];
    private volatile boolean stopRequested;
    private volatile boolean closeAfterRun;
    private boolean closed;
    private int nextBlock;
    private volatile long delivered;
    private volatile long loopbackDuplicates;
    private volatile long unsupportedLink;
    private volatile long malformed;
    private volatile long vlanTagsRestored;

    private LiveCapture(LiveCaptureOptions options, RingSocket socket, String label) {
        this.options = options;
        this.socket = socket;
        this.label = label;
        this.pollMillis = (int) options.pollTimeout().toMillis();
        this.tickNanos = options.pollTimeout().toNanos();
        this.drainNanos = options.blockTimeout().toNanos() + DRAIN_MARGIN_NANOS;
    }

    /** True when live capture can work on this platform (Linux, the C library reachable through FFM). */
    public static boolean isAvailable() {
        return CaptureLibc.isAvailable();
    }

    /** Why live capture cannot work here, or null when it can. Privileges are checked only by {@link #open}. */
    public static Throwable unavailabilityCause() {
        return CaptureLibc.unavailabilityCause();
    }

    /** The network interfaces of this network namespace ({@code if_nameindex}). */
    public static List<CaptureInterface> interfaces() {
        requireAvailable();
        return CaptureLibc.interfaces();
    }

    /**
     * Opens a capture: finds the interface, compiles the filter, then sets up the socket and its
     * ring (see {@link RingSocket}); no packet is received before the filter is in place. Packets
     * queue in the ring from here on; call {@link #run} to read them.
     *
     * @throws UnknownInterfaceException   when no interface has that name (the message lists those there are)
     * @throws FilterSyntaxException       when libpcap refuses the filter expression (a user error)
     * @throws LibpcapMissingException     when a filter is asked for but libpcap is not installed
     * @throws CapturePermissionException  without {@code CAP_NET_RAW}
     * @throws IOException                 when the kernel refuses a step (the message says which and why),
     *                                     or the interface is down or of a type connwatch cannot decode
     */
    public static LiveCapture open(LiveCaptureOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        requireAvailable();
        String name = options.interfaceName();
        int index = 0;
        if (name != null) {
            index = name.length() < 16 && name.indexOf('\0') < 0 ? CaptureLibc.ifNameToIndex(name) : 0;
            if (index == 0) {
                throw new UnknownInterfaceException(name,
                        CaptureLibc.interfaces().stream().map(CaptureInterface::name).toList());
            }
        }
        String label = name == null ? "every interface" : name;
        String filter = options.filter();
        int snap = options.snapLength();
        // A bad expression is a user error: say so before asking the kernel for anything.
        BpfProgram precompiled = filter == null ? null
                : name == null ? BpfCompiler.compileForAllInterfaces(filter, snap)
                : BpfCompiler.compile(filter, LinkType.ETHERNET, snap);
        RingSocket socket = RingSocket.open(options, index, hardwareType -> {
            if (hardwareType == -1) {
                return precompiled != null ? precompiled
                        : snap < LiveCaptureOptions.MAX_SNAP_LENGTH ? BpfProgram.acceptAll(snap) : null;
            }
            int linkType = HardwareType.linkType(hardwareType);
            if (linkType == HardwareType.UNSUPPORTED) {
                throw new IOException("cannot capture on " + label + ": its hardware type, "
                        + HardwareType.name(hardwareType) + ", is not one connwatch decodes (Ethernet, loopback,"
                        + " tun and IP tunnels are)");
            }
            if (filter != null) {
                return linkType == LinkType.ETHERNET ? precompiled : BpfCompiler.compile(filter, linkType, snap);
            }
            return snap < LiveCaptureOptions.MAX_SNAP_LENGTH ? BpfProgram.acceptAll(snap) : null;
        }, label);
        return new LiveCapture(options, socket, label);
    }

    private static void requireAvailable() {
        if (!CaptureLibc.isAvailable()) {
            throw new UnsupportedOperationException("live capture is unavailable: "
                    + CaptureLibc.unavailabilityCause().getMessage(), CaptureLibc.unavailabilityCause());
        }
    }

    /** Reads packets until {@link #stop()}, without a tick. */
    public void run(PacketSink sink) throws IOException {
        run(sink, nowNanos -> { });
    }

    /**
     * Reads packets until {@link #stop()} (or {@link #close()}) is called and the packets captured
     * before it are delivered, handing each to {@code sink} on this thread, and calls {@code tick} with the clock's time (nanoseconds since
     * 1970) at least once per poll timeout, also when no packet comes: the moment to expire idle
     * flows. An exception from the sink or the tick ends the loop and comes out of this method (the
     * block in hand goes back to the kernel first).
     *
     * @throws IllegalStateException when another thread is running the loop, or the capture is closed
     * @throws IOException           when the socket fails (the interface went down or was removed)
     */
    public void run(PacketSink sink, LongConsumer tick) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(tick, "tick");
        if (!running.tryLock()) {
            throw new IllegalStateException("the capture on " + label + " is already running on another thread");
        }
        try {
            if (closed) {
                throw new IllegalStateException("the capture on " + label + " is closed");
            }
            loop(sink, tick);
        } finally {
            try {
                if (closeAfterRun) {
                    release();
                }
            } finally {
                running.unlock();
            }
        }
    }

    private void loop(PacketSink sink, LongConsumer tick) throws IOException {
        MemorySegment ring = socket.ring;
        long blockSize = options.blockSize();
        int blockCount = options.blockCount();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = CaptureLibc.newErrnoCapture(arena);
            MemorySegment pollfd = arena.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
            pollfd.set(ValueLayout.JAVA_INT, 0, socket.fd);
            long lastTick = System.nanoTime();
            long drainEnd = 0;
            while (true) {
                int timeout = pollMillis;
                if (stopRequested) {
                    // Packets that came before the stop may sit in a block the kernel has not handed
                    // over yet: it does within one block timeout, so read on that long, then end.
                    long now = System.nanoTime();
                    if (drainEnd == 0) {
                        drainEnd = now + drainNanos;
                    } else if (now - drainEnd >= 0) {
                        break;
                    }
                    timeout = (int) Math.max(1, Math.min(pollMillis, (drainEnd - now) / 1_000_000L));
                }
                long block = nextBlock * blockSize;
                int status = (int) INT.getAcquire(ring, block + BlockWalker.BLOCK_STATUS);
                if ((status & BlockWalker.TP_STATUS_USER) != 0) {
                    try {
                        walker.walk(ring, block, blockSize, sink);
                    } finally {
                        INT.setRelease(ring, block + BlockWalker.BLOCK_STATUS, BlockWalker.TP_STATUS_KERNEL);
                        nextBlock = (nextBlock + 1) % blockCount;
                        publish();
                    }
                } else {
                    pollfd.set(ValueLayout.JAVA_SHORT, 4, (short) (CaptureLibc.POLLIN | CaptureLibc.POLLERR));
                    pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
                    int ready = CaptureLibc.poll(errno, pollfd, 1, timeout);
                    if (ready < 0 && CaptureLibc.errno(errno) != CaptureLibc.EINTR) {
                        throw new IOException(CaptureLibc.describe("capture on " + label + ": poll failed",
                                CaptureLibc.errno(errno)));
                    }
                    if (ready > 0) {
                        checkEvents(pollfd.get(ValueLayout.JAVA_SHORT, 6));
                    }
                }
                long now = System.nanoTime();
                if (now - lastTick >= tickNanos) {
                    lastTick = now;
                    Instant at = options.clock().instant();
                    tick.accept(at.getEpochSecond() * 1_000_000_000L + at.getNano());
                }
            }
        }
    }

    private void checkEvents(short events) throws IOException {
        if ((events & CaptureLibc.POLLNVAL) != 0) {
            throw new IOException("capture on " + label + ": the socket was closed under the loop");
        }
        if ((events & (CaptureLibc.POLLERR | CaptureLibc.POLLHUP)) != 0) {
            int error = socket.pendingError();
            if (error == CaptureLibc.ENETDOWN) {
                throw new IOException("capture on " + label + " ended: the interface went down or was removed");
            }
            if (error != 0) {
                throw new IOException(CaptureLibc.describe("capture on " + label + " failed", error));
            }
        }
    }

    /** Makes the loop's counts visible to other threads: once per block, not per packet. */
    private void publish() {
        delivered = walker.delivered();
        loopbackDuplicates = walker.loopbackDuplicates();
        unsupportedLink = walker.unsupportedLink();
        malformed = walker.malformed();
        vlanTagsRestored = walker.vlanTagsRestored();
    }

    /**
     * Ends the capture loop for good: {@link #run} delivers what was captured before and returns,
     * within one poll timeout plus one block timeout. Any thread; calling it more than once, or
     * before {@link #run}, is harmless (a later {@link #run} returns after the same short drain).
     */
    public void stop() {
        stopRequested = true;
    }

    /**
     * The counts since the capture was opened: the kernel's (read now, while open) and the loop's
     * (as of the last block it finished). Any thread; after {@link #close()} the final counts.
     *
     * @throws IOException when the kernel's counters cannot be read
     */
    public CaptureStatistics statistics() throws IOException {
        synchronized (statisticsLock) {
            if (!closed) {
                readKernel();
            }
            return new CaptureStatistics(kernel[0], kernel[1], kernel[2], delivered, loopbackDuplicates,
                    unsupportedLink, malformed, vlanTagsRestored);
        }
    }

    /** Adds the kernel's counters since the last read (the kernel resets them on each read). */
    private void readKernel() throws IOException {
        socket.readStatistics(kernelRead);
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] += kernelRead[i];
        }
    }

    /** The options it was opened with. */
    public LiveCaptureOptions options() {
        return options;
    }

    /**
     * The link type of every packet of a capture on one interface; empty for a capture on every
     * interface, where it is given per packet.
     */
    public OptionalInt linkType() {
        return socket.hardwareType == -1 ? OptionalInt.empty()
                : OptionalInt.of(HardwareType.linkType(socket.hardwareType));
    }

    /** One line for logs: {@code eth0 (ethernet (1)), filter "udp port 53", ring 8 x 4096 KiB}. */
    public String description() {
        return label + (socket.hardwareType == -1 ? "" : " (" + HardwareType.name(socket.hardwareType) + ")")
                + (options.filter() == null ? ""
                        : ", filter \"" + FilterSyntaxException.oneLine(options.filter()) + "\"")
                + (options.promiscuous() ? ", promiscuous" : "")
                + ", ring " + options.blockCount() + " x " + (options.blockSize() >> 10) + " KiB";
    }

    /**
     * Stops the loop, waits for it to return, then unmaps the ring and closes the socket. Any
     * thread; idempotent. From the sink or the tick (the loop's own thread) it only stops the loop,
     * and {@link #run} frees everything as it returns.
     */
    @Override
    public void close() {
        stop();
        if (running.isHeldByCurrentThread()) {
            closeAfterRun = true;
            return;
        }
        running.lock();
        try {
            release();
        } finally {
            running.unlock();
        }
    }

    private void release() {
        synchronized (statisticsLock) {
            if (closed) {
                return;
            }
            try {
                readKernel();
            } catch (IOException e) {
                // the counts stay as last read; the socket goes away regardless
            }
            closed = true;
            socket.close();
        }
    }

    @Override
    public String toString() {
        return "LiveCapture[" + description() + "]";
    }
}
