package org.connwatch.source.capture.decode;

import static org.connwatch.source.capture.decode.SegmentBytes.u16;
import static org.connwatch.source.capture.decode.SegmentBytes.u32;
import static org.connwatch.source.capture.decode.SegmentBytes.u32LittleEndian;
import static org.connwatch.source.capture.decode.SegmentBytes.u48;
import static org.connwatch.source.capture.decode.SegmentBytes.u64;
import static org.connwatch.source.capture.decode.SegmentBytes.u8;

import java.lang.foreign.MemorySegment;
import org.connwatch.source.capture.LinkType;

/**
 * Decodes the link, IP and transport headers of one packet into a reused {@link DecodedPacket},
 * making no object per packet. Never throws for any bytes: what it cannot decode is an
 * {@link Outcome} that says why.
 *
 * <table>
 *   <caption>Link layers</caption>
 *   <tr><th>link type</th><th>header</th></tr>
 *   <tr><td>Ethernet (1)</td><td>destination and source MAC, EtherType; any number (up to 8) of
 *       802.1Q / 802.1ad / QinQ tags (0x8100, 0x88a8, 0x9100), each a 2-byte TCI and the next
 *       EtherType. A type of 1500 or less is an 802.3 length (LLC, STP ...): not IP.</td></tr>
 *   <tr><td>Linux SLL (113)</td><td>16 bytes: packet type, ARPHRD type, address length, 8-byte
 *       address (the sender's MAC when ARPHRD is Ethernet), EtherType</td></tr>
 *   <tr><td>Linux SLL2 (276)</td><td>20 bytes: EtherType, reserved, interface index, ARPHRD type,
 *       packet type, address length, 8-byte address</td></tr>
 *   <tr><td>NULL (0)</td><td>a 4-byte address family in the capturing host's byte order (either
 *       order is accepted): 2 IPv4; 24, 28, 30 IPv6 (the BSDs disagree)</td></tr>
 *   <tr><td>LOOP (108)</td><td>the same family in network byte order (either order accepted)</td></tr>
 *   <tr><td>raw IP (101), IPv4 (228), IPv6 (229)</td><td>none: the version nibble decides, and
 *       must agree with 228/229</td></tr>
 * </table>
 *
 * <p>The IP and transport layers are described in {@link IpHeaders} and {@link TransportHeaders}.
 * A captured length that runs past the segment, or a negative length or offset, is
 * {@link Outcome#MALFORMED}; an original length shorter than the captured one is taken to be the
 * captured one.
 *
 * <p>Instances hold no state: one may be shared by threads, each with its own {@link DecodedPacket}.
 */
public final class PacketDecoder {
    static final int ETHERTYPE_IPV4 = 0x0800;
    static final int ETHERTYPE_IPV6 = 0x86DD;
    /** Not an EtherType: the link layer has none, the IP version nibble tells. */
    private static final int BY_VERSION = 0x10000;
    private static final int MAX_VLAN_TAGS = 8;
    private static final int ARPHRD_ETHER = 1;
    private static final int ARPHRD_NETLINK = 824;
    private static final int SLL_LENGTH = 16;
    private static final int SLL2_LENGTH = 20;
    private static final int ETHERNET_LENGTH = 14;

    /**
     * Decodes one packet.
     *
     * @param linkType       its {@link LinkType} number
     * @param data           the segment that holds it
     * @param offset         where its first byte is in {@code data}
     * @param capturedLength how many bytes were captured
     * @param originalLength how long it was on the wire
     * @param out            cleared, then filled; offsets in it are positions in {@code data}
     * @return {@link Outcome#DECODED}, or why the packet was not decoded (the holder then keeps what
     *         was decoded before that point: the addresses of a fragment, for example)
     */
    public Outcome decode(int linkType, MemorySegment data, long offset, int capturedLength, int originalLength,
                          DecodedPacket out) {
        out.clear();
        if (data == null || offset < 0 || capturedLength < 0 || offset > data.byteSize()
                || capturedLength > data.byteSize() - offset) {
            return Outcome.MALFORMED;
        }
        int wireLength = Math.max(originalLength, capturedLength);
        out.frameLength = wireLength;
        long end = offset + capturedLength;
        int type = switch (linkType) {
            case LinkType.ETHERNET -> ethernet(data, offset, end, out);
            case LinkType.LINUX_SLL -> sll(data, offset, end, out);
            case LinkType.LINUX_SLL2 -> sll2(data, offset, end, out);
            case LinkType.NULL, LinkType.LOOP -> loopback(data, offset, end, out);
            case LinkType.RAW -> raw(offset, BY_VERSION, out);
            case LinkType.IPV4 -> raw(offset, ETHERTYPE_IPV4, out);
            case LinkType.IPV6 -> raw(offset, ETHERTYPE_IPV6, out);
            default -> fail(Outcome.UNKNOWN_LINK);
        };
        if (type < 0) {
            return Outcome.values()[-1 - type];
        }
        long ip = out.networkOffset;
        long wireEnd = offset + wireLength;
        if (type == BY_VERSION) {
            if (ip >= end) {
                return ip >= wireEnd ? Outcome.MALFORMED : Outcome.TRUNCATED;
            }
            type = switch (u8(data, ip) >> 4) {
                case 4 -> ETHERTYPE_IPV4;
                case 6 -> ETHERTYPE_IPV6;
                default -> -1;
            };
        }
        return switch (type) {
            case ETHERTYPE_IPV4 -> IpHeaders.ipv4(data, ip, end, wireEnd, out);
            case ETHERTYPE_IPV6 -> IpHeaders.ipv6(data, ip, end, wireEnd, out);
            case -1 -> Outcome.MALFORMED;
            default -> Outcome.NOT_IP;
        };
    }

    private static int fail(Outcome outcome) {
        return -1 - outcome.ordinal();
    }

    private static int raw(long offset, int type, DecodedPacket out) {
        out.networkOffset = offset;
        return type;
    }

    private static int ethernet(MemorySegment d, long at, long end, DecodedPacket out) {
        if (end - at < ETHERNET_LENGTH) {
            return fail(Outcome.TRUNCATED);
        }
        long destinationAndMore = u64(d, at); // bytes 0-7: destination MAC, 2 bytes of the source
        long sourceAndType = u64(d, at + 6); // bytes 6-13: source MAC, EtherType
        out.dstMac = destinationAndMore >>> 16;
        out.srcMac = sourceAndType >>> 16;
        return tags(d, at + ETHERNET_LENGTH, end, out, (int) sourceAndType & 0xFFFF);
    }

    /**
     * Follows any VLAN tags after an EtherType and sets where the network header starts.
     *
     * @param p    the first byte after the EtherType field
     * @param type the EtherType read
     */
    private static int tags(MemorySegment d, long p, long end, DecodedPacket out, int type) {
        int tags = 0;
        while (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
            if (tags == MAX_VLAN_TAGS) {
                return fail(Outcome.MALFORMED);
            }
            if (end - p < 4) {
                return fail(Outcome.TRUNCATED);
            }
            int vid = u16(d, p) & 0x0FFF;
            if (tags == 0) {
                out.outerVlan = vid;
            }
            out.innerVlan = vid;
            type = u16(d, p + 2);
            p += 4;
            tags++;
        }
        out.networkOffset = p;
        return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6 ? type : fail(Outcome.NOT_IP);
    }

    private static int sll(MemorySegment d, long at, long end, DecodedPacket out) {
        if (end - at < SLL_LENGTH) {
            return fail(Outcome.TRUNCATED);
        }
        int arphrd = u16(d, at + 2);
        if (arphrd == ARPHRD_NETLINK) {
            return fail(Outcome.NOT_IP);
        }
        if (arphrd == ARPHRD_ETHER && u16(d, at + 4) == 6) {
            out.srcMac = u48(d, at + 6);
        }
        return tags(d, at + SLL_LENGTH, end, out, u16(d, at + 14));
    }

    private static int sll2(MemorySegment d, long at, long end, DecodedPacket out) {
        if (end - at < SLL2_LENGTH) {
            return fail(Outcome.TRUNCATED);
        }
        int arphrd = u16(d, at + 8);
        if (arphrd == ARPHRD_NETLINK) {
            return fail(Outcome.NOT_IP);
        }
        if (arphrd == ARPHRD_ETHER && u8(d, at + 11) == 6) {
            out.srcMac = u48(d, at + 12);
        }
        return tags(d, at + SLL2_LENGTH, end, out, u16(d, at));
    }

    private static int loopback(MemorySegment d, long at, long end, DecodedPacket out) {
        if (end - at < 4) {
            return fail(Outcome.TRUNCATED);
        }
        out.networkOffset = at + 4;
        int family = family(u32LittleEndian(d, at));
        if (family == 0) {
            family = family(u32(d, at));
        }
        return family == 0 ? fail(Outcome.NOT_IP) : family;
    }

    /** The EtherType for a BSD address family, 0 for another family. */
    private static int family(long value) {
        if (value == 2) {
            return ETHERTYPE_IPV4;
        }
        return value == 24 || value == 28 || value == 30 ? ETHERTYPE_IPV6 : 0;
    }
}
