package org.connwatch.source.capture.flow;

import java.net.InetAddress;
import org.connwatch.records.IpAddresses;

/**
 * An IP address as two longs, the way the flow tables keep it: an IPv6 address as its high and
 * low 64 bits, an IPv4 address as the IPv4-mapped IPv6 address {@code ::ffff:a.b.c.d} (high 0,
 * low {@code 0000ffff_aabbccdd}), so that one comparison serves both families and the two never
 * collide (an IPv6 packet that carries a mapped address means the same IPv4 host anyway).
 */
final class IpBits {
    static final long MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    private IpBits() {
    }

    static long hi(byte[] address, int length) {
        return length == 4 ? 0 : longAt(address, 0);
    }

    static long lo(byte[] address, int length) {
        if (length == 4) {
            return MAPPED_PREFIX | ((address[0] & 0xffL) << 24) | ((address[1] & 0xffL) << 16)
                    | ((address[2] & 0xffL) << 8) | (address[3] & 0xffL);
        }
        return longAt(address, 8);
    }

    static long hi(InetAddress address) {
        byte[] raw = address.getAddress();
        return hi(raw, raw.length);
    }

    static long lo(InetAddress address) {
        byte[] raw = address.getAddress();
        return lo(raw, raw.length);
    }

    static boolean isIpv4(long hi, long lo) {
        return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == MAPPED_PREFIX;
    }

    /** The address back as an {@link InetAddress} (4 bytes for an IPv4-mapped one). */
    static InetAddress address(long hi, long lo) {
        if (isIpv4(hi, lo)) {
            return IpAddresses.fromBytes(new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8),
                (byte) lo});
        }
        byte[] raw = new byte[16];
        for (int i = 0; i < 8; i++) {
            raw[i] = (byte) (hi >>> (56 - 8 * i));
            raw[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return IpAddresses.fromBytes(raw);
    }

    private static long longAt(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xffL);
        }
        return v;
    }
}
