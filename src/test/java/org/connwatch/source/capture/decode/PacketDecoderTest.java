package org.connwatch.source.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.source.capture.decode.Frames.ACK;
import static org.connwatch.source.capture.decode.Frames.MAC_A;
import static org.connwatch.source.capture.decode.Frames.MAC_B;
import static org.connwatch.source.capture.decode.Frames.PSH;
import static org.connwatch.source.capture.decode.Frames.SYN;
import static org.connwatch.source.capture.decode.Frames.ethernet;
import static org.connwatch.source.capture.decode.Frames.ipv4;
import static org.connwatch.source.capture.decode.Frames.ipv6;
import static org.connwatch.source.capture.decode.Frames.tcp;
import static org.connwatch.source.capture.decode.Frames.udp;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.connwatch.records.IpAddresses;
import org.connwatch.source.capture.LinkType;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket out = new DecodedPacket();

    private Outcome decode(int linkType, byte[] frame) {
        return decoder.decode(linkType, MemorySegment.ofArray(frame), 0, frame.length, frame.length, out);
    }

    private Outcome decodeCut(int linkType, byte[] frame, int snap) {
        return decoder.decode(linkType, MemorySegment.ofArray(frame), 0, snap, frame.length, out);
    }

    private String src() {
        return IpAddresses.format(IpAddresses.fromBytes(Arrays.copyOf(out.src, out.addressLength())));
    }

    private String dst() {
        return IpAddresses.format(IpAddresses.fromBytes(Arrays.copyOf(out.dst, out.addressLength())));
    }

    private String payload(byte[] frame) {
        return new String(frame, (int) out.payloadOffset, out.payloadCaptured, StandardCharsets.US_ASCII);
    }

    @Test
    void ethernetIpv4TcpWithOptions() {
        byte[] options = {2, 4, 0x05, (byte) 0xb4, 1, 1, 4, 2}; // MSS, NOP, NOP, SACK permitted
        byte[] ipOptions = {1, 1, 1, 0}; // NOPs and end of list: a 24-byte IP header
        byte[] frame = ethernet(MAC_B, MAC_A, 0x0800, ipv4("192.168.1.10", "93.184.216.34", 6, 57, 0, ipOptions,
                tcp(51000, 443, PSH | ACK, 0xFFFF_FFF0L, 7, options, HELLO)));

        assertThat(decode(LinkType.ETHERNET, frame)).isEqualTo(Outcome.DECODED);
        assertThat(out.srcMac).isEqualTo(MAC_A);
        assertThat(out.dstMac).isEqualTo(MAC_B);
        assertThat(out.outerVlan).isEqualTo(-1);
        assertThat(out.ipVersion).isEqualTo(4);
        assertThat(out.ttl).isEqualTo(57);
        assertThat(src()).isEqualTo("192.168.1.10");
        assertThat(dst()).isEqualTo("93.184.216.34");
        assertThat(out.protocol).isEqualTo(6);
        assertThat(out.srcPort).isEqualTo(51000);
        assertThat(out.dstPort).isEqualTo(443);
        assertThat(out.tcpSeq).isEqualTo(0xFFFF_FFF0L);
        assertThat(out.tcpAck).isEqualTo(7);
        assertThat(out.tcpFlags).isEqualTo(PSH | ACK);
        assertThat(out.networkOffset).isEqualTo(14);
        assertThat(out.payloadOffset).isEqualTo(14 + 24 + 28);
        assertThat(out.payloadLength).isEqualTo(5);
        assertThat(payload(frame)).isEqualTo("hello");
        assertThat(out.frameLength).isEqualTo(frame.length);
        assertThat(out.firstFragment).isFalse();
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] frame = Frames.pad(ethernet(MAC_B, MAC_A, 0x0800, ipv4("10.0.0.1", "10.0.0.2", 17,
                udp(5000, 53, new byte[] {'h', 'i'}))), 60);
        assertThat(decode(LinkType.ETHERNET, frame)).isEqualTo(Outcome.DECODED);
        assertThat(out.payloadLength).isEqualTo(2);
        assertThat(out.payloadCaptured).isEqualTo(2);
        assertThat(out.frameLength).isEqualTo(60);
    }

    @Test
    void udpLengthShorterThanTheIpPayloadEndsThePayload() {
        byte[] udp = udp(1, 2, "abcd".getBytes(StandardCharsets.US_ASCII));
        udp[5] = 10; // UDP says 2 payload bytes; the IP packet carries 4
        assertThat(decode(LinkType.RAW, ipv4("10.0.0.1", "10.0.0.2", 17, udp))).isEqualTo(Outcome.DECODED);
        assertThat(out.payloadLength).isEqualTo(2);
    }

    @Test
    void vlanTagsSingleQinQAndOld9100() {
        byte[] ip = ipv4("10.0.0.1", "10.0.0.2", 17, udp(1, 2, HELLO));
        assertThat(decode(LinkType.ETHERNET, Frames.ethernetTagged(MAC_B, MAC_A, new int[] {0x8100, 42}, 0x0800, ip)))
                .isEqualTo(Outcome.DECODED);
        assertThat(out.outerVlan).isEqualTo(42);
        assertThat(out.innerVlan).isEqualTo(42);
        assertThat(out.srcPort).isEqualTo(1);

        assertThat(decode(LinkType.ETHERNET, Frames.ethernetTagged(MAC_B, MAC_A,
                new int[] {0x88A8, 100, 0x8100, 7}, 0x0800, ip))).isEqualTo(Outcome.DECODED);
        assertThat(out.outerVlan).isEqualTo(100);
        assertThat(out.innerVlan).isEqualTo(7);
        assertThat(out.networkOffset).isEqualTo(22);

        byte[] triple = Frames.ethernetTagged(MAC_B, MAC_A, new int[] {0x9100, 5, 0x9100, 6, 0x8100, 9}, 0x86DD,
                ipv6("2001:db8::1", "2001:db8::2", 17, udp(3, 4, HELLO)));
        assertThat(decode(LinkType.ETHERNET, triple)).isEqualTo(Outcome.DECODED);
        assertThat(out.outerVlan).isEqualTo(5);
        assertThat(out.innerVlan).isEqualTo(9);
        assertThat(out.ipVersion).isEqualTo(6);
        assertThat(out.networkOffset).isEqualTo(14 + 12);
        assertThat(payload(triple)).isEqualTo("hello");
    }

    @Test
    void tooManyVlanTagsAreMalformedAndACutTagIsTruncated() {
        int[] tags = new int[18];
        for (int i = 0; i < tags.length; i += 2) {
            tags[i] = 0x8100;
            tags[i + 1] = i;
        }
        byte[] frame = Frames.ethernetTagged(MAC_B, MAC_A, tags, 0x0800, ipv4("10.0.0.1", "10.0.0.2", 17,
                udp(1, 2, HELLO)));
        assertThat(decode(LinkType.ETHERNET, frame)).isEqualTo(Outcome.MALFORMED);
        assertThat(decodeCut(LinkType.ETHERNET, frame, 16)).isEqualTo(Outcome.TRUNCATED);
    }

    @Test
    void linuxCookedV1AndV2() {
        byte[] v6 = ipv6("fe80::1", "ff02::fb", 17, udp(5353, 5353, HELLO));
        byte[] frame = Frames.sll(MAC_A, 0x86DD, v6);
        assertThat(decode(LinkType.LINUX_SLL, frame)).isEqualTo(Outcome.DECODED);
        assertThat(out.srcMac).isEqualTo(MAC_A);
        assertThat(out.dstMac).isEqualTo(DecodedPacket.NO_MAC);
        assertThat(src()).isEqualTo("fe80::1");
        assertThat(dst()).isEqualTo("ff02::fb");
        assertThat(payload(frame)).isEqualTo("hello");

        byte[] frame2 = Frames.sll2(MAC_B, 0x0800, ipv4("10.1.1.1", "10.2.2.2", 6, tcp(1234, 80, SYN, new byte[0])));
        assertThat(decode(LinkType.LINUX_SLL2, frame2)).isEqualTo(Outcome.DECODED);
        assertThat(out.srcMac).isEqualTo(MAC_B);
        assertThat(out.networkOffset).isEqualTo(20);
        assertThat(out.tcpFlags).isEqualTo(SYN);

        assertThat(decode(LinkType.LINUX_SLL, Frames.sll(MAC_A, 0x0806, new byte[28]))).isEqualTo(Outcome.NOT_IP);
        assertThat(decode(LinkType.LINUX_SLL2, Arrays.copyOf(frame2, 19))).isEqualTo(Outcome.TRUNCATED);
    }

    @Test
    void bsdLoopbackInEitherByteOrder() {
        byte[] v4 = ipv4("127.0.0.1", "127.0.0.1", 17, udp(1, 2, HELLO));
        byte[] v6 = ipv6("::1", "::1", 17, udp(1, 2, HELLO));
        for (boolean little : new boolean[] {true, false}) {
            for (int linkType : new int[] {LinkType.NULL, LinkType.LOOP}) {
                assertThat(decode(linkType, Frames.loopback(2, little, v4))).isEqualTo(Outcome.DECODED);
                assertThat(out.ipVersion).isEqualTo(4);
                for (int family : new int[] {24, 28, 30}) {
                    assertThat(decode(linkType, Frames.loopback(family, little, v6))).isEqualTo(Outcome.DECODED);
                    assertThat(out.ipVersion).isEqualTo(6);
                    assertThat(out.networkOffset).isEqualTo(4);
                }
                assertThat(decode(linkType, Frames.loopback(7, little, v4))).isEqualTo(Outcome.NOT_IP);
            }
        }
    }

    @Test
    void rawIpByVersionNibbleAndTheFixedVersionTypes() {
        byte[] v4 = ipv4("10.0.0.1", "10.0.0.2", 6, tcp(1, 2, ACK, HELLO));
        byte[] v6 = ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1, 2, ACK, HELLO));
        assertThat(decode(LinkType.RAW, v4)).isEqualTo(Outcome.DECODED);
        assertThat(out.networkOffset).isZero();
        assertThat(payload(v4)).isEqualTo("hello");
        assertThat(decode(LinkType.RAW, v6)).isEqualTo(Outcome.DECODED);
        assertThat(payload(v6)).isEqualTo("hello");
        assertThat(decode(LinkType.IPV4, v4)).isEqualTo(Outcome.DECODED);
        assertThat(decode(LinkType.IPV6, v6)).isEqualTo(Outcome.DECODED);
        assertThat(decode(LinkType.IPV4, v6)).isEqualTo(Outcome.MALFORMED);
        assertThat(decode(LinkType.IPV6, v4)).isEqualTo(Outcome.MALFORMED);
        byte[] v5 = v4.clone();
        v5[0] = 0x55;
        assertThat(decode(LinkType.RAW, v5)).isEqualTo(Outcome.MALFORMED);
        assertThat(decode(LinkType.RAW, new byte[0])).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void ipv6ExtensionHeadersAreWalked() {
        byte[] chain = Frames.extension(60, 0, Frames.extension(43, 1, Frames.extension(6, 0,
                tcp(40000, 22, ACK, HELLO))));
        byte[] packet = ipv6("2001:db8::a", "2001:db8::b", 0, chain);
        assertThat(decode(LinkType.RAW, packet)).isEqualTo(Outcome.DECODED);
        assertThat(out.protocol).isEqualTo(6);
        assertThat(out.dstPort).isEqualTo(22);
        assertThat(out.payloadOffset).isEqualTo(40 + 8 + 16 + 8 + 20);
        assertThat(payload(packet)).isEqualTo("hello");

        byte[] ah = ipv6("2001:db8::a", "2001:db8::b", 51, Frames.authentication(17, 3, udp(500, 500, HELLO)));
        assertThat(decode(LinkType.RAW, ah)).isEqualTo(Outcome.DECODED);
        assertThat(out.protocol).isEqualTo(17);
        assertThat(payload(ah)).isEqualTo("hello");

        byte[] esp = ipv6("2001:db8::a", "2001:db8::b", 0, Frames.extension(50, 0, new byte[32]));
        assertThat(decode(LinkType.RAW, esp)).isEqualTo(Outcome.OTHER_TRANSPORT);
        assertThat(out.protocol).isEqualTo(50);

        byte[] tooLong = ipv6("2001:db8::a", "2001:db8::b", 0, Frames.extension(6, 0, new byte[4]));
        tooLong[41] = 9; // the hop-by-hop header claims 80 bytes in a 12-byte payload
        assertThat(decode(LinkType.RAW, tooLong)).isEqualTo(Outcome.MALFORMED);

        byte[] loop = new byte[8 * (IpHeaders.MAX_EXTENSION_HEADERS + 2)];
        for (int i = 0; i < loop.length; i += 8) {
            loop[i] = 60; // destination options, over and over
        }
        assertThat(decode(LinkType.RAW, ipv6("2001:db8::a", "2001:db8::b", 60, loop))).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void fragments() {
        byte[] later = ipv4("10.0.0.1", "10.0.0.2", 17, 64, 185, new byte[0], new byte[100]);
        assertThat(decode(LinkType.RAW, later)).isEqualTo(Outcome.FRAGMENT);
        assertThat(src()).isEqualTo("10.0.0.1");
        assertThat(out.protocol).isEqualTo(17);

        byte[] first = ipv4("10.0.0.1", "10.0.0.2", 17, 64, 0x2000, new byte[0],
                Arrays.copyOf(udp(4000, 53, new byte[1400]), 1000));
        assertThat(decode(LinkType.RAW, first)).isEqualTo(Outcome.DECODED);
        assertThat(out.firstFragment).isTrue();
        assertThat(out.dstPort).isEqualTo(53);
        assertThat(out.payloadLength).isEqualTo(992);

        byte[] firstTooShort = ipv4("10.0.0.1", "10.0.0.2", 6, 64, 0x2000, new byte[0],
                Arrays.copyOf(tcp(1, 2, ACK, HELLO), 8));
        assertThat(decode(LinkType.RAW, firstTooShort)).isEqualTo(Outcome.FRAGMENT);

        byte[] later6 = ipv6("2001:db8::1", "2001:db8::2", 44, Frames.fragment6(17, 181, false, new byte[64]));
        assertThat(decode(LinkType.RAW, later6)).isEqualTo(Outcome.FRAGMENT);
        assertThat(out.protocol).isEqualTo(17);

        byte[] first6 = ipv6("2001:db8::1", "2001:db8::2", 44, Frames.fragment6(17, 0, true, udp(7, 8, HELLO)));
        assertThat(decode(LinkType.RAW, first6)).isEqualTo(Outcome.DECODED);
        assertThat(out.firstFragment).isTrue();

        byte[] atomic = ipv6("2001:db8::1", "2001:db8::2", 44, Frames.fragment6(17, 0, false, udp(7, 8, HELLO)));
        assertThat(decode(LinkType.RAW, atomic)).isEqualTo(Outcome.DECODED);
        assertThat(out.firstFragment).isFalse();
        assertThat(payload(atomic)).isEqualTo("hello");
    }

    @Test
    void theSnapLengthCutsHeadersOrPayload() {
        byte[] frame = ethernet(MAC_B, MAC_A, 0x0800, ipv4("10.0.0.1", "10.0.0.2", 6,
                tcp(1, 2, ACK, 1, 1, new byte[12], HELLO)));
        int headersEnd = 14 + 20 + 32;
        assertThat(decodeCut(LinkType.ETHERNET, frame, headersEnd + 2)).isEqualTo(Outcome.DECODED);
        assertThat(out.payloadLength).isEqualTo(5);
        assertThat(out.payloadCaptured).isEqualTo(2);
        assertThat(decodeCut(LinkType.ETHERNET, frame, headersEnd)).isEqualTo(Outcome.DECODED);
        assertThat(out.payloadCaptured).isZero();
        assertThat(decodeCut(LinkType.ETHERNET, frame, headersEnd - 1)).isEqualTo(Outcome.TRUNCATED);
        assertThat(decodeCut(LinkType.ETHERNET, frame, 14 + 20 + 19)).isEqualTo(Outcome.TRUNCATED);
        assertThat(decodeCut(LinkType.ETHERNET, frame, 14 + 19)).isEqualTo(Outcome.TRUNCATED);
        assertThat(decodeCut(LinkType.ETHERNET, frame, 13)).isEqualTo(Outcome.TRUNCATED);
        assertThat(decodeCut(LinkType.ETHERNET, frame, 0)).isEqualTo(Outcome.TRUNCATED);

        byte[] v6 = ipv6("2001:db8::1", "2001:db8::2", 0, Frames.extension(17, 0, udp(1, 2, HELLO)));
        assertThat(decodeCut(LinkType.RAW, v6, 41)).isEqualTo(Outcome.TRUNCATED);
        assertThat(decodeCut(LinkType.RAW, v6, 39)).isEqualTo(Outcome.TRUNCATED);
    }

    @Test
    void contradictionsAreMalformed() {
        byte[] ok = ipv4("10.0.0.1", "10.0.0.2", 6, tcp(1, 2, ACK, HELLO));

        byte[] shortIhl = ok.clone();
        shortIhl[0] = 0x44;
        assertThat(decode(LinkType.RAW, shortIhl)).isEqualTo(Outcome.MALFORMED);

        byte[] longTotal = ok.clone();
        longTotal[3] = (byte) (ok.length + 1);
        assertThat(decode(LinkType.RAW, longTotal)).isEqualTo(Outcome.MALFORMED);

        byte[] totalBelowHeader = ok.clone();
        totalBelowHeader[3] = 19;
        assertThat(decode(LinkType.RAW, totalBelowHeader)).isEqualTo(Outcome.MALFORMED);

        byte[] badOffset = ok.clone();
        badOffset[20 + 12] = 0x40; // data offset 4 words
        assertThat(decode(LinkType.RAW, badOffset)).isEqualTo(Outcome.MALFORMED);

        byte[] offsetPastEnd = ok.clone();
        offsetPastEnd[20 + 12] = (byte) 0xF0; // 60 bytes of TCP header in 25 bytes
        assertThat(decode(LinkType.RAW, offsetPastEnd)).isEqualTo(Outcome.MALFORMED);

        byte[] udpTooLong = ipv4("10.0.0.1", "10.0.0.2", 17, udp(1, 2, HELLO));
        udpTooLong[20 + 5] = 40;
        assertThat(decode(LinkType.RAW, udpTooLong)).isEqualTo(Outcome.MALFORMED);
        udpTooLong[20 + 5] = 7;
        assertThat(decode(LinkType.RAW, udpTooLong)).isEqualTo(Outcome.MALFORMED);

        byte[] shortTcp = ipv4("10.0.0.1", "10.0.0.2", 6, new byte[12]);
        assertThat(decode(LinkType.RAW, shortTcp)).isEqualTo(Outcome.MALFORMED);

        MemorySegment small = MemorySegment.ofArray(ok);
        assertThat(decoder.decode(LinkType.RAW, small, 0, ok.length + 1, ok.length + 1, out))
                .isEqualTo(Outcome.MALFORMED);
        assertThat(decoder.decode(LinkType.RAW, small, -1, 10, 10, out)).isEqualTo(Outcome.MALFORMED);
        assertThat(decoder.decode(LinkType.RAW, small, ok.length + 1, 0, 0, out)).isEqualTo(Outcome.MALFORMED);
        assertThat(decoder.decode(LinkType.RAW, small, 0, -5, 10, out)).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void aZeroIpLengthMeansTheWholeFrameAsWithSegmentationOffload() {
        byte[] big = ipv4("10.0.0.1", "10.0.0.2", 6, tcp(1, 2, ACK, new byte[3000]));
        big[2] = 0;
        big[3] = 0;
        assertThat(decode(LinkType.RAW, big)).isEqualTo(Outcome.DECODED);
        assertThat(out.payloadLength).isEqualTo(3000);

        byte[] big6 = ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1, 2, ACK, new byte[3000]));
        big6[4] = 0;
        big6[5] = 0;
        assertThat(decode(LinkType.RAW, big6)).isEqualTo(Outcome.DECODED);
        assertThat(out.payloadLength).isEqualTo(3000);
    }

    @Test
    void icmpTypesBecomeZeekStylePorts() {
        assertThat(decode(LinkType.RAW, ipv4("10.0.0.1", "8.8.8.8", 1, Frames.icmp(8, 0, 0x4242, 1, HELLO))))
                .isEqualTo(Outcome.DECODED);
        assertThat(out.srcPort).isEqualTo(8);
        assertThat(out.dstPort).isEqualTo(0);
        assertThat(out.icmpId).isEqualTo(0x4242);
        assertThat(out.payloadLength).isEqualTo(5);

        assertThat(decode(LinkType.RAW, ipv4("8.8.8.8", "10.0.0.1", 1, Frames.icmp(0, 0, 0x4242, 1, HELLO))))
                .isEqualTo(Outcome.DECODED);
        assertThat(out.srcPort).isEqualTo(0);
        assertThat(out.dstPort).isEqualTo(8);

        assertThat(decode(LinkType.RAW, ipv4("10.9.9.9", "10.0.0.1", 1, Frames.icmp(3, 3, 0, 0, new byte[28]))))
                .isEqualTo(Outcome.DECODED);
        assertThat(out.srcPort).isEqualTo(3);
        assertThat(out.dstPort).isEqualTo(3);
        assertThat(out.icmpId).isEqualTo(-1);

        assertThat(decode(LinkType.RAW, ipv6("2001:db8::1", "2001:db8::2", 58, Frames.icmp(128, 0, 9, 1, HELLO))))
                .isEqualTo(Outcome.DECODED);
        assertThat(out.srcPort).isEqualTo(128);
        assertThat(out.dstPort).isEqualTo(129);
        assertThat(out.icmpId).isEqualTo(9);

        assertThat(decode(LinkType.RAW, ipv6("fe80::1", "ff02::1:ff00:2", 58, Frames.icmp(135, 0, 0, 0, new byte[16]))))
                .isEqualTo(Outcome.DECODED);
        assertThat(out.srcPort).isEqualTo(135);
        assertThat(out.dstPort).isEqualTo(136);

        byte[] cutEcho = ipv4("10.0.0.1", "8.8.8.8", 1, Arrays.copyOf(Frames.icmp(8, 0, 1, 1, new byte[0]), 6));
        assertThat(decode(LinkType.RAW, cutEcho)).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void nonIpFramesAndUnknownLinkTypes() {
        assertThat(decode(LinkType.ETHERNET, ethernet(-1L & 0xFFFF_FFFF_FFFFL, MAC_A, 0x0806, new byte[28])))
                .isEqualTo(Outcome.NOT_IP);
        assertThat(out.srcMac).isEqualTo(MAC_A);
        assertThat(decode(LinkType.ETHERNET, ethernet(MAC_B, MAC_A, 38, new byte[46]))).isEqualTo(Outcome.NOT_IP);
        assertThat(decode(147, new byte[40])).isEqualTo(Outcome.UNKNOWN_LINK);
    }

    @Test
    void offsetsAreSegmentPositionsAndTheHolderIsClearedBetweenPackets() {
        byte[] frame = ethernet(MAC_B, MAC_A, 0x0800, ipv4("10.0.0.1", "10.0.0.2", 6, tcp(1, 2, ACK, HELLO)));
        ByteBuffer big = ByteBuffer.allocate(frame.length + 200);
        big.position(123);
        big.put(frame);
        byte[] bytes = big.array();
        assertThat(decoder.decode(LinkType.ETHERNET, MemorySegment.ofArray(bytes), 123, frame.length, frame.length,
                out)).isEqualTo(Outcome.DECODED);
        assertThat(out.networkOffset).isEqualTo(123 + 14);
        assertThat(payload(bytes)).isEqualTo("hello");

        assertThat(decode(LinkType.RAW, ipv4("10.0.0.1", "10.0.0.2", 17, udp(9, 10, new byte[0]))))
                .isEqualTo(Outcome.DECODED);
        assertThat(out.srcMac).isEqualTo(DecodedPacket.NO_MAC);
        assertThat(out.tcpFlags).isZero();
        assertThat(out.payloadLength).isZero();
    }
}
