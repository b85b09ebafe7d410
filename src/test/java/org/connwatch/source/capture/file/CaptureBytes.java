package org.connwatch.source.capture.file;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds capture files byte by byte, in either byte order, as the format documents lay them out
 * (pcap: draft-ietf-opsawg-pcap; pcapng: draft-ietf-opsawg-pcapng), so that tests can make what
 * no tool here writes: big-endian files, several sections, odd time resolutions, broken blocks.
 */
final class CaptureBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    /** The byte order of what is appended next. */
    CaptureBytes order(ByteOrder next) {
        this.order = next;
        return this;
    }

    CaptureBytes pcapHeader(boolean nanoseconds, int snapLength, int linkTypeField) {
        return put(buffer(24).putInt(nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4)
                .putInt(0).putInt(0).putInt(snapLength).putInt(linkTypeField));
    }

    CaptureBytes pcapRecord(long seconds, long fraction, byte[] data, int originalLength) {
        return pcapRecord((int) seconds, (int) fraction, data.length, originalLength, data);
    }

    /** A record whose captured length field may disagree with the data that follows. */
    CaptureBytes pcapRecord(int seconds, int fraction, int capturedField, int originalLength, byte[] data) {
        put(buffer(16).putInt(seconds).putInt(fraction).putInt(capturedField).putInt(originalLength));
        out.writeBytes(data);
        return this;
    }

    /** A Section Header Block, version 1.0, in the current byte order. */
    CaptureBytes sectionHeader() {
        return block(0x0a0d0d0a, buffer(16).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0)
                .putLong(-1).array());
    }

    /** An Interface Description Block with options (each from {@link #option}). */
    CaptureBytes interfaceBlock(int linkType, int snapLength, byte[]... options) {
        ByteBuffer b = buffer(8).putShort((short) linkType).putShort((short) 0).putInt(snapLength);
        return block(1, concat(b.array(), concat(options), options.length == 0 ? new byte[0] : endOfOptions()));
    }

    /** if_tsresol. */
    byte[] tsresol(int resolution) {
        return option(9, new byte[] {(byte) resolution});
    }

    /** if_tsoffset, seconds. */
    byte[] tsoffset(long seconds) {
        return option(14, buffer(8).putLong(seconds).array());
    }

    /** if_name. */
    byte[] name(String name) {
        return option(2, name.getBytes(StandardCharsets.UTF_8));
    }

    byte[] option(int code, byte[] value) {
        byte[] padded = new byte[(value.length + 3) & ~3];
        System.arraycopy(value, 0, padded, 0, value.length);
        return concat(buffer(4).putShort((short) code).putShort((short) value.length).array(), padded);
    }

    CaptureBytes enhancedPacket(int interfaceId, long units, byte[] data, int originalLength) {
        return enhancedPacket(interfaceId, units, data.length, originalLength, data);
    }

    /** An EPB whose captured length field may disagree with its data. */
    CaptureBytes enhancedPacket(int interfaceId, long units, int capturedField, int originalLength, byte[] data) {
        ByteBuffer b = buffer(20).putInt(interfaceId).putInt((int) (units >>> 32)).putInt((int) units)
                .putInt(capturedField).putInt(originalLength);
        return block(6, concat(b.array(), padded(data)));
    }

    CaptureBytes simplePacket(byte[] data, int originalLength) {
        return block(3, concat(buffer(4).putInt(originalLength).array(), padded(data)));
    }

    CaptureBytes obsoletePacket(int interfaceId, long units, byte[] data, int originalLength) {
        ByteBuffer b = buffer(20).putShort((short) interfaceId).putShort((short) 0).putInt((int) (units >>> 32))
                .putInt((int) units).putInt(data.length).putInt(originalLength);
        return block(2, concat(b.array(), padded(data)));
    }

    /** A block of any type: type, total length, body, total length. */
    CaptureBytes block(int type, byte[] body) {
        int length = 12 + body.length;
        put(buffer(8).putInt(type).putInt(length));
        out.writeBytes(body);
        return put(buffer(4).putInt(length));
    }

    /** Bytes as they are. */
    CaptureBytes raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    Path write(Path file) throws IOException {
        return Files.write(file, bytes());
    }

    /** Test data: {@code length} bytes counting up from {@code first}. */
    static byte[] data(int length, int first) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    private byte[] endOfOptions() {
        return new byte[4];
    }

    private ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(order);
    }

    private CaptureBytes put(ByteBuffer b) {
        out.writeBytes(b.array());
        return this;
    }

    private static byte[] padded(byte[] data) {
        byte[] p = new byte[(data.length + 3) & ~3];
        System.arraycopy(data, 0, p, 0, data.length);
        return p;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
