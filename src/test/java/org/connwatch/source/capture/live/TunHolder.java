package org.connwatch.source.capture.live;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Run in a child JVM inside a test's network namespace: creates a tun device ({@code IFF_TUN},
 * no packet information header) of the given name and holds it open (a tun device without a
 * reader has no carrier and sends nothing), reading and discarding what is routed into it; prints
 * {@code ready tun=NAME} and exits when its standard input ends, which removes the device.
 */
public final class TunHolder {
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final int O_RDWR = 2;

    private TunHolder() {
    }

    public static void main(String[] argv) throws Exception {
        String name = argv[0];
        Arena arena = Arena.ofShared();
        MemorySegment errno = CaptureLibc.newErrnoCapture(arena);
        int fd = TestLibc.open(errno, arena.allocateFrom("/dev/net/tun"), O_RDWR);
        MemorySegment ifreq = arena.allocate(40, 8); // struct ifreq: ifr_name[16], then ifr_flags
        ifreq.setString(0, name);
        ifreq.set(ValueLayout.JAVA_SHORT, 16, (short) (IFF_TUN | IFF_NO_PI));
        TestLibc.ioctl(errno, fd, TUNSETIFF, ifreq);
        Thread.ofPlatform().daemon().name("tun-reader").start(() -> {
            MemorySegment buffer = arena.allocate(65_536);
            MemorySegment readErrno = CaptureLibc.newErrnoCapture(arena);
            try {
                while (TestLibc.read(readErrno, fd, buffer) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // the device went away
            }
        });
        System.out.println("ready tun=" + name);
        System.out.flush();
        while (System.in.read() >= 0) {
            // hold the device until the parent closes our standard input
        }
        System.exit(0);
    }
}
