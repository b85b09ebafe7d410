package org.connwatch.source.capture.app;

import java.net.InetAddress;
import org.connwatch.records.IpAddresses;

/**
 * Parses a BOOTP/DHCP message (RFC 2131) from a UDP payload (ports 67 and 68). Pure: no I/O, no
 * exceptions for any input, work bounded by the input's length.
 *
 * <p>The fixed part is 236 bytes, then the magic cookie and the options:
 * <pre>
 *   01 01 06 00  3903f326  0000 0000               op 1 (request), htype 1, hlen 6, hops; xid; secs; flags
 *   00000000 00000000 00000000 00000000          ciaddr, yiaddr, siaddr, giaddr
 *   00163ea1b2c3 00000000000000000000            chaddr (16 bytes)
 *   [64 bytes sname] [128 bytes file]
 *   63825363                                     the magic cookie
 *   35 01 03   32 04 c0a80164   0c 04 6c617074   ff     53: REQUEST, 50: 192.168.1.100, 12: "lapt", end
 * </pre>
 * Options are code, length, data, except pad (0) and end (255, which stops the reading; options
 * that simply run to the end of the bytes without an end option are accepted). Of each option the
 * first instance counts. Option overload (52: more options in the sname and file fields) is not
 * followed. Not a DHCP message (null): fewer than 240 bytes, an op that is not 1 or 2, no magic
 * cookie {@code 63 82 53 63}, or a malformed option list (an option whose length byte or data runs
 * past the end of the bytes): such a message is reported as not parsed at all, so that the caller
 * counts it, rather than half read.
 */
public final class DhcpParser {
    private static final int FIXED = 236;
    private static final int OPTIONS = FIXED + 4;
    private static final int COOKIE = 0x63825363;
    private static final int PAD = 0;
    private static final int END = 255;
    private static final int HOST_NAME = 12;
    private static final int REQUESTED_ADDRESS = 50;
    private static final int MESSAGE_TYPE = 53;
    private static final int VENDOR_CLASS = 60;

    private DhcpParser() {
    }

    /** The message in {@code b[off, off + len)}; null when it is not a (well-formed) BOOTP/DHCP message. */
    public static DhcpMessage parse(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < OPTIONS || off > b.length - len) {
            return null;
        }
        int op = b[off] & 0xff;
        if ((op != 1 && op != 2) || u32(b, off + FIXED) != COOKIE) {
            return null;
        }
        long mac = b[off + 1] == 1 && b[off + 2] == 6 ? u48(b, off + 28) : DhcpMessage.NO_MAC;
        int end = off + len;
        int type = 0;
        InetAddress requested = null;
        String hostName = null;
        String vendorClass = null;
        int p = off + OPTIONS;
        while (p < end) {
            int code = b[p] & 0xff;
            if (code == PAD) {
                p++;
                continue;
            }
            if (code == END) {
                break;
            }
            if (p + 2 > end || p + 2 + (b[p + 1] & 0xff) > end) {
                return null;
            }
            int length = b[p + 1] & 0xff;
            int data = p + 2;
            switch (code) {
                case MESSAGE_TYPE -> type = type == 0 && length == 1 ? b[data] & 0xff : type;
                case REQUESTED_ADDRESS -> requested = requested == null && length == 4 ? ipv4(b, data) : requested;
                case HOST_NAME -> hostName = hostName == null ? text(b, data, length) : hostName;
                case VENDOR_CLASS -> vendorClass = vendorClass == null ? text(b, data, length) : vendorClass;
                default -> {
                    // other options: not kept
                }
            }
            p = data + length;
        }
        return new DhcpMessage(op, type, mac, nonZero(b, off + 12), nonZero(b, off + 16), requested, hostName,
                vendorClass);
    }

    private static String text(byte[] b, int at, int length) {
        return length == 0 ? null : PacketText.escape(b, at, length, PacketText.MAX_CHARS);
    }

    private static InetAddress nonZero(byte[] b, int at) {
        return u32(b, at) == 0 ? null : ipv4(b, at);
    }

    private static InetAddress ipv4(byte[] b, int at) {
        return IpAddresses.fromBytes(new byte[] {b[at], b[at + 1], b[at + 2], b[at + 3]});
    }

    private static int u32(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static long u48(byte[] b, int at) {
        return ((long) (u32(b, at) & 0xffffffffL) << 16) | ((b[at + 4] & 0xff) << 8) | (b[at + 5] & 0xff);
    }
}
