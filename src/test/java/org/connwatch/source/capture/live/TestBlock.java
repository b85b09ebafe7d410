package org.connwatch.source.capture.live;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds a {@code TPACKET_V3} ring block in memory the way the kernel lays one out (see
 * {@link BlockWalker}): the block descriptor, then per packet a {@code tpacket3_hdr}, a
 * {@code sockaddr_ll} and the packet bytes at {@code tp_mac}, each frame 16-byte aligned.
 */
final class TestBlock {
    static final int OUTGOING = BlockWalker.PACKET_OUTGOING;
    static final int HOST = 0;
    /** Where the packet starts in a frame, leaving the room PACKET_RESERVE keeps for a VLAN tag. */
    static final int MAC = 82;

    private final ByteBuffer block;
    private int count;
    private int offset = BlockWalker.BLOCK_HEADER_SIZE;
    private int lastFrame = -1;

    TestBlock(int size) {
        block = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    /** A packet on an interface of hardware type {@code hatype}, captured whole. */
    TestBlock packet(long sec, int nsec, int ifindex, int hatype, int pkttype, byte[] data) {
        return packet(sec, nsec, ifindex, hatype, pkttype, 0, 0, 0, data, data.length, MAC);
    }

    /** A packet with every field chosen. */
    TestBlock packet(long sec, int nsec, int ifindex, int hatype, int pkttype, int status, int vlanTci,
                     int vlanTpid, byte[] data, int original, int mac) {
        if (lastFrame >= 0) {
            block.putInt(lastFrame, offset - lastFrame);
        }
        int f = offset;
        block.putInt(f, 0);
        block.putInt(f + 4, (int) sec);
        block.putInt(f + 8, nsec);
        block.putInt(f + 12, data.length);
        block.putInt(f + 16, original);
        block.putInt(f + 20, status | BlockWalker.TP_STATUS_USER);
        block.putShort(f + 24, (short) mac);
        block.putShort(f + 26, (short) (mac + 14));
        block.putInt(f + 32, vlanTci);
        block.putShort(f + 36, (short) vlanTpid);
        block.putShort(f + 48, (short) CaptureLibc.AF_PACKET);
        block.putInt(f + 52, ifindex);
        block.putShort(f + 56, (short) hatype);
        block.put(f + 58, (byte) pkttype);
        block.put(f + mac, data);
        lastFrame = f;
        offset = align16(f + mac + data.length);
        count++;
        return this;
    }

    /** The block's bytes, its status handed to user space. */
    byte[] bytes() {
        block.putInt((int) BlockWalker.BLOCK_STATUS, BlockWalker.TP_STATUS_USER);
        block.putInt((int) BlockWalker.BLOCK_NUM_PACKETS, count);
        block.putInt((int) BlockWalker.BLOCK_FIRST_PACKET, BlockWalker.BLOCK_HEADER_SIZE);
        block.putInt(20, offset);
        return block.array().clone();
    }

    /** Rounds up to the kernel's {@code TPACKET_ALIGNMENT} (16). */
    static int align16(int n) {
        return (n + 15) & ~15;
    }
}
