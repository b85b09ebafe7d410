package org.connwatch.source.capture.file;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Says in one line what a file that is not a capture looks like, from its first bytes: the bytes
 * in hex, and the kind of file when the magic is a common one (compressed data, an archive, text,
 * a capture format this reader does not handle).
 */
final class FileMagic {
    private static final int SHOWN = 8;

    private FileMagic() {
    }

    /** {@code not a pcap or pcapng file: it begins with 1f 8b 08 00 ... (gzip-compressed data ...)}. */
    static String describe(MemorySegment file) {
        long size = file.byteSize();
        if (size == 0) {
            return "not a pcap or pcapng file: it is empty";
        }
        int n = (int) Math.min(size, SHOWN);
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < n; i++) {
            hex.append(i == 0 ? "" : " ").append(String.format("%02x", at(file, i)));
        }
        String kind = kind(file, n);
        return "not a pcap or pcapng file: " + (size < SHOWN ? "it is only " + size + " byte(s) long, " : "it ")
                + "begins with " + hex + (kind == null ? "" : " (" + kind + ")");
    }

    private static String kind(MemorySegment file, int n) {
        if (startsWith(file, n, 0x1f, 0x8b)) {
            return "gzip-compressed data; unpack it first";
        }
        if (startsWith(file, n, 'B', 'Z', 'h')) {
            return "bzip2-compressed data; unpack it first";
        }
        if (startsWith(file, n, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return "xz-compressed data; unpack it first";
        }
        if (startsWith(file, n, 0x28, 0xb5, 0x2f, 0xfd)) {
            return "zstd-compressed data; unpack it first";
        }
        if (startsWith(file, n, 'P', 'K', 3, 4)) {
            return "a zip archive";
        }
        if (startsWith(file, n, 0xa1, 0xb2, 0xcd, 0x34) || startsWith(file, n, 0x34, 0xcd, 0xb2, 0xa1)) {
            return "a modified (Kuznetzov) pcap file, not supported: convert it with editcap -F pcap";
        }
        if (startsWith(file, n, 's', 'n', 'o', 'o', 'p', 0)) {
            return "a snoop capture, not supported: convert it with editcap -F pcap";
        }
        if (startsWith(file, n, 0x0d, 0x0a, 0x0d, 0x0a) || startsWith(file, n, 0x0a, 0x0d, 0x0a)) {
            return "perhaps a pcapng file damaged by a text-mode transfer";
        }
        for (int i = 0; i < n; i++) {
            int b = at(file, i);
            if ((b < 0x20 || b >= 0x7f) && b != '\t' && b != '\n' && b != '\r') {
                return null;
            }
        }
        return "text";
    }

    private static boolean startsWith(MemorySegment file, int n, int... bytes) {
        if (n < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (at(file, i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static int at(MemorySegment file, int i) {
        return file.get(ValueLayout.JAVA_BYTE, i) & 0xff;
    }
}
