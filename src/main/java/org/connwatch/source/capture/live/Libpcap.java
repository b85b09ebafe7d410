package org.connwatch.source.capture.live;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The libpcap functions connwatch calls through the FFM API: only its filter compiler
 * ({@code pcap_open_dead}, {@code pcap_compile}, {@code pcap_geterr}, {@code pcap_freecode},
 * {@code pcap_close}). Packets are read by {@link LiveCapture} itself, not by libpcap.
 *
 * <p>The library is looked up by name, {@value #NAMES_TEXT}, the first found wins (Debian's
 * {@code libpcap0.8} package installs {@code libpcap.so.0.8}; others name it {@code libpcap.so.1}).
 * Check {@link #isAvailable()}; {@link #unavailabilityCause()} says what was tried. Immutable,
 * safe from any thread.
 */
final class Libpcap {
    static final List<String> NAMES = List.of("libpcap.so.0.8", "libpcap.so.1", "libpcap.so");
    static final String NAMES_TEXT = "libpcap.so.0.8, libpcap.so.1, libpcap.so";
    /** {@code PCAP_NETMASK_UNKNOWN}. */
    static final int NETMASK_UNKNOWN = 0xFFFFFFFF;

    private static final Handles HANDLES = Handles.load();

    private Libpcap() {
    }

    static boolean isAvailable() {
        return HANDLES.cause == null;
    }

    static Throwable unavailabilityCause() {
        return HANDLES.cause;
    }

    /** The file name the library was found under. */
    static String libraryName() {
        return HANDLES.name;
    }

    /** {@code pcap_lib_version()}: "libpcap version 1.10.3 (with TPACKET_V3)". */
    static String version() {
        try {
            return ((MemorySegment) HANDLES.libVersion.invokeExact()).reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment openDead(int dataLinkType, int snapLength) {
        try {
            return (MemorySegment) HANDLES.openDead.invokeExact(dataLinkType, snapLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int compile(MemorySegment pcap, MemorySegment program, MemorySegment expression, int optimize,
                       int netmask) {
        try {
            return (int) HANDLES.compile.invokeExact(pcap, program, expression, optimize, netmask);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String error(MemorySegment pcap) {
        try {
            return ((MemorySegment) HANDLES.geterr.invokeExact(pcap)).reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void freeCode(MemorySegment program) {
        try {
            HANDLES.freecode.invokeExact(program);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void close(MemorySegment pcap) {
        try {
            HANDLES.close.invokeExact(pcap);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("libpcap call failed", t);
    }

    /** The resolved handles, or why libpcap could not be used. */
    private record Handles(String name, MethodHandle openDead, MethodHandle compile, MethodHandle geterr,
                           MethodHandle freecode, MethodHandle close, MethodHandle libVersion, Throwable cause) {

        static Handles load() {
            List<String> tried = new ArrayList<>();
            for (String name : NAMES) {
                SymbolLookup lib;
                try {
                    lib = SymbolLookup.libraryLookup(name, Arena.global());
                } catch (IllegalArgumentException | IllegalCallerException e) {
                    tried.add(name + ": " + e.getMessage());
                    continue;
                }
                try {
                    Linker linker = Linker.nativeLinker();
                    return new Handles(name,
                            linker.downcallHandle(lib.find("pcap_open_dead").orElseThrow(),
                                    FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT)),
                            linker.downcallHandle(lib.find("pcap_compile").orElseThrow(),
                                    FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT)),
                            linker.downcallHandle(lib.find("pcap_geterr").orElseThrow(),
                                    FunctionDescriptor.of(ADDRESS, ADDRESS)),
                            linker.downcallHandle(lib.find("pcap_freecode").orElseThrow(),
                                    FunctionDescriptor.ofVoid(ADDRESS)),
                            linker.downcallHandle(lib.find("pcap_close").orElseThrow(),
                                    FunctionDescriptor.ofVoid(ADDRESS)),
                            linker.downcallHandle(lib.find("pcap_lib_version").orElseThrow(),
                                    FunctionDescriptor.of(ADDRESS)),
                            null);
                } catch (RuntimeException e) {
                    tried.add(name + ": a function is missing (" + e + ")");
                }
            }
            return new Handles(null, null, null, null, null, null, null,
                    new UnsupportedOperationException("libpcap not found (tried " + String.join("; ", tried) + ")"));
        }
    }
}
