package org.connwatch.source.capture.live;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.source.capture.LinkType;

/**
 * Fuzzes {@link BlockWalker}: whatever bytes a ring block holds, every packet handed to the sink
 * lies inside the block, is no longer captured than on the wire and has a decodable link type;
 * every packet the block claims is either read or counted as malformed; and the same block walked
 * at another place in a bigger ring gives the same packets at the same relative places. Never an
 * exception.
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/source/capture/live/BlockWalkerFuzzTestInputs/anyBlock/}:
 * blocks recorded from real captures (loopback UDP and TCP, VLAN-tagged frames, a tun device) and
 * blocks made by {@link TestBlock}. To fuzz (in a copy of the tree, so that Jazzer's corpus writes
 * stay out of the repo):
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw test -Dtest='BlockWalkerFuzzTest#anyBlock'
 * </pre>
 */
class BlockWalkerFuzzTest {
    private static final int MAX_BLOCK = 1 << 20;

    @FuzzTest(maxDuration = "60s")
    void anyBlock(byte[] input) {
        if (input.length < BlockWalker.BLOCK_HEADER_SIZE || input.length > MAX_BLOCK) {
            return;
        }
        List<long[]> plain = walk(input, 0);
        List<long[]> shifted = walk(input, 4096 + 8);
        check(plain.size() == shifted.size(), "the same block elsewhere gave " + shifted.size() + " packets, not "
                + plain.size());
        for (int i = 0; i < plain.size(); i++) {
            long[] p = plain.get(i);
            long[] s = shifted.get(i);
            check(s[0] == p[0] + 4096 + 8 && s[1] == p[1] && s[2] == p[2] && s[3] == p[3] && s[4] == p[4]
                    && s[5] == p[5], "packet " + i + " moved with its block");
        }
    }

    /**
     * Walks the block placed at {@code at} in a ring with room after it; returns each packet's
     * offset, lengths, link type, time and interface.
     */
    private static List<long[]> walk(byte[] input, long at) {
        List<long[]> out = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ring = arena.allocate(at + input.length + 64, 8);
            MemorySegment.copy(MemorySegment.ofArray(input), 0, ring, at, input.length);
            long blockEnd = at + input.length;
            BlockWalker walker = new BlockWalker();
            long claimed = walker.walk(ring, at, input.length, (t, i, l, d, o, c, n) -> {
                check(d == ring, "the sink reads the ring itself");
                check(o >= at + BlockWalker.FRAME_HEADER_SIZE - BlockWalker.VLAN_TAG_LENGTH && c >= 0
                        && o + c <= blockEnd, "packet " + o + "+" + c + " inside the block " + at + ".." + blockEnd);
                check(n >= c, "original " + n + " >= captured " + c);
                check(l == LinkType.ETHERNET || l == LinkType.RAW, "a decodable link type: " + l);
                check(t >= 0, "time " + t);
                check(i >= 1, "an interface index is at least 1: " + i);
                out.add(new long[] {o, c, n, l, t, i});
            });
            check(claimed >= 0 && claimed <= 0xFFFF_FFFFL, "num_pkts is a u32: " + claimed);
            check(walker.read() + walker.malformed() == claimed, "read " + walker.read() + " + malformed "
                    + walker.malformed() + " = claimed " + claimed);
            check(walker.delivered() + walker.loopbackDuplicates() + walker.unsupportedLink() == walker.read(),
                    "every packet read is delivered or skipped for a reason");
            check(walker.delivered() == out.size(), "delivered counts the sink's calls");
            check(walker.vlanTagsRestored() <= walker.delivered(), "tags restored on delivered packets");
        }
        return out;
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
