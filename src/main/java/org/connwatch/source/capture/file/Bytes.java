package org.connwatch.source.capture.file;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads the fields of capture files from a segment, in either byte order, at any alignment. The
 * layouts are constants (little-endian, swapped when the file is big-endian) so that the JIT turns
 * every read into one load.
 */
final class Bytes {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt BIG_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    /** A 32-bit field. */
    static int int32(MemorySegment s, long offset, boolean bigEndian) {
        int v = s.get(INT, offset);
        return bigEndian ? Integer.reverseBytes(v) : v;
    }

    /** An unsigned 32-bit field. */
    static long uint32(MemorySegment s, long offset, boolean bigEndian) {
        return int32(s, offset, bigEndian) & 0xffff_ffffL;
    }

    /** An unsigned 16-bit field. */
    static int uint16(MemorySegment s, long offset, boolean bigEndian) {
        short v = s.get(SHORT, offset);
        return (bigEndian ? Short.reverseBytes(v) : v) & 0xffff;
    }

    /** A 64-bit field stored as one 64-bit number (not as two 32-bit halves). */
    static long int64(MemorySegment s, long offset, boolean bigEndian) {
        long v = s.get(LONG, offset);
        return bigEndian ? Long.reverseBytes(v) : v;
    }

    /** Two consecutive 32-bit fields in one read; take them apart with {@link #first} and {@link #second}. */
    static long pair(MemorySegment s, long offset) {
        return s.get(LONG, offset);
    }

    /** The unsigned 32-bit field at the lower offset of a {@link #pair}. */
    static long first(long pair, boolean bigEndian) {
        int v = (int) pair;
        return (bigEndian ? Integer.reverseBytes(v) : v) & 0xffff_ffffL;
    }

    /** The unsigned 32-bit field at the higher offset of a {@link #pair}. */
    static long second(long pair, boolean bigEndian) {
        int v = (int) (pair >>> 32);
        return (bigEndian ? Integer.reverseBytes(v) : v) & 0xffff_ffffL;
    }

    /** The first four bytes as a big-endian number: how magic numbers are written down. */
    static int magic(MemorySegment s, long offset) {
        return s.get(BIG_INT, offset);
    }
}
