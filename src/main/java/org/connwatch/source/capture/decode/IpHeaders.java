package org.connwatch.source.capture.decode;

import static org.connwatch.source.capture.decode.SegmentBytes.u16;
import static org.connwatch.source.capture.decode.SegmentBytes.u64;
import static org.connwatch.source.capture.decode.SegmentBytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * The IP layer: IPv4 and IPv6 with its extension headers, up to the transport header.
 *
 * <p>Lengths. The IP length bounds the packet: bytes after it (Ethernet padding of short
 * frames) are not payload. A length longer than the frame on the wire is a contradiction
 * ({@link Outcome#MALFORMED}). A length of 0 is taken as "to the end of the frame": that is what
 * a capture on the sending host shows for segmentation-offloaded packets larger than 64 KiB (IPv4
 * total length 0, IPv6 payload length 0 with a jumbo option), as Wireshark assumes too.
 *
 * <p>IPv6 extension headers walked: hop-by-hop (0), routing (43), destination options (60),
 * fragment (44), authentication (51, its length in 4-byte units), mobility (135), HIP (139),
 * shim6 (140) and the experimental 253/254 (all of them: next header, length in 8-byte units
 * after the first 8). ESP (50) and "no next header" (59) end the walk as
 * {@link Outcome#OTHER_TRANSPORT}: what follows is encrypted or nothing. At most
 * {@value #MAX_EXTENSION_HEADERS} extension headers.
 *
 * <p>Fragments. A fragment with a non-zero offset is {@link Outcome#FRAGMENT} (with its addresses
 * and protocol filled in). A first fragment (offset 0, more fragments) is decoded when it holds its
 * transport header whole, and marked {@link DecodedPacket#firstFragment}: its ports, flags and
 * frame are real, so the flow counts it; its payload is only its own part. A first fragment too
 * short for its transport header is {@link Outcome#FRAGMENT}. An IPv6 "atomic" fragment header
 * (offset 0, no more fragments) is a whole packet.
 *
 * <p>The snap length. A header cut by the end of the captured bytes, where the wire length says
 * the packet went on, is {@link Outcome#TRUNCATED}; a header that would run past the IP length
 * is {@link Outcome#MALFORMED}.
 */
final class IpHeaders {
    static final int MAX_EXTENSION_HEADERS = 16;
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;

    private IpHeaders() {
    }

    /**
     * @param ip      where the IPv4 header starts
     * @param end     the end of the captured bytes
     * @param wireEnd where the frame ended on the wire
     */
    static Outcome ipv4(MemorySegment d, long ip, long end, long wireEnd, DecodedPacket out) {
        if (wireEnd - ip < IPV4_MIN_HEADER) {
            return Outcome.MALFORMED;
        }
        if (end - ip < IPV4_MIN_HEADER) {
            return Outcome.TRUNCATED;
        }
        long first = u64(d, ip); // version and header length, TOS, total length, identification, flags and offset
        long second = u64(d, ip + 8); // TTL, protocol, checksum, source address
        int versionAndLength = (int) (first >>> 56);
        if (versionAndLength >> 4 != 4) {
            return Outcome.MALFORMED;
        }
        int headerLength = (versionAndLength & 0x0F) * 4;
        long total = (first >>> 32) & 0xFFFF;
        if (total == 0) {
            total = wireEnd - ip;
        }
        if (headerLength < IPV4_MIN_HEADER || total < headerLength || total > wireEnd - ip) {
            return Outcome.MALFORMED;
        }
        out.ipVersion = 4;
        out.ttl = (int) (second >>> 56);
        out.protocol = (int) (second >>> 48) & 0xFF;
        SegmentBytes.ipv4Address((int) second, out.src);
        SegmentBytes.address(d, ip + 16, out.dst, 4);
        if (end - ip < headerLength) {
            return Outcome.TRUNCATED;
        }
        int fragment = (int) first & 0xFFFF;
        if ((fragment & 0x1FFF) != 0) {
            return Outcome.FRAGMENT;
        }
        out.firstFragment = (fragment & 0x2000) != 0;
        long ipEnd = ip + total;
        return TransportHeaders.decode(d, ip + headerLength, Math.min(end, ipEnd), ipEnd, out);
    }

    /** Like {@link #ipv4}, for IPv6. */
    static Outcome ipv6(MemorySegment d, long ip, long end, long wireEnd, DecodedPacket out) {
        if (wireEnd - ip < IPV6_HEADER) {
            return Outcome.MALFORMED;
        }
        if (end - ip < IPV6_HEADER) {
            return Outcome.TRUNCATED;
        }
        long fixed = u64(d, ip); // version, traffic class, flow label, payload length, next header, hop limit
        if (fixed >>> 60 != 6) {
            return Outcome.MALFORMED;
        }
        long payload = (fixed >>> 16) & 0xFFFF;
        int next = (int) (fixed >>> 8) & 0xFF;
        out.ipVersion = 6;
        out.ttl = (int) fixed & 0xFF;
        out.protocol = next;
        SegmentBytes.address(d, ip + 8, out.src, 16);
        SegmentBytes.address(d, ip + 24, out.dst, 16);
        long onWire = wireEnd - ip - IPV6_HEADER;
        if (payload == 0 && next != 59) {
            payload = onWire;
        }
        if (payload > onWire) {
            return Outcome.MALFORMED;
        }
        long ipEnd = ip + IPV6_HEADER + payload;
        long capEnd = Math.min(end, ipEnd);
        long p = ip + IPV6_HEADER;
        for (int headers = 0; ; headers++) {
            int length;
            switch (next) {
                case 0, 43, 60, 135, 139, 140, 253, 254, 51 -> {
                    if (headers == MAX_EXTENSION_HEADERS || ipEnd - p < 8) {
                        return Outcome.MALFORMED;
                    }
                    if (capEnd - p < 2) {
                        return Outcome.TRUNCATED;
                    }
                    length = next == 51 ? (u8(d, p + 1) + 2) * 4 : (u8(d, p + 1) + 1) * 8;
                    next = u8(d, p);
                }
                case 44 -> {
                    if (headers == MAX_EXTENSION_HEADERS || ipEnd - p < 8) {
                        return Outcome.MALFORMED;
                    }
                    if (capEnd - p < 8) {
                        return Outcome.TRUNCATED;
                    }
                    next = u8(d, p);
                    int offsetAndFlags = u16(d, p + 2);
                    if ((offsetAndFlags & 0xFFF8) != 0) {
                        out.protocol = next;
                        return Outcome.FRAGMENT;
                    }
                    out.firstFragment = (offsetAndFlags & 1) != 0;
                    length = 8;
                }
                case 50, 59 -> {
                    out.protocol = next;
                    return Outcome.OTHER_TRANSPORT;
                }
                default -> {
                    out.protocol = next;
                    return TransportHeaders.decode(d, p, capEnd, ipEnd, out);
                }
            }
            if (length > ipEnd - p) {
                return Outcome.MALFORMED;
            }
            p += length;
            out.protocol = next;
        }
    }
}
