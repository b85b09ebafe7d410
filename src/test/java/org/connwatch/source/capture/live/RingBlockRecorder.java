package org.connwatch.source.capture.live;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Records real ring blocks as seeds for {@link BlockWalkerFuzzTest}: opens a packet socket and
 * ring on an interface (as {@link LiveCapture} does), and writes each block the kernel hands over,
 * cut after its last packet ({@code blk_len}), to {@code DIR/PREFIX-N}. Run as root, with traffic:
 * <pre>
 *   java -cp target/classes:target/test-classes org.connwatch.source.capture.live.RingBlockRecorder \
 *       lo 3 src/test/resources/org/connwatch/source/capture/live/BlockWalkerFuzzTestInputs/anyBlock loopback
 * </pre>
 */
public final class RingBlockRecorder {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private RingBlockRecorder() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        long until = System.nanoTime() + (long) (Double.parseDouble(args[1]) * 1e9);
        Path dir = Path.of(args[2]);
        String prefix = args[3];
        LiveCaptureOptions options = LiveCaptureOptions.onInterface(name).withRing(64 * 1024, 4);
        RingSocket socket = RingSocket.open(options, CaptureLibc.ifNameToIndex(name), type -> null, name);
        int next = 0;
        int written = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = CaptureLibc.newErrnoCapture(arena);
            MemorySegment pollfd = arena.allocate(8, 4);
            pollfd.set(ValueLayout.JAVA_INT, 0, socket.fd);
            pollfd.set(ValueLayout.JAVA_SHORT, 4, CaptureLibc.POLLIN);
            while (System.nanoTime() < until) {
                long block = (long) next * options.blockSize();
                int status = (int) INT.getAcquire(socket.ring, block + BlockWalker.BLOCK_STATUS);
                if ((status & BlockWalker.TP_STATUS_USER) == 0) {
                    CaptureLibc.poll(errno, pollfd, 1, 100);
                    continue;
                }
                long used = Integer.toUnsignedLong(socket.ring.get(ValueLayout.JAVA_INT, block + 20));
                used = Math.max(BlockWalker.BLOCK_HEADER_SIZE, Math.min(used, options.blockSize()));
                Files.write(dir.resolve(prefix + "-" + written++),
                        socket.ring.asSlice(block, used).toArray(ValueLayout.JAVA_BYTE));
                INT.setRelease(socket.ring, block + BlockWalker.BLOCK_STATUS, BlockWalker.TP_STATUS_KERNEL);
                next = (next + 1) % options.blockCount();
            }
        } finally {
            socket.close();
        }
        System.out.println("done blocks=" + written);
    }
}
