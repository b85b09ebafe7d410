package org.connwatch.source.capture.live;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How to open a {@link LiveCapture}: which interface, which filter, and the shape of the kernel's
 * receive ring. Immutable; start from {@link #allInterfaces()} or {@link #onInterface(String)} and
 * change what differs with the {@code with...} methods.
 *
 * <pre>{@code
 * LiveCaptureOptions.onInterface("eth0").withFilter("tcp port 443").withPromiscuous(true)
 * }</pre>
 *
 * @param interfaceName the interface to capture on, or null for every interface of the namespace
 * @param filter        a tcpdump filter expression, or null for every packet
 * @param snapLength    how many bytes of each packet to keep, 1 to {@value #MAX_SNAP_LENGTH}
 * @param promiscuous   put the interface in promiscuous mode while capturing (a named interface only)
 * @param blockSize     bytes in one ring block: a multiple of the page size (4 KiB), at most 256 MiB
 * @param blockCount    blocks in the ring; the ring ({@code blockSize * blockCount}, at most 2 GiB)
 *                      is what absorbs a burst while the sink is slow
 * @param frameSize     the ring's nominal frame size (the kernel counts frames with it; with
 *                      {@code TPACKET_V3} packets are packed whatever their size): a multiple of 16,
 *                      at least 128 and at most {@code blockSize}
 * @param blockTimeout  how long the kernel keeps filling a block before it hands it over anyway:
 *                      the latency of a quiet network
 * @param pollTimeout   how long the capture loop waits for a block before calling its tick: the
 *                      longest delay before {@link LiveCapture#stop()} takes effect
 * @param clock         the time the tick callback is given
 */
public record LiveCaptureOptions(String interfaceName, String filter, int snapLength, boolean promiscuous,
                                 int blockSize, int blockCount, int frameSize, Duration blockTimeout,
                                 Duration pollTimeout, InstantSource clock) {
    /** The largest snap length, tcpdump's default: whole packets, GRO-merged ones included. */
    public static final int MAX_SNAP_LENGTH = 262_144;
    public static final int DEFAULT_BLOCK_SIZE = 4 << 20;
    public static final int DEFAULT_BLOCK_COUNT = 8;
    public static final int DEFAULT_FRAME_SIZE = 2048;
    public static final Duration DEFAULT_BLOCK_TIMEOUT = Duration.ofMillis(100);
    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(250);
    private static final int MAX_BLOCK_SIZE = 256 << 20;
    private static final long MAX_RING = 2L << 30;

    public LiveCaptureOptions {
        if (interfaceName != null && interfaceName.isEmpty()) {
            throw new IllegalArgumentException("an interface name cannot be empty (null means every interface)");
        }
        if (filter != null && filter.isBlank()) {
            filter = null;
        }
        if (snapLength < 1 || snapLength > MAX_SNAP_LENGTH) {
            throw new IllegalArgumentException("snap length must be 1 to " + MAX_SNAP_LENGTH + ": " + snapLength);
        }
        if (promiscuous && interfaceName == null) {
            throw new IllegalArgumentException("promiscuous mode needs a named interface, not every interface");
        }
        if (blockSize < 4096 || blockSize > MAX_BLOCK_SIZE || blockSize % 4096 != 0) {
            throw new IllegalArgumentException("ring block size must be a multiple of 4096 up to " + MAX_BLOCK_SIZE
                    + ": " + blockSize);
        }
        if (blockCount < 1 || (long) blockSize * blockCount > MAX_RING) {
            throw new IllegalArgumentException("ring block count must be at least 1, the ring at most 2 GiB: "
                    + blockCount + " blocks of " + blockSize);
        }
        if (frameSize < 128 || frameSize > blockSize || frameSize % 16 != 0) {
            throw new IllegalArgumentException("ring frame size must be a multiple of 16 from 128 to the block size: "
                    + frameSize);
        }
        requireMillis(blockTimeout, "block timeout");
        requireMillis(pollTimeout, "poll timeout");
        Objects.requireNonNull(clock, "clock");
    }

    private static void requireMillis(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.toMillis() < 1 || d.toMillis() > 60_000) {
            throw new IllegalArgumentException(what + " must be 1 ms to 60 s: " + d);
        }
    }

    /** Every interface of the network namespace, no filter, whole packets, the default ring. */
    public static LiveCaptureOptions allInterfaces() {
        return new LiveCaptureOptions(null, null, MAX_SNAP_LENGTH, false, DEFAULT_BLOCK_SIZE, DEFAULT_BLOCK_COUNT,
                DEFAULT_FRAME_SIZE, DEFAULT_BLOCK_TIMEOUT, DEFAULT_POLL_TIMEOUT, InstantSource.system());
    }

    /** One interface, no filter, whole packets, the default ring. */
    public static LiveCaptureOptions onInterface(String name) {
        return allInterfaces().withInterface(Objects.requireNonNull(name, "name"));
    }

    /** The same options on another interface (null: every interface). */
    public LiveCaptureOptions withInterface(String name) {
        return new LiveCaptureOptions(name, filter, snapLength, promiscuous, blockSize, blockCount, frameSize,
                blockTimeout, pollTimeout, clock);
    }

    /** The same options with a tcpdump filter expression (null or blank: none). */
    public LiveCaptureOptions withFilter(String expression) {
        return new LiveCaptureOptions(interfaceName, expression, snapLength, promiscuous, blockSize, blockCount,
                frameSize, blockTimeout, pollTimeout, clock);
    }

    public LiveCaptureOptions withSnapLength(int bytes) {
        return new LiveCaptureOptions(interfaceName, filter, bytes, promiscuous, blockSize, blockCount, frameSize,
                blockTimeout, pollTimeout, clock);
    }

    public LiveCaptureOptions withPromiscuous(boolean on) {
        return new LiveCaptureOptions(interfaceName, filter, snapLength, on, blockSize, blockCount, frameSize,
                blockTimeout, pollTimeout, clock);
    }

    /** The same options with another ring: {@code count} blocks of {@code size} bytes. */
    public LiveCaptureOptions withRing(int size, int count) {
        return new LiveCaptureOptions(interfaceName, filter, snapLength, promiscuous, size, count,
                Math.min(frameSize, size), blockTimeout, pollTimeout, clock);
    }

    public LiveCaptureOptions withFrameSize(int bytes) {
        return new LiveCaptureOptions(interfaceName, filter, snapLength, promiscuous, blockSize, blockCount, bytes,
                blockTimeout, pollTimeout, clock);
    }

    public LiveCaptureOptions withBlockTimeout(Duration timeout) {
        return new LiveCaptureOptions(interfaceName, filter, snapLength, promiscuous, blockSize, blockCount,
                frameSize, timeout, pollTimeout, clock);
    }

    public LiveCaptureOptions withPollTimeout(Duration timeout) {
        return new LiveCaptureOptions(interfaceName, filter, snapLength, promiscuous, blockSize, blockCount,
                frameSize, blockTimeout, timeout, clock);
    }

    public LiveCaptureOptions withClock(InstantSource source) {
        return new LiveCaptureOptions(interfaceName, filter, snapLength, promiscuous, blockSize, blockCount,
                frameSize, blockTimeout, pollTimeout, source);
    }

    /** The ring's size in bytes. */
    public long ringBytes() {
        return (long) blockSize * blockCount;
    }
}
