package org.connwatch.source.capture.decode;

import static org.connwatch.source.capture.decode.SegmentBytes.u16;
import static org.connwatch.source.capture.decode.SegmentBytes.u64;
import static org.connwatch.source.capture.decode.SegmentBytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * The transport layer: TCP, UDP, ICMP and ICMPv6 headers, and where their payload lies.
 *
 * <ul>
 *   <li>TCP: ports, sequence and acknowledgement numbers, the data offset (5 to 15 words, within
 *       the IP payload) and the flags byte; the header, options included, must be captured.</li>
 *   <li>UDP: ports and length; a length under 8 or past the IP payload is a contradiction, one
 *       shorter than the IP payload ends the payload there, 0 means "to the end" (jumbograms).
 *       In a first fragment the UDP length covers the whole datagram and only the header is checked.</li>
 *   <li>ICMP / ICMPv6: type, code and, for echo, the identifier; ports as {@link IcmpTypes} says.
 *       The payload starts after the 8-byte header.</li>
 * </ul>
 * Any other protocol is {@link Outcome#OTHER_TRANSPORT}.
 */
final class TransportHeaders {
    static final int TCP = 6;
    static final int UDP = 17;
    private static final int TCP_MIN_HEADER = 20;
    private static final int UDP_HEADER = 8;
    private static final int ICMP_HEADER = 8;

    private TransportHeaders() {
    }

    /**
     * @param p      where the transport header starts
     * @param capEnd the end of the captured bytes of this IP packet
     * @param ipEnd  the end of the IP packet on the wire
     */
    static Outcome decode(MemorySegment d, long p, long capEnd, long ipEnd, DecodedPacket out) {
        return switch (out.protocol) {
            case TCP -> tcp(d, p, capEnd, ipEnd, out);
            case UDP -> udp(d, p, capEnd, ipEnd, out);
            case IcmpTypes.ICMP, IcmpTypes.ICMPV6 -> icmp(d, p, capEnd, ipEnd, out);
            default -> Outcome.OTHER_TRANSPORT;
        };
    }

    /** What a header that does not fit in the IP packet is: a short first fragment, or a contradiction. */
    private static Outcome tooShort(DecodedPacket out) {
        return out.firstFragment ? Outcome.FRAGMENT : Outcome.MALFORMED;
    }

    private static Outcome tcp(MemorySegment d, long p, long capEnd, long ipEnd, DecodedPacket out) {
        if (ipEnd - p < TCP_MIN_HEADER) {
            return tooShort(out);
        }
        if (capEnd - p < TCP_MIN_HEADER) {
            return Outcome.TRUNCATED;
        }
        long portsAndSeq = u64(d, p); // source port, destination port, sequence number
        long ackAndFlags = u64(d, p + 8); // acknowledgement number, data offset, flags, window
        int headerLength = (int) ((ackAndFlags >>> 28) & 0x0F) * 4;
        if (headerLength < TCP_MIN_HEADER) {
            return Outcome.MALFORMED;
        }
        if (headerLength > ipEnd - p) {
            return tooShort(out);
        }
        if (capEnd - p < headerLength) {
            return Outcome.TRUNCATED;
        }
        out.srcPort = (int) (portsAndSeq >>> 48);
        out.dstPort = (int) (portsAndSeq >>> 32) & 0xFFFF;
        out.tcpSeq = portsAndSeq & 0xFFFF_FFFFL;
        out.tcpAck = ackAndFlags >>> 32;
        out.tcpFlags = (int) (ackAndFlags >>> 16) & 0xFF;
        payload(p + headerLength, capEnd, ipEnd, out);
        return Outcome.DECODED;
    }

    private static Outcome udp(MemorySegment d, long p, long capEnd, long ipEnd, DecodedPacket out) {
        if (ipEnd - p < UDP_HEADER) {
            return tooShort(out);
        }
        if (capEnd - p < UDP_HEADER) {
            return Outcome.TRUNCATED;
        }
        long header = u64(d, p); // source port, destination port, length, checksum
        long length = (header >>> 16) & 0xFFFF;
        if (length == 0) {
            length = ipEnd - p;
        }
        if (length < UDP_HEADER || (!out.firstFragment && length > ipEnd - p)) {
            return Outcome.MALFORMED;
        }
        long udpEnd = out.firstFragment ? ipEnd : p + length;
        out.srcPort = (int) (header >>> 48);
        out.dstPort = (int) (header >>> 32) & 0xFFFF;
        payload(p + UDP_HEADER, Math.min(capEnd, udpEnd), udpEnd, out);
        return Outcome.DECODED;
    }

    private static Outcome icmp(MemorySegment d, long p, long capEnd, long ipEnd, DecodedPacket out) {
        if (ipEnd - p < 4) {
            return tooShort(out);
        }
        if (capEnd - p < 4) {
            return Outcome.TRUNCATED;
        }
        int type = u8(d, p);
        int code = u8(d, p + 1);
        if (IcmpTypes.isEcho(out.protocol, type)) {
            if (ipEnd - p < ICMP_HEADER) {
                return tooShort(out);
            }
            if (capEnd - p < ICMP_HEADER) {
                return Outcome.TRUNCATED;
            }
            out.icmpId = u16(d, p + 4);
        }
        out.srcPort = type;
        out.dstPort = IcmpTypes.counterpart(out.protocol, type, code);
        payload(p + Math.min(ICMP_HEADER, ipEnd - p), capEnd, ipEnd, out);
        return Outcome.DECODED;
    }

    private static void payload(long start, long capEnd, long end, DecodedPacket out) {
        out.payloadOffset = start;
        out.payloadLength = (int) (end - start);
        out.payloadCaptured = (int) Math.max(0, Math.min(capEnd, end) - start);
    }
}
