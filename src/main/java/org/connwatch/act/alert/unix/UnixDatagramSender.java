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
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A Unix-domain datagram socket ({@code AF_UNIX}, {@code SOCK_DGRAM}) that sends to one path, such as
 * the local syslog socket {@code /dev/log}, through the FFM API: Java's own channels do Unix-domain
 * streams only. Sends never block ({@code MSG_DONTWAIT}): a receiver that is not keeping up makes a
 * send fail with {@code EAGAIN}, which the caller counts.
 *
 * <p>Check {@link #isAvailable()} before use ({@link #unavailabilityCause()} says why not). One
 * instance may be used from any thread, one call at a time; {@link #close} once.
 */
public final class UnixDatagramSender implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int EINTR = 4;
    /** {@code sizeof(struct sockaddr_un)}: a 2-byte family and 108 bytes of path. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int MAX_PATH_BYTES = 107;
    private static final Handles HANDLES = Handles.load();

    private final int fd;
    private final byte[] path;
    private final String shown;
    private boolean closed;

    private UnixDatagramSender(int fd, byte[] path, String shown) {
        this.fd = fd;
        this.path = path;
        this.shown = shown;
    }

    /** True when the native calls can be made on this platform. */
    public static boolean isAvailable() {
        return HANDLES.cause == null;
    }

    /** Why the native calls are unavailable, or null when they are available. */
    public static Throwable unavailabilityCause() {
        return HANDLES.cause;
    }

    /**
     * A socket that sends to {@code target}; the path need not exist yet (each send looks it up).
     *
     * @throws IOException when the path is too long for a socket address or no socket can be made
     */
    public static UnixDatagramSender open(Path target) throws IOException {
        if (!isAvailable()) {
            throw new IOException("Unix datagram sockets are not available: " + HANDLES.cause);
        }
        byte[] bytes = target.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_PATH_BYTES) {
            throw new IOException("a Unix socket path must be 1 to " + MAX_PATH_BYTES + " bytes long: " + target);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(HANDLES.captureLayout);
            int fd = (int) HANDLES.socket.invokeExact(capture, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("cannot make a Unix datagram socket: " + strerror(errno(capture)));
            }
            return new UnixDatagramSender(fd, bytes, target.toString());
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed", t);
        }
    }

    /**
     * Sends one datagram.
     *
     * @throws IOException with the C library's reason (no such file, connection refused, resource
     *                     temporarily unavailable when the receiver is full, message too long)
     */
    public synchronized void send(byte[] data) throws IOException {
        if (closed) {
            throw new IOException("the socket to " + shown + " is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(HANDLES.captureLayout);
            MemorySegment addr = arena.allocate(SOCKADDR_UN_SIZE);
            addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(path, 0, addr, JAVA_BYTE, 2, path.length);
            MemorySegment buf = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buf, JAVA_BYTE, 0, data.length);
            long sent;
            do {
                sent = (long) HANDLES.sendto.invokeExact(capture, fd, buf, (long) data.length,
                        MSG_DONTWAIT | MSG_NOSIGNAL, addr, 2 + path.length + 1);
            } while (sent < 0 && errno(capture) == EINTR);
            if (sent < 0) {
                throw new IOException(shown + ": " + strerror(errno(capture)));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed", t);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                int ignored = (int) HANDLES.close.invokeExact(fd);
            } catch (Throwable t) {
                // close(2) fails only for a bad descriptor, which this one is not.
            }
        }
    }

    private static int errno(MemorySegment capture) {
        return (int) HANDLES.errno.get(capture, 0L);
    }

    private static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) HANDLES.strerror.invokeExact(errno);
            return text.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    /** The resolved method handles, or the reason they could not be resolved. */
    private record Handles(MethodHandle socket, MethodHandle sendto, MethodHandle close, MethodHandle strerror,
                           StructLayout captureLayout, VarHandle errno, Throwable cause) {

        static Handles load() {
            try {
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                StructLayout capture = Linker.Option.captureStateLayout();
                VarHandle errno = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                Linker.Option ccs = Linker.Option.captureCallState("errno");
                return new Handles(
                        linker.downcallHandle(libc.find("socket").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ccs),
                        linker.downcallHandle(libc.find("sendto").orElseThrow(),
                                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS,
                                        JAVA_INT), ccs),
                        linker.downcallHandle(libc.find("close").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
                        linker.downcallHandle(libc.find("strerror").orElseThrow(),
                                FunctionDescriptor.of(ADDRESS, JAVA_INT)),
                        capture, errno, null);
            } catch (Throwable t) {
                return new Handles(null, null, null, null, null, null, t);
            }
        }
    }
}
