package org.connwatch.source.capture.live;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.connwatch.source.capture.LinkType;
import org.connwatch.source.capture.PacketSink;

/**
 * Walks the packets of one {@code TPACKET_V3} ring block and hands each to a {@link PacketSink}
 * where it lies, with no object made per packet. Pure: it reads (and, to put back a VLAN tag,
 * writes) only the block it is given, so it is tested and fuzzed on blocks built in memory.
 *
 * <p>The block, as the kernel fills it ({@code linux/if_packet.h}, host byte order):
 * <pre>
 *   tpacket_block_desc   version u32, offset_to_priv u32, then tpacket_hdr_v1:
 *                        block_status u32 (+8), num_pkts u32 (+12), offset_to_first_pkt u32 (+16),
 *                        blk_len u32 (+20), seq_num u64 (+24), ts_first, ts_last (+32, +40)
 *   tpacket3_hdr         tp_next_offset u32 (+0, 0 for the last), tp_sec u32 (+4), tp_nsec u32 (+8),
 *   (one per packet)     tp_snaplen u32 (+12), tp_len u32 (+16), tp_status u32 (+20), tp_mac u16 (+24),
 *                        tp_net u16 (+26), hv1: tp_rxhash u32 (+28), tp_vlan_tci u32 (+32),
 *                        tp_vlan_tpid u16 (+36); padded to 48
 *   sockaddr_ll (+48)    sll_family u16, sll_protocol be16, sll_ifindex i32 (+52), sll_hatype u16 (+56),
 *                        sll_pkttype u8 (+58), sll_halen u8, sll_addr[8]
 *   packet bytes         at tp_mac from the tpacket3_hdr, tp_snaplen of them
 * </pre>
 *
 * <p>Every offset and length is checked against the block before use: a header that points outside
 * it, or that contradicts itself (more captured than on the wire, nanoseconds past a second, no
 * interface index), ends the walk of that block and its remaining packets are counted as
 * malformed. A VLAN tag the kernel took off (hardware or software offload, flagged
 * {@code TP_STATUS_VLAN_VALID}) is put back between the MAC addresses and the EtherType, in the
 * space {@code PACKET_RESERVE} keeps before each frame, so the sink sees the frame as it was on the
 * wire (as libpcap does).
 *
 * <p>Not thread-safe: one capture thread walks; its counters are read by that thread (the capture
 * publishes them).
 */
final class BlockWalker {
    static final long BLOCK_STATUS = 8;
    static final long BLOCK_NUM_PACKETS = 12;
    static final long BLOCK_FIRST_PACKET = 16;
    /** The block descriptor's size ({@code tpacket_block_desc} with {@code tpacket_hdr_v1}). */
    static final int BLOCK_HEADER_SIZE = 48;
    /** {@code TPACKET_ALIGN(sizeof(struct tpacket3_hdr))}: where the {@code sockaddr_ll} starts. */
    static final int TPACKET3_HEADER_SIZE = 48;
    /** {@code TPACKET3_HDRLEN}: the header and the {@code sockaddr_ll}, before any packet byte. */
    static final int FRAME_HEADER_SIZE = TPACKET3_HEADER_SIZE + CaptureLibc.SOCKADDR_LL_SIZE;
    static final int TP_STATUS_KERNEL = 0;
    static final int TP_STATUS_USER = 1;
    static final int TP_STATUS_VLAN_VALID = 1 << 4;
    static final int TP_STATUS_VLAN_TPID_VALID = 1 << 6;
    static final int PACKET_OUTGOING = 4;
    static final int VLAN_TAG_LENGTH = 4;
    static final int ETH_P_8021Q = 0x8100;

    private static final long TP_NEXT_OFFSET = 0;
    private static final long TP_SEC = 4;
    private static final long TP_NSEC = 8;
    private static final long TP_SNAPLEN = 12;
    private static final long TP_LEN = 16;
    private static final long TP_STATUS = 20;
    private static final long TP_MAC = 24;
    private static final long TP_VLAN_TCI = 32;
    private static final long TP_VLAN_TPID = 36;
    private static final long SLL_IFINDEX = TPACKET3_HEADER_SIZE + 4;
    private static final long SLL_HATYPE = TPACKET3_HEADER_SIZE + 8;
    private static final long SLL_PKTTYPE = TPACKET3_HEADER_SIZE + 10;
    private static final int MAC_ADDRESSES = 12;
    private static final long NANOS = 1_000_000_000L;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfShort NET_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private long read;
    private long delivered;
    private long loopbackDuplicates;
    private long unsupportedLink;
    private long malformed;
    private long vlanTagsRestored;

    /**
     * Walks the block of {@code blockSize} bytes at {@code blockStart} in {@code ring}, calling the
     * sink for each packet it holds. The bytes passed to the sink are valid only during the call.
     *
     * @return the number of packets the block said it held
     */
    long walk(MemorySegment ring, long blockStart, long blockSize, PacketSink sink) {
        if (blockStart < 0 || blockSize < BLOCK_HEADER_SIZE || blockStart > ring.byteSize() - blockSize) {
            throw new IllegalArgumentException("block " + blockStart + "+" + blockSize + " is not inside the ring ("
                    + ring.byteSize() + " bytes) or smaller than its header");
        }
        long count = u32(ring, blockStart + BLOCK_NUM_PACKETS);
        long offset = u32(ring, blockStart + BLOCK_FIRST_PACKET);
        for (long i = 0; i < count; i++) {
            if (offset < BLOCK_HEADER_SIZE || offset > blockSize - FRAME_HEADER_SIZE) {
                malformed += count - i;
                break;
            }
            long frame = blockStart + offset;
            long room = blockSize - offset;
            long snap = u32(ring, frame + TP_SNAPLEN);
            long length = u32(ring, frame + TP_LEN);
            long nanos = u32(ring, frame + TP_NSEC);
            int mac = Short.toUnsignedInt(ring.get(U16, frame + TP_MAC));
            if (mac < FRAME_HEADER_SIZE || snap > room - mac || length < snap
                    || length > Integer.MAX_VALUE - VLAN_TAG_LENGTH || nanos >= NANOS
                    || ring.get(U32, frame + SLL_IFINDEX) < 1) {
                malformed += count - i;
                break;
            }
            read++;
            deliver(ring, frame, mac, (int) snap, (int) length, nanos, sink);
            if (i + 1 < count) {
                long next = u32(ring, frame + TP_NEXT_OFFSET);
                if (next < FRAME_HEADER_SIZE || next > room) {
                    malformed += count - i - 1;
                    break;
                }
                offset += next;
            }
        }
        return count;
    }

    private void deliver(MemorySegment ring, long frame, int mac, int snap, int length, long nanos,
                         PacketSink sink) {
        int hardwareType = Short.toUnsignedInt(ring.get(U16, frame + SLL_HATYPE));
        if (hardwareType == HardwareType.LOOPBACK
                && Byte.toUnsignedInt(ring.get(ValueLayout.JAVA_BYTE, frame + SLL_PKTTYPE)) == PACKET_OUTGOING) {
            loopbackDuplicates++;
            return;
        }
        int linkType = HardwareType.linkType(hardwareType);
        if (linkType == HardwareType.UNSUPPORTED) {
            unsupportedLink++;
            return;
        }
        long start = frame + mac;
        int status = ring.get(U32, frame + TP_STATUS);
        // Without the room PACKET_RESERVE keeps (never short when the capture set it up) the frame goes as it is.
        if ((status & TP_STATUS_VLAN_VALID) != 0 && linkType == LinkType.ETHERNET && snap >= MAC_ADDRESSES
                && mac - VLAN_TAG_LENGTH >= FRAME_HEADER_SIZE) {
            int tpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0 ? ring.get(U16, frame + TP_VLAN_TPID) : ETH_P_8021Q;
            short tci = ring.get(U16, frame + TP_VLAN_TCI);
            MemorySegment.copy(ring, start, ring, start - VLAN_TAG_LENGTH, MAC_ADDRESSES);
            start -= VLAN_TAG_LENGTH;
            ring.set(NET_U16, start + MAC_ADDRESSES, (short) tpid);
            ring.set(NET_U16, start + MAC_ADDRESSES + 2, tci);
            snap += VLAN_TAG_LENGTH;
            length += VLAN_TAG_LENGTH;
            vlanTagsRestored++;
        }
        long epochNanos = u32(ring, frame + TP_SEC) * NANOS + nanos;
        int interfaceIndex = ring.get(U32, frame + SLL_IFINDEX);
        delivered++;
        sink.packet(epochNanos, interfaceIndex, linkType, ring, start, snap, length);
    }

    private static long u32(MemorySegment segment, long offset) {
        return Integer.toUnsignedLong(segment.get(U32, offset));
    }

    /** Packets read from blocks (delivered or skipped for a reason), malformed ones not included. */
    long read() {
        return read;
    }

    long delivered() {
        return delivered;
    }

    long loopbackDuplicates() {
        return loopbackDuplicates;
    }

    long unsupportedLink() {
        return unsupportedLink;
    }

    long malformed() {
        return malformed;
    }

    long vlanTagsRestored() {
        return vlanTagsRestored;
    }
}
