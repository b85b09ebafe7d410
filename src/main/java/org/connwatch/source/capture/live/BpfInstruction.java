package org.connwatch.source.capture.live;

/**
 * One classic BPF instruction ({@code struct sock_filter} / {@code struct bpf_insn}): what
 * {@code tcpdump -ddd} prints, one per line, as {@code code jt jf k}.
 *
 * @param code the opcode (16 bits)
 * @param jt   relative jump when a comparison holds (8 bits)
 * @param jf   relative jump when it does not (8 bits)
 * @param k    the operand (32 bits)
 */
public record BpfInstruction(int code, int jt, int jf, int k) {
    /** {@code BPF_LD | BPF_W | BPF_ABS}: load a 32-bit word. */
    static final int LD_W_ABS = 0x20;
    /** {@code BPF_JMP | BPF_JA}: jump always, by {@code k}. */
    static final int JMP_JA = 0x05;
    /** {@code BPF_JMP | BPF_JEQ | BPF_K}: compare the accumulator with {@code k}. */
    static final int JMP_JEQ_K = 0x15;
    /** {@code BPF_RET | BPF_K}: accept {@code k} bytes of the packet (0: drop it). */
    static final int RET_K = 0x06;

    public BpfInstruction {
        if ((code & ~0xFFFF) != 0 || (jt & ~0xFF) != 0 || (jf & ~0xFF) != 0) {
            throw new IllegalArgumentException("not a BPF instruction: " + code + " " + jt + " " + jf + " " + k);
        }
    }

    /** The instruction as {@code tcpdump -ddd} prints it: {@code code jt jf k}, k unsigned. */
    @Override
    public String toString() {
        return code + " " + jt + " " + jf + " " + Integer.toUnsignedString(k);
    }
}
