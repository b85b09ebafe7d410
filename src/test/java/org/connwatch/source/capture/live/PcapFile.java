package org.connwatch.source.capture.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A classic pcap file as tcpdump writes it (either byte order, micro- or nanosecond stamps), read whole. */
record PcapFile(int linkType, int snapLength, List<Packet> packets) {

    /** One record: when, how long on the wire, and the captured bytes. */
    record Packet(long epochNanos, int originalLength, byte[] bytes) {
    }

    static PcapFile read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
        }
        long fraction = switch (magic) {
            case 0xa1b2c3d4 -> 1000;
            case 0xa1b23c4d -> 1;
            default -> throw new IOException(file + " is not a pcap file (magic " + Integer.toHexString(magic) + ")");
        };
        int snap = b.getInt(16);
        int linkType = b.getInt(20) & 0x0FFFFFFF;
        List<Packet> packets = new ArrayList<>();
        b.position(24);
        while (b.remaining() >= 16) {
            long seconds = Integer.toUnsignedLong(b.getInt());
            long sub = Integer.toUnsignedLong(b.getInt());
            int captured = b.getInt();
            int original = b.getInt();
            if (captured < 0 || captured > b.remaining()) {
                break; // cut short: tcpdump was stopped mid-write
            }
            byte[] bytes = new byte[captured];
            b.get(bytes);
            packets.add(new Packet(seconds * 1_000_000_000L + sub * fraction, original, bytes));
        }
        return new PcapFile(linkType, snap, List.copyOf(packets));
    }
}
