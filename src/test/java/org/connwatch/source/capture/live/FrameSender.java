package org.connwatch.source.capture.live;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Run in a child JVM inside a test's network namespace: sends raw Ethernet frames that carry
 * VLAN tags through a packet socket (the receiving kernel takes the outer tag off the frame and
 * hands it to packet sockets beside it), prints {@code done frames=N} and exits.
 *
 * <pre>
 *   FrameSender INTERFACE COUNT     frames {@link #frame}(0) .. frame(COUNT - 1)
 * </pre>
 */
public final class FrameSender {
    private FrameSender() {
    }

    public static void main(String[] argv) throws Exception {
        ProbeArgs args = ProbeArgs.parse(argv);
        int index = CaptureLibc.ifNameToIndex(args.word(0));
        int count = Integer.parseInt(args.word(1));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = CaptureLibc.newErrnoCapture(arena);
            int fd = CaptureLibc.socket(errno, CaptureLibc.AF_PACKET, CaptureLibc.SOCK_RAW, 0);
            if (fd < 0) {
                throw new IllegalStateException(CaptureLibc.describe("socket", CaptureLibc.errno(errno)));
            }
            MemorySegment sll = arena.allocate(CaptureLibc.SOCKADDR_LL_SIZE, 4);
            sll.set(ValueLayout.JAVA_SHORT, 0, (short) CaptureLibc.AF_PACKET);
            sll.set(ValueLayout.JAVA_INT, 4, index);
            for (int i = 0; i < count; i++) {
                byte[] frame = frame(i);
                MemorySegment data = arena.allocate(frame.length);
                data.copyFrom(MemorySegment.ofArray(frame));
                TestLibc.sendto(errno, fd, data, sll);
                Thread.sleep(2);
            }
            CaptureLibc.close(fd);
        }
        System.out.println("done frames=" + count);
    }

    /**
     * Frame {@code i}: broadcast, from 02:00:00:00:00:01, carrying IPv4/UDP 10.99.0.1:4000 ->
     * 10.99.0.2:4789 with {@code 20 + i} payload bytes; even frames tagged 802.1Q VLAN 42 (priority
     * 5), odd ones 802.1ad VLAN 7 outside 802.1Q VLAN 42 (QinQ).
     */
    static byte[] frame(int i) {
        int payload = 20 + i;
        boolean qinq = i % 2 == 1;
        ByteBuffer b = ByteBuffer.allocate(14 + (qinq ? 8 : 4) + 28 + payload);
        b.put(HexFormat.of().parseHex("ffffffffffff" + "020000000001"));
        if (qinq) {
            b.putShort((short) 0x88a8).putShort((short) 7);
        }
        b.putShort((short) 0x8100).putShort((short) ((5 << 13) | 42));
        b.putShort((short) 0x0800);
        int ip = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload)).putShort((short) i).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[] {10, 99, 0, 1}).put(new byte[] {10, 99, 0, 2});
        int sum = 0;
        for (int k = 0; k < 20; k += 2) {
            sum += ((b.get(ip + k) & 0xFF) << 8) | (b.get(ip + k + 1) & 0xFF);
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        b.putShort(ip + 10, (short) ~sum);
        b.putShort((short) 4000).putShort((short) 4789).putShort((short) (8 + payload)).putShort((short) 0);
        b.put(LiveCaptureLoopbackTest.payload(payload));
        return b.array();
    }
}
