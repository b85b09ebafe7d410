package org.connwatch.source.capture.live;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The C library calls a live capture makes through the FFM API (packet socket, ring mapping,
 * poll, interface names), each returning the C result and leaving errno in a per-call capture
 * segment.
 *
 * <p>Check {@link #isAvailable()} before use; {@link #unavailabilityCause()} says why not. The
 * handles are immutable and safe to use from any thread, provided each thread passes its own
 * capture segment ({@link #newErrnoCapture(Arena)}).
 */
final class CaptureLibc {
    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_ERROR = 4;
    static final int SO_ATTACH_FILTER = 26;
    static final int SOL_PACKET = 263;
    static final int PACKET_ADD_MEMBERSHIP = 1;
    static final int PACKET_RX_RING = 5;
    static final int PACKET_STATISTICS = 6;
    static final int PACKET_VERSION = 10;
    static final int PACKET_RESERVE = 12;
    static final int PACKET_MR_PROMISC = 1;
    static final int TPACKET_V3 = 2;
    static final int ETH_P_ALL = 0x0003;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int MAP_SHARED = 1;
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;
    static final int EPERM = 1;
    static final int EINTR = 4;
    static final int EACCES = 13;
    static final int ENETDOWN = 100;
    /** {@code sizeof(struct sockaddr_ll)}. */
    static final int SOCKADDR_LL_SIZE = 20;

    private static final Handles HANDLES = Handles.load();

    private CaptureLibc() {
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

    static int bind(MemorySegment capture, int fd, MemorySegment address, int length) {
        try {
            return (int) HANDLES.bind.invokeExact(capture, fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getsockname(MemorySegment capture, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) HANDLES.getsockname.invokeExact(capture, fd, address, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int setsockopt(MemorySegment capture, int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) HANDLES.setsockopt.invokeExact(capture, fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int getsockopt(MemorySegment capture, int fd, int level, int name, MemorySegment value,
                          MemorySegment length) {
        try {
            return (int) HANDLES.getsockopt.invokeExact(capture, fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mmap}; returns the address, or -1 ({@code MAP_FAILED}) with errno set. */
    static long mmap(MemorySegment capture, long length, int protection, int flags, int fd) {
        try {
            MemorySegment at = (MemorySegment) HANDLES.mmap.invokeExact(capture, MemorySegment.NULL, length,
                    protection, flags, fd, 0L);
            return at.address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int munmap(long address, long length) {
        try {
            return (int) HANDLES.munmap.invokeExact(MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int poll(MemorySegment capture, MemorySegment pollfds, long count, int timeoutMillis) {
        try {
            return (int) HANDLES.poll.invokeExact(capture, pollfds, count, timeoutMillis);
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

    /** The index of a network interface of this network namespace, 0 when there is none of that name. */
    static int ifNameToIndex(String name) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) HANDLES.ifNameToIndex.invokeExact(arena.allocateFrom(name));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The network interfaces of this network namespace, in the C library's order ({@code if_nameindex}). */
    static List<CaptureInterface> interfaces() {
        List<CaptureInterface> out = new ArrayList<>();
        MemorySegment list;
        try {
            list = (MemorySegment) HANDLES.ifNameIndex.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (list.equals(MemorySegment.NULL)) {
            return out;
        }
        try {
            // struct if_nameindex { unsigned int if_index; char *if_name; }: 16 bytes, ends with {0, NULL}.
            MemorySegment entries = list.reinterpret(16L * 65_536);
            for (long at = 0; at < entries.byteSize(); at += 16) {
                int index = entries.get(JAVA_INT, at);
                MemorySegment name = entries.get(ADDRESS, at + 8);
                if (index == 0 && name.equals(MemorySegment.NULL)) {
                    break;
                }
                out.add(new CaptureInterface(index, name.reinterpret(64).getString(0)));
            }
        } finally {
            try {
                HANDLES.ifFreeNameIndex.invokeExact(list);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
        return out;
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

    /** "what failed: Text (errno N)", the one form every native failure of this package is reported in. */
    static String describe(String what, int errno) {
        return what + ": " + strerror(errno) + " (errno " + errno + ")";
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
    private record Handles(MethodHandle socket, MethodHandle bind, MethodHandle getsockname,
                           MethodHandle setsockopt, MethodHandle getsockopt, MethodHandle mmap,
                           MethodHandle munmap, MethodHandle poll, MethodHandle close,
                           MethodHandle ifNameToIndex, MethodHandle ifNameIndex, MethodHandle ifFreeNameIndex,
                           MethodHandle strerror, StructLayout captureLayout, VarHandle errno, Throwable cause) {

        static Handles load() {
            try {
                if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                    throw new UnsupportedOperationException("live capture needs Linux (AF_PACKET); this is "
                            + System.getProperty("os.name"));
                }
                Linker linker = Linker.nativeLinker();
                SymbolLookup libc = linker.defaultLookup();
                StructLayout capture = Linker.Option.captureStateLayout();
                VarHandle errno = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
                Linker.Option ccs = Linker.Option.captureCallState("errno");
                return new Handles(
                        linker.downcallHandle(libc.find("socket").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ccs),
                        linker.downcallHandle(libc.find("bind").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ccs),
                        linker.downcallHandle(libc.find("getsockname").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ccs),
                        linker.downcallHandle(libc.find("setsockopt").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ccs),
                        linker.downcallHandle(libc.find("getsockopt").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ccs),
                        linker.downcallHandle(libc.find("mmap").orElseThrow(),
                                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
                                        JAVA_LONG), ccs),
                        linker.downcallHandle(libc.find("munmap").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG)),
                        linker.downcallHandle(libc.find("poll").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ccs),
                        linker.downcallHandle(libc.find("close").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
                        linker.downcallHandle(libc.find("if_nametoindex").orElseThrow(),
                                FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                        linker.downcallHandle(libc.find("if_nameindex").orElseThrow(),
                                FunctionDescriptor.of(ADDRESS)),
                        linker.downcallHandle(libc.find("if_freenameindex").orElseThrow(),
                                FunctionDescriptor.ofVoid(ADDRESS)),
                        linker.downcallHandle(libc.find("strerror").orElseThrow(),
                                FunctionDescriptor.of(ADDRESS, JAVA_INT)),
                        capture, errno, null);
            } catch (Throwable t) {
                return new Handles(null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, t);
            }
        }
    }
}
