package org.connwatch.source.capture.live;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.source.capture.LinkType;

/**
 * Compiles tcpdump filter expressions ({@code udp port 53 and host 10.0.0.1}) into classic BPF
 * with libpcap's compiler, called through the FFM API on a "dead" handle
 * ({@code pcap_open_dead}, {@code pcap_compile} with optimisation on and the netmask unknown,
 * then {@code pcap_freecode}, {@code pcap_close}).
 *
 * <p>Limits, as with any filter compiled away from a live libpcap handle: {@code ip broadcast}
 * needs a netmask and is refused; the {@code vlan} keyword looks for a tag inside the frame, but
 * Linux hands most tags to a packet socket beside the frame, so {@code vlan} rarely matches (and
 * {@code udp port 53} matches tagged and untagged frames alike).
 *
 * <p>Safe from any thread: compilations run one at a time (older libpcap compilers keep global
 * state).
 */
public final class BpfCompiler {
    /** libpcap's {@code DLT_RAW} on Linux (the file format's {@code LINKTYPE_RAW} is 101). */
    private static final int DLT_RAW = 12;
    private static final int MAX_EXPRESSION = 65_536;
    private static final Object COMPILER = new Object();

    private BpfCompiler() {
    }

    /** True when libpcap was found and filters can be compiled. */
    public static boolean isAvailable() {
        return Libpcap.isAvailable();
    }

    /** Why filters cannot be compiled (libpcap not found, and what was tried), or null. */
    public static Throwable unavailabilityCause() {
        return Libpcap.unavailabilityCause();
    }

    /** libpcap's version line, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". */
    public static String libraryVersion() throws LibpcapMissingException {
        requireLibpcap();
        return Libpcap.version();
    }

    /**
     * Compiles {@code expression} for packets of one link type.
     *
     * @param linkType   {@link LinkType#ETHERNET}, {@link LinkType#RAW} or another {@link LinkType}
     * @param snapLength what the program's accepting {@code ret} instructions keep of a packet
     * @throws FilterSyntaxException    when libpcap refuses the expression (its message quoted)
     * @throws LibpcapMissingException  when libpcap is not installed
     */
    public static BpfProgram compile(String expression, int linkType, int snapLength)
            throws FilterSyntaxException, LibpcapMissingException {
        requireLibpcap();
        check(expression);
        if (snapLength < 1) {
            throw new IllegalArgumentException("snap length must be positive: " + snapLength);
        }
        synchronized (COMPILER) {
            MemorySegment pcap = Libpcap.openDead(linkType == LinkType.RAW ? DLT_RAW : linkType, snapLength);
            if (pcap.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("pcap_open_dead(" + linkType + ") failed");
            }
            try (Arena arena = Arena.ofConfined()) {
                // struct bpf_program { u_int bf_len; struct bpf_insn *bf_insns; }
                MemorySegment program = arena.allocate(16, 8);
                if (Libpcap.compile(pcap, program, arena.allocateFrom(expression), 1, Libpcap.NETMASK_UNKNOWN) != 0) {
                    throw new FilterSyntaxException(expression, Libpcap.error(pcap));
                }
                try {
                    return read(expression, program);
                } finally {
                    Libpcap.freeCode(program);
                }
            } finally {
                Libpcap.close(pcap);
            }
        }
    }

    /**
     * Compiles {@code expression} for a capture on every interface: once for Ethernet (and
     * loopback) interfaces, once for raw-IP ones (tun, tunnels), joined by
     * {@link BpfProgram#byHardwareType}. An expression that only makes sense with an Ethernet
     * header ({@code arp}, {@code ether host ...}) matches nothing on raw-IP interfaces.
     *
     * @throws FilterSyntaxException when the expression compiles for neither (the Ethernet error quoted)
     */
    public static BpfProgram compileForAllInterfaces(String expression, int snapLength)
            throws FilterSyntaxException, LibpcapMissingException {
        BpfProgram ethernet = compile(expression, LinkType.ETHERNET, snapLength);
        BpfProgram raw;
        try {
            raw = compile(expression, LinkType.RAW, snapLength);
        } catch (FilterSyntaxException e) {
            raw = BpfProgram.rejectAll();
        }
        try {
            return BpfProgram.byHardwareType(ethernet, raw);
        } catch (IllegalArgumentException e) {
            throw new FilterSyntaxException(expression, e.getMessage());
        }
    }

    private static BpfProgram read(String expression, MemorySegment program) throws FilterSyntaxException {
        long count = Integer.toUnsignedLong(program.get(ValueLayout.JAVA_INT, 0));
        if (count == 0 || count > BpfProgram.MAX_INSTRUCTIONS) {
            throw new FilterSyntaxException(expression, "compiles to " + count
                    + " BPF instructions; the kernel allows 1 to " + BpfProgram.MAX_INSTRUCTIONS);
        }
        MemorySegment code = program.get(ValueLayout.ADDRESS, 8).reinterpret(8 * count);
        List<BpfInstruction> out = new ArrayList<>((int) count);
        for (long at = 0; at < code.byteSize(); at += 8) {
            out.add(new BpfInstruction(Short.toUnsignedInt(code.get(ValueLayout.JAVA_SHORT, at)),
                    Byte.toUnsignedInt(code.get(ValueLayout.JAVA_BYTE, at + 2)),
                    Byte.toUnsignedInt(code.get(ValueLayout.JAVA_BYTE, at + 3)),
                    code.get(ValueLayout.JAVA_INT, at + 4)));
        }
        return new BpfProgram(out);
    }

    private static void check(String expression) throws FilterSyntaxException {
        if (expression.length() > MAX_EXPRESSION) {
            throw new FilterSyntaxException(expression, "longer than " + MAX_EXPRESSION + " characters");
        }
        if (expression.indexOf('\0') >= 0) {
            throw new FilterSyntaxException(expression, "contains a NUL character");
        }
    }

    private static void requireLibpcap() throws LibpcapMissingException {
        if (!Libpcap.isAvailable()) {
            throw new LibpcapMissingException();
        }
    }
}
