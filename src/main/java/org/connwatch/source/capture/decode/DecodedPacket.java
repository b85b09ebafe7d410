package org.connwatch.source.capture.decode;

/**
 * The headers of one packet, decoded into a mutable holder that is reused for every packet (so
 * that decoding makes no objects). Valid until the next decode.
 *
 * <p>Addresses are kept as bytes: an IPv4 address in the first 4 bytes of {@link #src} and
 * {@link #dst}, an IPv6 address in all 16.
 */
public final class DecodedPacket {
    /** No MAC address (the link layer has none). */
    public static final long NO_MAC = -1;
    private static final byte[] NO_ADDRESS = new byte[16];

    /** Source and destination MAC as 48-bit numbers, {@link #NO_MAC} when the link layer has none. */
    public long srcMac = NO_MAC;
    public long dstMac = NO_MAC;
    /** The outermost and innermost 802.1Q VLAN ids, -1 when untagged. */
    public int outerVlan = -1;
    public int innerVlan = -1;

    /** 4 or 6. */
    public int ipVersion;
    public final byte[] src = new byte[16];
    public final byte[] dst = new byte[16];
    /** The IP header's TTL / hop limit. */
    public int ttl;
    /** The transport protocol number after IPv6 extension headers: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6. */
    public int protocol;

    /**
     * TCP/UDP ports. For ICMP/ICMPv6, as Zeek keys them: the source "port" is the type and the
     * destination "port" the counterpart type of a request/reply pair (echo request 8 and reply
     * 0, timestamp 13/14 ...; see {@link IcmpTypes}), or the code for one-way messages, so that a
     * reply's ports are the request's ports swapped.
     */
    public int srcPort;
    public int dstPort;
    /** ICMP/ICMPv6 echo identifier, -1 for other messages. */
    public int icmpId = -1;
    /** The TCP flags byte (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80). */
    public int tcpFlags;
    /** TCP sequence and acknowledgement numbers (unsigned 32-bit). */
    public long tcpSeq;
    public long tcpAck;

    /**
     * True when the packet is the first fragment of a fragmented IP datagram whose transport
     * header it holds whole: decoded like a whole packet, its payload is only this fragment's part.
     */
    public boolean firstFragment;

    /** Where the IP header starts, relative to the segment passed to the decoder. */
    public long networkOffset;
    /** The packet's length on the wire (the frame, link header included). */
    public int frameLength;
    /** Where the transport payload starts, relative to the segment passed to the decoder. */
    public long payloadOffset;
    /** How many payload bytes were captured. */
    public int payloadCaptured;
    /** How many payload bytes were on the wire, from the IP and transport lengths. */
    public int payloadLength;

    /** The decoder clears the holder itself before each packet. */
    public void clear() {
        srcMac = NO_MAC;
        dstMac = NO_MAC;
        outerVlan = -1;
        innerVlan = -1;
        ipVersion = 0;
        // An intrinsic copy under every JIT (Arrays.fill is a plain loop under C1, run for every packet).
        System.arraycopy(NO_ADDRESS, 0, src, 0, 16);
        System.arraycopy(NO_ADDRESS, 0, dst, 0, 16);
        ttl = 0;
        protocol = 0;
        srcPort = 0;
        dstPort = 0;
        icmpId = -1;
        tcpFlags = 0;
        tcpSeq = 0;
        tcpAck = 0;
        firstFragment = false;
        networkOffset = 0;
        frameLength = 0;
        payloadOffset = 0;
        payloadCaptured = 0;
        payloadLength = 0;
    }

    /** The address length in bytes: 4 or 16. */
    public int addressLength() {
        return ipVersion == 6 ? 16 : 4;
    }
}
