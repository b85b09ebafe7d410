package org.connwatch.source.capture.decode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.connwatch.records.IpAddresses;

/**
 * Builds packets byte by byte for tests: link headers, IPv4 (with options) and IPv6 (with
 * extension headers), TCP, UDP and ICMP. Lengths are filled in; checksums are left 0 (nothing
 * in connwatch checks them).
 */
public final class Frames {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final long MAC_A = 0x02_00_00_00_00_0aL;
    public static final long MAC_B = 0x02_00_00_00_00_0bL;

    private Frames() {
    }

    public static byte[] tcp(int sport, int dport, int flags, long seq, long ack, byte[] options, byte[] payload) {
        if (options.length % 4 != 0) {
            throw new IllegalArgumentException("TCP options come in 4-byte words");
        }
        ByteBuffer b = ByteBuffer.allocate(20 + options.length + payload.length);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt((int) ack);
        b.put((byte) (((20 + options.length) / 4) << 4)).put((byte) flags).putShort((short) 65535);
        b.putShort((short) 0).putShort((short) 0).put(options).put(payload);
        return b.array();
    }

    public static byte[] tcp(int sport, int dport, int flags, byte[] payload) {
        return tcp(sport, dport, flags, 1000, 2000, new byte[0], payload);
    }

    public static byte[] udp(int sport, int dport, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length)).putShort((short) 0);
        return b.put(payload).array();
    }

    /** An ICMP or ICMPv6 message: type, code, checksum, the 4 bytes of "rest of header" (id, sequence), payload. */
    public static byte[] icmp(int type, int code, int id, int sequence, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length);
        b.put((byte) type).put((byte) code).putShort((short) 0).putShort((short) id).putShort((short) sequence);
        return b.put(payload).array();
    }

    public static byte[] ipv4(String src, String dst, int protocol, byte[] transport) {
        return ipv4(src, dst, protocol, 64, 0, new byte[0], transport);
    }

    /**
     * @param fragment the flags and offset field: 0x2000 more fragments, low 13 bits the offset in 8-byte units
     */
    public static byte[] ipv4(String src, String dst, int protocol, int ttl, int fragment, byte[] options,
                              byte[] transport) {
        int header = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(header + transport.length);
        b.put((byte) (0x40 | header / 4)).put((byte) 0).putShort((short) (header + transport.length));
        b.putShort((short) 0x1234).putShort((short) fragment).put((byte) ttl).put((byte) protocol).putShort((short) 0);
        b.put(address(src, 4)).put(address(dst, 4)).put(options).put(transport);
        return b.array();
    }

    public static byte[] ipv6(String src, String dst, int next, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(40 + rest.length);
        b.putInt(0x6000_0000).putShort((short) rest.length).put((byte) next).put((byte) 64);
        b.put(address(src, 16)).put(address(dst, 16)).put(rest);
        return b.array();
    }

    /** An extension header of the 8-byte-unit kind (hop-by-hop, routing, destination options) padded to {@code units}*8+8 bytes. */
    public static byte[] extension(int next, int units, byte[] rest) {
        byte[] h = new byte[8 + units * 8];
        h[0] = (byte) next;
        h[1] = (byte) units;
        return concat(h, rest);
    }

    /** An IPv6 fragment header. */
    public static byte[] fragment6(int next, int offsetUnits, boolean more, byte[] rest) {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) next).put((byte) 0).putShort((short) ((offsetUnits << 3) | (more ? 1 : 0))).putInt(77);
        return concat(b.array(), rest);
    }

    /** An authentication header with {@code icvWords} 4-byte words of integrity check value. */
    public static byte[] authentication(int next, int icvWords, byte[] rest) {
        byte[] h = new byte[12 + icvWords * 4];
        h[0] = (byte) next;
        h[1] = (byte) (1 + icvWords); // length in 4-byte units, minus 2
        return concat(h, rest);
    }

    public static byte[] ethernet(long dst, long src, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        putMac(b, dst);
        putMac(b, src);
        return b.putShort((short) type).put(payload).array();
    }

    /** Ethernet with VLAN tags: {@code tags} holds pairs of (TPID, VLAN id), outermost first. */
    public static byte[] ethernetTagged(long dst, long src, int[] tags, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + tags.length * 2 + payload.length);
        putMac(b, dst);
        putMac(b, src);
        for (int i = 0; i < tags.length; i += 2) {
            b.putShort((short) tags[i]).putShort((short) (0x2000 | tags[i + 1]));
        }
        return b.putShort((short) type).put(payload).array();
    }

    /** Linux cooked capture v1 with an Ethernet sender address. */
    public static byte[] sll(long srcMac, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 6);
        putMac(b, srcMac);
        b.putShort((short) 0).putShort((short) type);
        return b.put(payload).array();
    }

    /** Linux cooked capture v2 with an Ethernet sender address. */
    public static byte[] sll2(long srcMac, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(20 + payload.length);
        b.putShort((short) type).putShort((short) 0).putInt(3).putShort((short) 1).put((byte) 0).put((byte) 6);
        putMac(b, srcMac);
        b.putShort((short) 0);
        return b.put(payload).array();
    }

    /** BSD loopback: the family as 4 bytes, little-endian or big-endian. */
    public static byte[] loopback(int family, boolean littleEndian, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
        b.order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN).putInt(family);
        b.order(java.nio.ByteOrder.BIG_ENDIAN);
        return b.put(payload).array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The bytes padded with zeros to {@code length} (an Ethernet frame to its 60-byte minimum). */
    public static byte[] pad(byte[] frame, int length) {
        return frame.length >= length ? frame : java.util.Arrays.copyOf(frame, length);
    }

    public static byte[] address(String text, int length) {
        byte[] raw = IpAddresses.parse(text).getAddress();
        if (raw.length != length) {
            throw new IllegalArgumentException(text + " is not " + length + " bytes");
        }
        return raw;
    }

    private static void putMac(ByteBuffer b, long mac) {
        b.putShort((short) (mac >>> 32)).putInt((int) mac);
    }
}
