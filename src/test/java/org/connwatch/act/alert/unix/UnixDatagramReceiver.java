package org.connwatch.act.alert.unix;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A bound Unix datagram socket standing in for the syslog daemon's {@code /dev/log} in tests:
 * {@code socket(AF_UNIX, SOCK_DGRAM)}, {@code bind(path)}, {@code recv} with a timeout. One thread.
 */
public final class UnixDatagramReceiver implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS,
            JAVA_INT));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT,
            JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = handle("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS,
            JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int SO_RCVBUF = 8;

    private final int fd;
    private boolean closed;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(65536);

    private UnixDatagramReceiver(int fd) {
        this.fd = fd;
    }

    /** Binds a socket at {@code path}, its receive buffer {@code rcvbuf} bytes (0: the default). */
    public static UnixDatagramReceiver bind(Path path, Duration timeout, int rcvbuf) throws Throwable {
        int fd = (int) SOCKET.invokeExact(1, 2, 0);
        if (fd < 0) {
            throw new IOException("socket failed");
        }
        UnixDatagramReceiver r = new UnixDatagramReceiver(fd);
        MemorySegment addr = r.arena.allocate(110);
        addr.set(JAVA_SHORT, 0, (short) 1);
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(bytes, 0, addr, JAVA_BYTE, 2, bytes.length);
        if ((int) BIND.invokeExact(fd, addr, 2 + bytes.length + 1) != 0) {
            r.close();
            throw new IOException("bind " + path + " failed");
        }
        MemorySegment tv = r.arena.allocate(16);
        tv.set(JAVA_LONG, 0, timeout.toSeconds());
        tv.set(JAVA_LONG, 8, timeout.toMillisPart() * 1000L);
        int ignored = (int) SETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
        if (rcvbuf > 0) {
            MemorySegment size = r.arena.allocate(JAVA_INT);
            size.set(JAVA_INT, 0, rcvbuf);
            ignored = (int) SETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_RCVBUF, size, 4);
        }
        return r;
    }

    /** The next datagram, or null when none came within the timeout. */
    public byte[] receive() throws Throwable {
        long n = (long) RECV.invokeExact(fd, buffer, buffer.byteSize(), 0);
        return n < 0 ? null : Arrays.copyOf(buffer.asSlice(0, n).toArray(JAVA_BYTE), (int) n);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        arena.close();
    }

    private static MethodHandle handle(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), d);
    }
}
