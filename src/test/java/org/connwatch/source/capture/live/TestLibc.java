package org.connwatch.source.capture.live;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The C calls only the tests' traffic programs need (to inject raw frames and to hold a tun
 * device): sendto, open, ioctl, read. Errors come back as IOException with the errno text.
 */
final class TestLibc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final MethodHandle SENDTO = LINKER.downcallHandle(LIBC.find("sendto").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
    private static final MethodHandle OPEN = LINKER.downcallHandle(LIBC.find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LIBC.find("ioctl").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = LINKER.downcallHandle(LIBC.find("read").orElseThrow(),
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO);

    private TestLibc() {
    }

    static void sendto(MemorySegment errno, int fd, MemorySegment data, MemorySegment address) throws IOException {
        long sent;
        try {
            sent = (long) SENDTO.invokeExact(errno, fd, data, data.byteSize(), 0, address, (int) address.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        check(sent, errno, "sendto");
    }

    static int open(MemorySegment errno, MemorySegment path, int flags) throws IOException {
        int fd;
        try {
            fd = (int) OPEN.invokeExact(errno, path, flags);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        check(fd, errno, "open");
        return fd;
    }

    static void ioctl(MemorySegment errno, int fd, long request, MemorySegment argument) throws IOException {
        int r;
        try {
            r = (int) IOCTL.invokeExact(errno, fd, request, argument);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        check(r, errno, "ioctl");
    }

    static long read(MemorySegment errno, int fd, MemorySegment buffer) throws IOException {
        long n;
        try {
            n = (long) READ.invokeExact(errno, fd, buffer, buffer.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        check(n, errno, "read");
        return n;
    }

    private static void check(long result, MemorySegment errno, String what) throws IOException {
        if (result < 0) {
            throw new IOException(CaptureLibc.describe(what, CaptureLibc.errno(errno)));
        }
    }
}
