package org.connwatch.source.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.connwatch.source.capture.LinkType;
import org.junit.jupiter.api.Test;

/** Ring blocks laid out as the kernel fills them, walked packet by packet: what reaches the sink, what is counted. */
class BlockWalkerTest {
    private static final byte[] ETHERNET_FRAME = HexFormat.of().parseHex(
            "0200000000020200000000010800" + "4500001c0001000040110000" + "0a0000010a000002" + "0fa0270f00080000");
    private static final byte[] IP_PACKET = HexFormat.of().parseHex(
            "4500001c0001000040110000" + "0a0000010a000002" + "0fa0270f00080000");

    private final BlockWalker walker = new BlockWalker();
    private final List<Seen> seen = new ArrayList<>();

    private record Seen(long epochNanos, int interfaceId, int linkType, long offset, String hex, int original) {
    }

    private long walk(byte[] block) {
        MemorySegment ring = MemorySegment.ofArray(block);
        return walker.walk(ring, 0, block.length, (t, i, l, d, o, c, n) ->
                seen.add(new Seen(t, i, l, o, hex(d.asSlice(o, c).toArray(ValueLayout.JAVA_BYTE)), n)));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void eachPacketGoesToTheSinkWhereItLies() {
        byte[] block = new TestBlock(4096)
                .packet(1_700_000_000L, 123_456_789, 2, HardwareType.ETHER, TestBlock.HOST, ETHERNET_FRAME)
                .packet(1_700_000_001L, 5, 7, HardwareType.NONE, TestBlock.OUTGOING, IP_PACKET)
                .packet(4_000_000_000L, 999_999_999, 3, HardwareType.ETHER, TestBlock.HOST, 0, 0, 0,
                        new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, 1514, TestBlock.MAC)
                .bytes();
        assertThat(walk(block)).isEqualTo(3);
        int second = TestBlock.align16(BlockWalker.BLOCK_HEADER_SIZE + TestBlock.MAC + ETHERNET_FRAME.length);
        assertThat(seen).containsExactly(
                new Seen(1_700_000_000_123_456_789L, 2, LinkType.ETHERNET,
                        BlockWalker.BLOCK_HEADER_SIZE + TestBlock.MAC,
                        HexFormat.of().formatHex(ETHERNET_FRAME), ETHERNET_FRAME.length),
                new Seen(1_700_000_001_000_000_005L, 7, LinkType.RAW, second + TestBlock.MAC,
                        HexFormat.of().formatHex(IP_PACKET), IP_PACKET.length),
                new Seen(4_000_000_000_999_999_999L, 3, LinkType.ETHERNET,
                        TestBlock.align16(second + TestBlock.MAC + IP_PACKET.length) + TestBlock.MAC,
                        "0102030405060708090a0b0c0d0e", 1514));
        assertThat(walker.delivered()).isEqualTo(3);
        assertThat(walker.read()).isEqualTo(3);
        assertThat(walker.malformed()).isZero();
    }

    @Test
    void loopbackPacketsAreGivenOnceAndUnknownHardwareIsCounted() {
        byte[] block = new TestBlock(4096)
                .packet(1, 0, 1, HardwareType.LOOPBACK, TestBlock.OUTGOING, ETHERNET_FRAME)
                .packet(1, 1, 1, HardwareType.LOOPBACK, TestBlock.HOST, ETHERNET_FRAME)
                .packet(1, 2, 4, HardwareType.IEEE80211_RADIOTAP, TestBlock.HOST, ETHERNET_FRAME)
                .packet(1, 3, 5, HardwareType.ETHER, TestBlock.OUTGOING, ETHERNET_FRAME)
                .bytes();
        walk(block);
        assertThat(seen).extracting(Seen::epochNanos).containsExactly(1_000_000_001L, 1_000_000_003L);
        assertThat(walker.loopbackDuplicates()).isEqualTo(1);
        assertThat(walker.unsupportedLink()).isEqualTo(1);
        assertThat(walker.delivered()).isEqualTo(2);
        assertThat(walker.read()).isEqualTo(4);
    }

    @Test
    void aVlanTagTheKernelTookOffIsPutBackBetweenTheAddressesAndTheEtherType() {
        int vlan = BlockWalker.TP_STATUS_VLAN_VALID;
        int tpid = BlockWalker.TP_STATUS_VLAN_TPID_VALID;
        byte[] block = new TestBlock(4096)
                .packet(1, 0, 2, HardwareType.ETHER, 0, vlan | tpid, 0xA02A, 0x8100, ETHERNET_FRAME, 60, TestBlock.MAC)
                .packet(1, 1, 2, HardwareType.ETHER, 0, vlan | tpid, 7, 0x88a8, ETHERNET_FRAME, 60, TestBlock.MAC)
                .packet(1, 2, 2, HardwareType.ETHER, 0, vlan, 42, 0, ETHERNET_FRAME, 60, TestBlock.MAC)
                // No room before the frame (no PACKET_RESERVE): the frame goes as it is.
                .packet(1, 3, 2, HardwareType.ETHER, 0, vlan | tpid, 42, 0x8100, ETHERNET_FRAME, 60,
                        BlockWalker.FRAME_HEADER_SIZE)
                // A raw-IP interface has no Ethernet header to put a tag in.
                .packet(1, 4, 9, HardwareType.NONE, 0, vlan | tpid, 42, 0x8100, IP_PACKET, 28, TestBlock.MAC)
                .bytes();
        walk(block);
        String macs = "020000000002020000000001";
        String rest = HexFormat.of().formatHex(ETHERNET_FRAME).substring(24);
        assertThat(seen).extracting(Seen::hex).containsExactly(
                macs + "8100a02a" + rest, macs + "88a80007" + rest, macs + "8100002a" + rest,
                HexFormat.of().formatHex(ETHERNET_FRAME), HexFormat.of().formatHex(IP_PACKET));
        assertThat(seen).extracting(Seen::original).containsExactly(64, 64, 64, 60, 28);
        assertThat(seen.getFirst().offset()).isEqualTo(BlockWalker.BLOCK_HEADER_SIZE + TestBlock.MAC - 4);
        assertThat(walker.vlanTagsRestored()).isEqualTo(3);
    }

    @Test
    void aHeaderPointingOutsideTheBlockEndsItsWalkAndTheRestIsMalformed() {
        byte[] good = new TestBlock(4096)
                .packet(1, 0, 2, HardwareType.ETHER, 0, ETHERNET_FRAME)
                .packet(1, 1, 2, HardwareType.ETHER, 0, ETHERNET_FRAME)
                .packet(1, 2, 2, HardwareType.ETHER, 0, ETHERNET_FRAME)
                .bytes();
        int first = BlockWalker.BLOCK_HEADER_SIZE;

        byte[] nextOutside = good.clone();
        ByteBuffer.wrap(nextOutside).order(ByteOrder.nativeOrder()).putInt(first, 1 << 30);
        assertMalformed(nextOutside, 1, 2);

        byte[] snapOutside = good.clone();
        ByteBuffer.wrap(snapOutside).order(ByteOrder.nativeOrder()).putInt(first + 12, 4000);
        assertMalformed(snapOutside, 0, 3);

        byte[] shorterThanCaptured = good.clone();
        ByteBuffer.wrap(shorterThanCaptured).order(ByteOrder.nativeOrder()).putInt(first + 16, 3);
        assertMalformed(shorterThanCaptured, 0, 3);

        byte[] badNanos = good.clone();
        ByteBuffer.wrap(badNanos).order(ByteOrder.nativeOrder()).putInt(first + 8, 1_000_000_000);
        assertMalformed(badNanos, 0, 3);

        byte[] macInsideHeader = good.clone();
        ByteBuffer.wrap(macInsideHeader).order(ByteOrder.nativeOrder()).putShort(first + 24, (short) 60);
        assertMalformed(macInsideHeader, 0, 3);

        byte[] noInterface = good.clone();
        ByteBuffer.wrap(noInterface).order(ByteOrder.nativeOrder()).putInt(first + 52, 0);
        assertMalformed(noInterface, 0, 3);

        byte[] firstInsideDescriptor = good.clone();
        ByteBuffer.wrap(firstInsideDescriptor).order(ByteOrder.nativeOrder()).putInt(16, 8);
        assertMalformed(firstInsideDescriptor, 0, 3);

        byte[] tooMany = good.clone();
        ByteBuffer.wrap(tooMany).order(ByteOrder.nativeOrder()).putInt(12, -1);
        assertMalformed(tooMany, 3, 0xFFFF_FFFFL - 3);
    }

    private void assertMalformed(byte[] block, int delivered, long malformed) {
        BlockWalker w = new BlockWalker();
        List<Long> offsets = new ArrayList<>();
        long count = w.walk(MemorySegment.ofArray(block), 0, block.length, (t, i, l, d, o, c, n) -> offsets.add(o));
        assertThat(offsets).hasSize(delivered);
        assertThat(w.malformed()).isEqualTo(malformed);
        assertThat(w.read() + w.malformed()).isEqualTo(count);
    }

    @Test
    void aBlockOutsideTheRingIsAProgrammingError() {
        MemorySegment ring = MemorySegment.ofArray(new byte[4096]);
        assertThatThrownBy(() -> walker.walk(ring, 4096, 4096, (t, i, l, d, o, c, n) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> walker.walk(ring, 0, 16, (t, i, l, d, o, c, n) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hardwareTypesMapToLinkTypes() {
        assertThat(HardwareType.linkType(HardwareType.ETHER)).isEqualTo(LinkType.ETHERNET);
        assertThat(HardwareType.linkType(HardwareType.LOOPBACK)).isEqualTo(LinkType.ETHERNET);
        for (int raw : HardwareType.RAW_IP_TYPES) {
            assertThat(HardwareType.linkType(raw)).isEqualTo(LinkType.RAW);
        }
        assertThat(HardwareType.linkType(HardwareType.PPP)).isEqualTo(HardwareType.UNSUPPORTED);
        assertThat(HardwareType.name(HardwareType.NONE)).isEqualTo("none/tun (65534)");
        assertThat(HardwareType.name(32)).isEqualTo("hardware type (32)");
    }
}
