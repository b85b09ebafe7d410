package org.connwatch.source.capture.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Unsigned big-endian reads from a packet's segment. The callers check every offset against the
 * captured end first; the segment's own bounds check is the last line of defence, never the plan.
 *
 * <p>Each read is a call chain through a var handle that C2 folds into one load but C1 (the only
 * compiler of a short run, and the first of a long one) does not: about 25 ns a read there. So the
 * decoders read a header's fixed part in one or two 8-byte reads ({@link #u64}) and take the fields
 * apart with shifts, rather than one read per field.
 */
final class SegmentBytes {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private SegmentBytes() {
    }

    static int u8(MemorySegment s, long at) {
        return Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, at));
    }

    static int u16(MemorySegment s, long at) {
        return Short.toUnsignedInt(s.get(U16, at));
    }

    static long u32(MemorySegment s, long at) {
        return Integer.toUnsignedLong(s.get(U32, at));
    }

    static long u32LittleEndian(MemorySegment s, long at) {
        return Integer.toUnsignedLong(s.get(U32_LE, at));
    }

    /** Eight bytes as a big-endian number: the first byte in the top 8 bits. */
    static long u64(MemorySegment s, long at) {
        return s.get(U64, at);
    }

    /** Six bytes as a 48-bit number: a MAC address. */
    static long u48(MemorySegment s, long at) {
        return ((long) u16(s, at) << 32) | u32(s, at + 2);
    }

    /**
     * An IP address into the first 4 or 16 bytes of {@code into}: one or two loads and plain stores,
     * cheaper for so few bytes than a bulk copy (a stub call, and under C1 a long call chain).
     */
    static void address(MemorySegment s, long at, byte[] into, int length) {
        if (length == 4) {
            store(s.get(U32, at), into, 0);
            return;
        }
        long hi = s.get(U64, at);
        long lo = s.get(U64, at + 8);
        store((int) (hi >>> 32), into, 0);
        store((int) hi, into, 4);
        store((int) (lo >>> 32), into, 8);
        store((int) lo, into, 12);
    }

    /** An IPv4 address read as a number into the first 4 bytes of {@code into}. */
    static void ipv4Address(int address, byte[] into) {
        store(address, into, 0);
    }

    private static void store(int v, byte[] into, int at) {
        into[at] = (byte) (v >>> 24);
        into[at + 1] = (byte) (v >>> 16);
        into[at + 2] = (byte) (v >>> 8);
        into[at + 3] = (byte) v;
    }
}
