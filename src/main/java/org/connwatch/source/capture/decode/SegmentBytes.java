package org.connwatch.source.capture.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Unsigned big-endian reads from a packet's segment. The callers check every offset against the
 * captured end first; the segment's own bounds check is the last line of defence, never the plan.
 */
final class SegmentBytes {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

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

    /** Six bytes as a 48-bit number: a MAC address. */
    static long u48(MemorySegment s, long at) {
        return ((long) u16(s, at) << 32) | u32(s, at + 2);
    }

    static void copy(MemorySegment s, long at, byte[] into, int length) {
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, at, into, 0, length);
    }
}
