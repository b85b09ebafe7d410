package org.connwatch.source.capture.app;

import java.util.Arrays;

/**
 * Finds the server name (SNI, RFC 6066) in a TLS ClientHello at the start of a TCP payload. Pure:
 * no I/O, no exceptions for any input, work bounded by the input's length.
 *
 * <p>The bytes start with a TLS record header, then the handshake message:
 * <pre>
 *   16 0301 0200              record: handshake (22), version 3.1, 512 bytes follow
 *   01 0001fc 0303 [32 random] handshake: ClientHello (1), 508 bytes; client version 3.3
 *   20 [32 session id]  0020 [16 cipher suites]  01 00   (compression: null)
 *   01b3                      extensions, 435 bytes: type, length, data ...
 *   0000 0010 000e 00 000b 6578616d706c652e636f6d    server_name: list of 14 bytes, host_name (0)
 *                                                     of 11 bytes "example.com"
 * </pre>
 * Record versions SSL 3.0 to TLS 1.3 ({@code 0300} to {@code 0304}) are accepted. A ClientHello is
 * often longer than one TCP segment (post-quantum key shares alone take over 1,100 bytes): when
 * the bytes given end early, the name is returned if it lies entirely within them, else null. A
 * ClientHello split over several TLS records is put back together from the records given. The
 * name is ASCII lower-cased and escaped ({@link PacketText}). SSL 2.0 hellos (which have no
 * extensions) and QUIC are not handled.
 */
public final class TlsClientHello {
    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE_HEADER = 4;
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int MAX_RECORD = 1 << 14;
    private static final int EXTENSION_SERVER_NAME = 0;
    private static final int NAME_TYPE_HOST = 0;

    private TlsClientHello() {
    }

    /**
     * The host name of the server_name extension of the ClientHello that starts at {@code b[off]};
     * null when the bytes are not a ClientHello, it has no host name, or the name is not within
     * {@code b[off, off + len)}.
     */
    public static String serverName(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < RECORD_HEADER + HANDSHAKE_HEADER || off > b.length - len
                || !handshakeRecord(b, off) || (b[off + RECORD_HEADER] & 0xff) != CLIENT_HELLO) {
            return null;
        }
        int end = off + len;
        int recordEnd = off + RECORD_HEADER + u16(b, off + 3);
        int body = off + RECORD_HEADER + HANDSHAKE_HEADER;
        int helloLength = u24(b, off + RECORD_HEADER + 1);
        if (recordEnd < body) {
            return null;
        }
        if (body + helloLength <= recordEnd || recordEnd >= end) {
            // The whole hello is in the first record, or the bytes end inside that record.
            return hello(b, body, Math.min(end, Math.min(recordEnd, body + helloLength)));
        }
        byte[] joined = join(b, body, recordEnd, end, helloLength);
        return joined == null ? null : hello(joined, 0, joined.length);
    }

    /** A TLS handshake record header at {@code at}, of a legal length (the caller checked 5 bytes). */
    private static boolean handshakeRecord(byte[] b, int at) {
        int length = u16(b, at + 3);
        return (b[at] & 0xff) == CONTENT_HANDSHAKE && b[at + 1] == 3 && (b[at + 2] & 0xff) <= 4
                && length > 0 && length <= MAX_RECORD;
    }

    /**
     * The hello body from the first record's part {@code [body, recordEnd)} and the records that
     * follow within {@code end}, up to {@code helloLength} bytes; null when what follows is not a
     * handshake record.
     */
    private static byte[] join(byte[] b, int body, int recordEnd, int end, int helloLength) {
        byte[] out = new byte[Math.min(helloLength, end - body)];
        int n = recordEnd - body;
        System.arraycopy(b, body, out, 0, n);
        int at = recordEnd;
        while (n < out.length) {
            if (at + RECORD_HEADER > end || !handshakeRecord(b, at)) {
                // A cut header (keep what came) or something else (the hello is broken).
                return at + RECORD_HEADER > end ? Arrays.copyOf(out, n) : null;
            }
            int take = Math.min(Math.min(u16(b, at + 3), end - at - RECORD_HEADER), out.length - n);
            System.arraycopy(b, at + RECORD_HEADER, out, n, take);
            n += take;
            at += RECORD_HEADER + u16(b, at + 3);
        }
        return out;
    }

    /** The server name in the ClientHello body {@code b[pos, limit)} (cut or whole). */
    private static String hello(byte[] b, int pos, int limit) {
        // client_version (its major must be 3), random
        if (pos + 34 > limit || b[pos] != 3) {
            return null;
        }
        pos += 34;
        // session_id<0..32>
        if (pos + 1 > limit || (b[pos] & 0xff) > 32) {
            return null;
        }
        pos += 1 + (b[pos] & 0xff);
        // cipher_suites<2..2^16-2>, two bytes each
        if (pos + 2 > limit) {
            return null;
        }
        int suites = u16(b, pos);
        if (suites < 2 || (suites & 1) != 0) {
            return null;
        }
        pos += 2 + suites;
        // compression_methods<1..2^8-1>
        if (pos + 1 > limit || b[pos] == 0) {
            return null;
        }
        pos += 1 + (b[pos] & 0xff);
        // extensions<8..2^16-1>
        if (pos + 2 > limit) {
            return null;
        }
        int extensionsEnd = Math.min(limit, pos + 2 + u16(b, pos));
        pos += 2;
        while (pos + 4 <= extensionsEnd) {
            int type = u16(b, pos);
            int length = u16(b, pos + 2);
            pos += 4;
            if (type == EXTENSION_SERVER_NAME) {
                return hostName(b, pos, Math.min(extensionsEnd, pos + length));
            }
            pos += length;
        }
        return null;
    }

    /** The first host_name of a server_name extension's data {@code b[pos, limit)}. */
    private static String hostName(byte[] b, int pos, int limit) {
        if (pos + 2 > limit) {
            return null;
        }
        int listEnd = Math.min(limit, pos + 2 + u16(b, pos));
        pos += 2;
        while (pos + 3 <= listEnd) {
            int type = b[pos] & 0xff;
            int length = u16(b, pos + 1);
            pos += 3;
            if (pos + length > listEnd) {
                return null;
            }
            if (type == NAME_TYPE_HOST) {
                return length == 0 ? null : PacketText.escapeLowerCase(b, pos, length, PacketText.MAX_CHARS);
            }
            pos += length;
        }
        return null;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static int u24(byte[] b, int at) {
        return ((b[at] & 0xff) << 16) | ((b[at + 1] & 0xff) << 8) | (b[at + 2] & 0xff);
    }
}
