package org.connwatch.source.capture;

import java.lang.foreign.MemorySegment;

/**
 * Receives the packets of a capture file or a live capture, one call per packet, with no object
 * made per packet: the bytes stay where they are (a memory-mapped file, a capture ring) and are
 * valid only during the call. Copy what must outlive it.
 */
@FunctionalInterface
public interface PacketSink {

    /**
     * One packet.
     *
     * @param epochNanos     when it was captured, nanoseconds since 1970-01-01 UTC
     * @param interfaceId    the capture interface: the pcapng interface index, 0 for pcap, the
     *                       interface index for a live capture
     * @param linkType       its link-layer header type, see {@link LinkType}
     * @param data           the segment that holds the packet
     * @param offset         where the packet's first byte is in {@code data}
     * @param capturedLength how many bytes were captured (at most the snap length)
     * @param originalLength how long the packet was on the wire (at least {@code capturedLength})
     */
    void packet(long epochNanos, int interfaceId, int linkType, MemorySegment data, long offset, int capturedLength,
                int originalLength);
}
