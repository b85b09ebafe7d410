package org.connwatch.source.capture.live;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic BPF program, as attached to a packet socket with {@code SO_ATTACH_FILTER}: compiled
 * from a tcpdump expression by {@link BpfCompiler}, or made here (accept every packet, cut at the
 * snap length; or one program that runs another according to the packet's interface type).
 *
 * @param instructions at least one, at most {@value #MAX_INSTRUCTIONS} ({@code BPF_MAXINSNS})
 */
public record BpfProgram(List<BpfInstruction> instructions) {
    /** The kernel's limit on a classic BPF program's length ({@code BPF_MAXINSNS}). */
    public static final int MAX_INSTRUCTIONS = 4096;
    /** {@code SKF_AD_OFF + SKF_AD_HATYPE}: where a load finds the interface's hardware type. */
    private static final int ANCILLARY_HATYPE = 0xFFFFF000 + 28;

    public BpfProgram {
        instructions = List.copyOf(instructions);
        if (instructions.isEmpty() || instructions.size() > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("a BPF program has 1 to " + MAX_INSTRUCTIONS + " instructions, not "
                    + instructions.size());
        }
    }

    /** Accepts every packet, cut to {@code snapLength} bytes. */
    public static BpfProgram acceptAll(int snapLength) {
        return new BpfProgram(List.of(new BpfInstruction(BpfInstruction.RET_K, 0, 0, snapLength)));
    }

    /** Accepts no packet. */
    public static BpfProgram rejectAll() {
        return acceptAll(0);
    }

    /**
     * One program for a socket bound to every interface, whose packets carry different link-layer
     * headers: it loads the receiving interface's hardware type (Linux ancillary data
     * {@code SKF_AD_HATYPE}) and runs {@code ethernet} for Ethernet and loopback interfaces,
     * {@code rawIp} for interfaces that give bare IP packets (tun, tunnels), and drops the rest.
     *
     * @throws IllegalArgumentException when the two together are longer than the kernel allows
     */
    public static BpfProgram byHardwareType(BpfProgram ethernet, BpfProgram rawIp) {
        int[] eth = HardwareType.ETHERNET_TYPES;
        int[] raw = HardwareType.RAW_IP_TYPES;
        int tests = eth.length + raw.length;
        List<BpfInstruction> out = new ArrayList<>();
        out.add(new BpfInstruction(BpfInstruction.LD_W_ABS, 0, 0, ANCILLARY_HATYPE));
        // Test i sits at index 1 + i; after the tests come "ret 0" (index 1 + tests), then
        // "ja ethernet" (2 + tests) and "ja raw" (3 + tests). A jump is relative to the next instruction.
        for (int i = 0; i < tests; i++) {
            int target = i < eth.length ? 2 + tests : 3 + tests;
            int jt = target - (2 + i);
            int type = i < eth.length ? eth[i] : raw[i - eth.length];
            out.add(new BpfInstruction(BpfInstruction.JMP_JEQ_K, jt, 0, type));
        }
        out.add(new BpfInstruction(BpfInstruction.RET_K, 0, 0, 0));
        out.add(new BpfInstruction(BpfInstruction.JMP_JA, 0, 0, 1));
        out.add(new BpfInstruction(BpfInstruction.JMP_JA, 0, 0, ethernet.instructions.size()));
        out.addAll(ethernet.instructions);
        out.addAll(rawIp.instructions);
        if (out.size() > MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("the filter for Ethernet and raw-IP interfaces together needs "
                    + out.size() + " BPF instructions; the kernel allows " + MAX_INSTRUCTIONS);
        }
        return new BpfProgram(out);
    }

    public int length() {
        return instructions.size();
    }

    /**
     * Lays the program out as the kernel reads it: a {@code struct sock_fprog} (length u16, then a
     * pointer at offset 8) pointing at the {@code struct sock_filter} array, both in {@code arena}.
     */
    MemorySegment toSockFprog(Arena arena) {
        MemorySegment filters = arena.allocate(8L * instructions.size(), 8);
        for (int i = 0; i < instructions.size(); i++) {
            BpfInstruction in = instructions.get(i);
            long at = 8L * i;
            filters.set(ValueLayout.JAVA_SHORT, at, (short) in.code());
            filters.set(ValueLayout.JAVA_BYTE, at + 2, (byte) in.jt());
            filters.set(ValueLayout.JAVA_BYTE, at + 3, (byte) in.jf());
            filters.set(ValueLayout.JAVA_INT, at + 4, in.k());
        }
        MemorySegment fprog = arena.allocate(16, 8);
        fprog.set(ValueLayout.JAVA_SHORT, 0, (short) instructions.size());
        fprog.set(ValueLayout.ADDRESS, 8, filters);
        return fprog;
    }

    /** The program as {@code tcpdump -ddd} prints it: the count, then one instruction a line. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(instructions.size());
        for (BpfInstruction in : instructions) {
            b.append('\n').append(in);
        }
        return b.toString();
    }
}
