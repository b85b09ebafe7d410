package org.connwatch.source.capture.flow;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The first bytes of one direction of a TCP stream, put back together from segments that arrive
 * in order (a ClientHello or a DNS response longer than one segment). Bounded by its capacity;
 * a segment out of order (a retransmission, a gap) is not added.
 */
final class StreamPiece {
    final byte[] bytes;
    int length;
    /** The sequence number the next in-order segment starts with. */
    private long nextSeq;

    /** A piece that starts with {@code n} bytes of {@code first}, from a segment of {@code wireLength} payload bytes at {@code seq}. */
    StreamPiece(int capacity, byte[] first, int n, long seq, int wireLength) {
        bytes = new byte[capacity];
        System.arraycopy(first, 0, bytes, 0, Math.min(n, capacity));
        length = Math.min(n, capacity);
        nextSeq = (seq + wireLength) & 0xFFFF_FFFFL;
    }

    /**
     * Adds a segment's captured payload when it is the next in order.
     *
     * @return false when it was not (nothing added)
     */
    boolean append(long seq, MemorySegment data, long offset, int captured, int wireLength) {
        if (seq != nextSeq) {
            return false;
        }
        int n = Math.min(captured, bytes.length - length);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, bytes, length, n);
        length += n;
        nextSeq = (seq + wireLength) & 0xFFFF_FFFFL;
        return true;
    }

    boolean full() {
        return length == bytes.length;
    }
}
