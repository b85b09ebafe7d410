package org.connwatch.source.capture.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.connwatch.source.capture.LinkType;

/**
 * Fuzzes {@link PacketDecoder}: whatever the bytes, decoding gives an outcome and never throws; a
 * decoded packet's payload lies inside the captured bytes; the same bytes decode the same at another
 * offset of a segment, and into a holder left dirty by another packet.
 *
 * <p>Input layout: byte 0 picks the link type (from those decoded and one that is not), bytes 1-2
 * add to the original length (so that the wire can be longer than the capture), byte 3 is where
 * the packet sits in its segment, the rest is the packet.
 *
 * <p>A normal test run replays the seeds in
 * {@code src/test/resources/org/connwatch/source/capture/decode/PacketDecoderFuzzTestInputs/anyPacket/}
 * (one hand-built frame per link layer, VLAN, IPv6 extension headers, fragments). To fuzz (in a
 * copy of the tree, so that Jazzer's corpus writes stay out of the repo):
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw test -Dtest='PacketDecoderFuzzTest#anyPacket'
 * </pre>
 */
class PacketDecoderFuzzTest {
    static final int[] LINK_TYPES = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL,
        LinkType.LOOP, LinkType.RAW, LinkType.IPV4, LinkType.IPV6, 147};
    private final PacketDecoder decoder = new PacketDecoder();

    @FuzzTest(maxDuration = "60s")
    void anyPacket(byte[] input) {
        if (input.length < 4) {
            return;
        }
        int linkType = LINK_TYPES[Byte.toUnsignedInt(input[0]) % LINK_TYPES.length];
        int extra = ((input[1] & 0xff) << 8 | (input[2] & 0xff)) % 2000;
        int shift = input[3] & 0x3f;
        byte[] packet = Arrays.copyOfRange(input, 4, input.length);
        int captured = packet.length;
        int original = captured + extra;

        byte[] plainBytes = packet.clone();
        DecodedPacket fresh = new DecodedPacket();
        Outcome outcome = decoder.decode(linkType, MemorySegment.ofArray(plainBytes), 0, captured, original, fresh);
        check(outcome != null, "an outcome");
        invariants(outcome, fresh, 0, captured, original);

        // The same packet at another place of a larger segment, decoded into a holder another packet left dirty.
        byte[] shifted = new byte[shift + captured + 7];
        Arrays.fill(shifted, (byte) 0x45);
        System.arraycopy(packet, 0, shifted, shift, captured);
        DecodedPacket dirty = new DecodedPacket();
        byte[] other = Frames.ethernet(Frames.MAC_B, Frames.MAC_A, 0x0800, Frames.ipv4("10.0.0.1", "10.0.0.2", 6,
                Frames.tcp(1, 2, Frames.SYN | Frames.ACK, new byte[9])));
        decoder.decode(LinkType.ETHERNET, MemorySegment.ofArray(other), 0, other.length, other.length, dirty);
        Outcome again = decoder.decode(linkType, MemorySegment.ofArray(shifted), shift, captured, original, dirty);
        check(again == outcome, "the same outcome at offset " + shift + ": " + again + " vs " + outcome);
        invariants(again, dirty, shift, captured, original);
        boolean decoded = outcome == Outcome.DECODED;
        check(describe(dirty, shift, decoded).equals(describe(fresh, 0, decoded)),
                "the same fields: " + describe(dirty, shift, decoded) + " vs " + describe(fresh, 0, decoded));
    }

    private static void invariants(Outcome outcome, DecodedPacket p, long offset, int captured, int original) {
        check(p.frameLength == Math.max(captured, original), "frame length " + p.frameLength);
        if (outcome != Outcome.DECODED) {
            return;
        }
        check(p.ipVersion == 4 || p.ipVersion == 6, "IP version " + p.ipVersion);
        check(p.protocol == 6 || p.protocol == 17 || p.protocol == 1 || p.protocol == 58, "protocol " + p.protocol);
        check(p.srcPort >= 0 && p.srcPort <= 65535 && p.dstPort >= 0 && p.dstPort <= 65535, "ports");
        check(p.icmpId >= -1 && p.icmpId <= 65535, "icmp id " + p.icmpId);
        check(p.tcpFlags >= 0 && p.tcpFlags <= 255, "flags " + p.tcpFlags);
        check(p.tcpSeq >= 0 && p.tcpSeq <= 0xFFFF_FFFFL && p.tcpAck >= 0 && p.tcpAck <= 0xFFFF_FFFFL, "seq/ack");
        check(p.networkOffset >= offset && p.networkOffset < offset + captured, "network offset " + p.networkOffset);
        check(p.payloadLength >= 0 && p.payloadCaptured >= 0 && p.payloadCaptured <= p.payloadLength,
                "payload " + p.payloadCaptured + " of " + p.payloadLength);
        check(p.payloadOffset > p.networkOffset && p.payloadOffset + p.payloadLength <= offset + p.frameLength,
                "payload on the wire inside the frame: " + p.payloadOffset + "+" + p.payloadLength);
        check(p.payloadCaptured == 0 || p.payloadOffset + p.payloadCaptured <= offset + captured,
                "captured payload inside the captured bytes: " + p.payloadOffset + "+" + p.payloadCaptured);
    }

    /** Every field, with offsets (set only for a decoded packet) made relative to where the packet starts. */
    private static String describe(DecodedPacket p, long offset, boolean withOffsets) {
        return p.srcMac + " " + p.dstMac + " " + p.outerVlan + "/" + p.innerVlan + " v" + p.ipVersion + " "
                + Arrays.toString(Arrays.copyOf(p.src, p.addressLength())) + ">"
                + Arrays.toString(Arrays.copyOf(p.dst, p.addressLength())) + " ttl " + p.ttl + " proto " + p.protocol
                + " " + p.srcPort + ">" + p.dstPort + " id " + p.icmpId + " flags " + p.tcpFlags + " " + p.tcpSeq
                + "/" + p.tcpAck + " frag " + p.firstFragment + " frame " + p.frameLength
                + (withOffsets ? " net " + (p.networkOffset - offset) + " payload " + (p.payloadOffset - offset)
                        + " " + p.payloadCaptured + "/" + p.payloadLength : "");
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
