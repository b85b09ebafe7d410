package org.connwatch.source.capture.file;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.source.capture.PacketSink;

/** A sink for the tests that keeps a copy of every packet it is given. */
final class Collected implements PacketSink {
    /** One packet, its bytes copied. */
    record Packet(long epochNanos, int interfaceId, int linkType, long offset, int capturedLength,
                  int originalLength, byte[] data) {

        /** As tshark would show it. */
        Tshark.Frame frame() {
            return new Tshark.Frame(epochNanos, interfaceId, originalLength, capturedLength);
        }
    }

    final List<Packet> packets = new ArrayList<>();

    @Override
    public void packet(long epochNanos, int interfaceId, int linkType, MemorySegment data, long offset,
                       int capturedLength, int originalLength) {
        byte[] copy = data.asSlice(offset, capturedLength).toArray(ValueLayout.JAVA_BYTE);
        packets.add(new Packet(epochNanos, interfaceId, linkType, offset, capturedLength, originalLength, copy));
    }

    List<Tshark.Frame> frames() {
        return packets.stream().map(Packet::frame).toList();
    }
}
