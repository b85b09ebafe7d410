package org.connwatch.source.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few C library calls connwatch makes through the FFM API, each returning the C result and
 * leaving errno in a per-call capture segment.
 *
 * <p>Check {@link #isAvailable()} before use; {@link #unavailabilityCause()} says why not. The
 * handles are immutable and the class is safe to use from any thread, provided each thread passes
 * its own capture segment ({@link #newErrnoCapture(Arena)}).
 */
final class Libc {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_RCVBUFFORCE = 33;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int ENOBUFS = 105;
    static final int SC_CLK_TCK = 2;

    private static final Handles HANDLES = Handles.load();

    private Libc() {
    }

    /** True when the native calls can be made on this platform. */
    static boolean isAvailable() {
        return HANDLES.cause == null;
    }

    /** Why the native calls are unavailable, or null when they are available. */
    static Throwable unavailabilityCause() {
        return HANDLES.cause;
    }

    /** A segment to pass as the first argument of each call; read errno from it afterwards. */
    static MemorySegment newErrnoCapture(Arena arena) {
        return arena.allocate(HANDLES.captureLayout);
    }

    static int errno(MemorySegment capture) {
        return (int) HANDLES.errno.get(capture, 0L);
    }

    static int socket(MemorySegment capture, int domain, int type, int protocol) {
        try {
            return (int) HANDLES.socket.invokeExact(capture, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sendto(MemorySegment capture, int fd, MemorySegment buf, long len, int flags, MemorySegment addr,
                       int addrLen) {
        try {
            return (long) HANDLES.sendto.invokeExact(capture, fd, buf, len, flags, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long recv(MemorySegment capture, int fd, MemorySegment buf, long len, int flags) {
        try {
            return (long) HANDLES.recv.invokeExact(capture, fd, buf, len, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int bind(MemorySegment capture, int fd, MemorySegment addr, int addrLen) {
        try {
            return (int) HANDLES.bind.invokeExact(capture, fd, addr, addrLen);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setsockopt(MemorySegment capture, int fd, int level, int name, MemorySegment value, int len) {
        try {
            return (int) HANDLES.setsockopt.invokeExact(capture, fd, level, name, value, len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int close(int fd) {
        try {
            return (int) HANDLES.close.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long sysconf(int name) {
        try {
            return (long) HANDLES.sysconf.invokeExact(name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The C library's text for an errno value, e.g. "Operation not permitted". */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) HANDLES.strerror.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    /** The resolved method handles, or the reason they could not be resolved. */
    private record Handles(MethodHandle socket, MethodHandle sendto, MethodHandle recv, MethodHandle bind,
                           MethodHandle setsockopt,
                           MethodHandle close, MethodHandle sysconf, MethodHandle strerror,
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
                        linker.downcallHandle(libc.find("recv").orElseThrow(),
                                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ccs),
                        linker.downcallHandle(libc.find("bind").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ccs),
                        linker.downcallHandle(libc.find("setsockopt").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
                                ccs),
                        linker.downcallHandle(libc.find("close").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
                        linker.downcallHandle(libc.find("sysconf").orElseThrow(),
                                FunctionDescriptor.of(JAVA_LONG, JAVA_INT)),
                        linker.downcallHandle(libc.find("strerror").orElseThrow(),
                                FunctionDescriptor.of(ADDRESS, JAVA_INT)),
                        capture, errno, null);
            } catch (Throwable t) {
                return new Handles(null, null, null, null, null, null, null, null, null, null, t);
            }
        }
    }
}
