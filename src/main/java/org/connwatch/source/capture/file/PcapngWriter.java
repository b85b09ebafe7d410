package org.connwatch.source.capture.file;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.connwatch.source.capture.PacketSink;

/**
 * Writes the packets it is given as a pcapng file (little-endian): one Section Header Block, one
 * Interface Description Block for each (interface id, link type) the first time a packet of it
 * comes (with {@code if_tsresol} = 9, nanoseconds, and the name set by
 * {@link #nameInterface(int, String)}), then an Enhanced Packet Block per packet. Output is
 * buffered; tshark, tcpdump and {@link CaptureFile} read it.
 *
 * <p>One thread at a time. Closing the writer flushes it and closes the channel or stream it
 * writes to. A write error during {@link #packet} is thrown as an {@link UncheckedIOException}
 * (the sink interface has no checked exceptions).
 */
public final class PcapngWriter implements PacketSink, AutoCloseable {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final int BUFFER = 256 << 10;
    private static final int ENHANCED_PACKET = 6;
    private static final int OPT_SHB_USERAPPL = 4;
    private static final int OPT_IF_NAME = 2;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int NANOSECONDS = 9;
    private static final byte[] APPLICATION = "connwatch".getBytes(StandardCharsets.UTF_8);
    /** The longest interface name written (an option's value is at most 65535 bytes). */
    private static final int MAX_NAME = 1024;

    private final WritableByteChannel out;
    /** On the heap: the garbage collector frees it even when a writer is never closed. */
    private final byte[] bytes = new byte[BUFFER];
    private final MemorySegment buffer = MemorySegment.ofArray(bytes);
    private final ByteBuffer view = ByteBuffer.wrap(bytes);
    private final Map<Integer, byte[]> names = new HashMap<>();
    private long[] keys = new long[4];
    private int interfaces;
    private long lastKey = -1;
    private int lastIndex;
    private int used;
    private long packets;
    private long clampedTimes;
    private boolean closed;

    /** Writes to a channel (a file, a pipe); the writer owns it from now on. */
    public PcapngWriter(WritableByteChannel out) {
        this.out = Objects.requireNonNull(out, "out");
        writeSectionHeader();
    }

    /** Writes to a stream; the writer owns it from now on. */
    public PcapngWriter(OutputStream out) {
        this(Channels.newChannel(Objects.requireNonNull(out, "out")));
    }

    /** Creates (or empties) a file and writes to it. */
    public static PcapngWriter create(Path file) throws IOException {
        return new PcapngWriter(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING));
    }

    /**
     * Names an interface ({@code if_name}, what tshark shows as the interface): call it before the
     * first packet of that interface id. UTF-8, cut to 1024 bytes.
     *
     * @throws IllegalStateException when a packet of that interface was already written
     */
    public void nameInterface(int interfaceId, String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < interfaces; i++) {
            if ((int) (keys[i] >>> 32) == interfaceId) {
                throw new IllegalStateException("interface " + interfaceId + " is already described in the file");
            }
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        names.put(interfaceId, bytes.length > MAX_NAME ? Arrays.copyOf(bytes, MAX_NAME) : bytes);
    }

    /**
     * Writes one packet. A time before 1970 is written as 1970 (pcapng times are unsigned) and
     * counted in {@link #clampedTimes()}; an original length under the captured one is raised to it.
     *
     * @throws IllegalArgumentException when the link type is not 0..65535 or a length is negative
     * @throws UncheckedIOException     when writing fails
     */
    @Override
    public void packet(long epochNanos, int interfaceId, int linkType, MemorySegment data, long offset,
                       int capturedLength, int originalLength) {
        if (closed) {
            throw new IllegalStateException("the writer is closed");
        }
        if (capturedLength < 0 || originalLength < 0 || (linkType & ~0xffff) != 0) {
            throw new IllegalArgumentException("a packet with captured length " + capturedLength
                    + ", original length " + originalLength + ", link type " + linkType);
        }
        int index = interfaceIndex(interfaceId, linkType);
        long nanos = epochNanos;
        if (nanos < 0) {
            clampedTimes++;
            nanos = 0;
        }
        int padded = (capturedLength + 3) & ~3;
        int length = 32 + padded;
        room(32);
        int at = used;
        buffer.set(INT, at, ENHANCED_PACKET);
        buffer.set(INT, at + 4, length);
        buffer.set(INT, at + 8, index);
        buffer.set(INT, at + 12, (int) (nanos >>> 32));
        buffer.set(INT, at + 16, (int) nanos);
        buffer.set(INT, at + 20, capturedLength);
        buffer.set(INT, at + 24, Math.max(originalLength, capturedLength));
        used += 28;
        if (padded + 4 <= BUFFER - used) {
            MemorySegment.copy(data, offset, buffer, used, capturedLength);
            buffer.asSlice(used + capturedLength, padded - capturedLength).fill((byte) 0);
            used += padded;
        } else {
            flushBuffer();
            writeFully(data.asSlice(offset, capturedLength).asByteBuffer());
            room(4);
            buffer.asSlice(used, padded - capturedLength).fill((byte) 0);
            used += padded - capturedLength;
        }
        buffer.set(INT, used, length);
        used += 4;
        packets++;
    }

    /** How many packets were written. */
    public long packets() {
        return packets;
    }

    /** How many packet times before 1970 were written as 1970. */
    public long clampedTimes() {
        return clampedTimes;
    }

    /** Hands what is buffered to the channel or stream (a buffered stream may still hold it). */
    public void flush() throws IOException {
        if (used > 0) {
            view.clear().limit(used);
            while (view.hasRemaining()) {
                out.write(view);
            }
            used = 0;
        }
    }

    /** Flushes and closes the channel or stream; a second call does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (WritableByteChannel channel = out) {
            flush();
        }
    }

    private int interfaceIndex(int interfaceId, int linkType) {
        long key = (long) interfaceId << 32 | linkType;
        if (key == lastKey) {
            return lastIndex;
        }
        int index = -1;
        for (int i = 0; i < interfaces; i++) {
            if (keys[i] == key) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            index = describeInterface(key, names.get(interfaceId), linkType);
        }
        lastKey = key;
        lastIndex = index;
        return index;
    }

    private int describeInterface(long key, byte[] name, int linkType) {
        if (interfaces == keys.length) {
            keys = Arrays.copyOf(keys, interfaces * 2);
        }
        keys[interfaces] = key;
        int nameOption = name == null ? 0 : 4 + ((name.length + 3) & ~3);
        int length = 20 + nameOption + 8 + 4;
        room(length);
        int at = used;
        buffer.set(INT, at, 1);
        buffer.set(INT, at + 4, length);
        buffer.set(SHORT, at + 8, (short) linkType);
        buffer.set(SHORT, at + 10, (short) 0);
        buffer.set(INT, at + 12, 0); // snap length: none
        used += 16;
        if (name != null) {
            option(OPT_IF_NAME, name);
        }
        option(OPT_IF_TSRESOL, new byte[] {NANOSECONDS});
        buffer.set(INT, used, 0); // opt_endofopt
        buffer.set(INT, used + 4, length);
        used += 8;
        return interfaces++;
    }

    private void writeSectionHeader() {
        int length = 24 + 4 + ((APPLICATION.length + 3) & ~3) + 4 + 4;
        buffer.set(INT, 0, PcapngReader.SECTION_HEADER);
        buffer.set(INT, 4, length);
        buffer.set(INT, 8, 0x1a2b3c4d);
        buffer.set(SHORT, 12, (short) 1);
        buffer.set(SHORT, 14, (short) 0);
        buffer.set(LONG, 16, -1L); // section length: not known in advance
        used = 24;
        option(OPT_SHB_USERAPPL, APPLICATION);
        buffer.set(INT, used, 0);
        buffer.set(INT, used + 4, length);
        used += 8;
    }

    /** One option with its value padded to 4 bytes; the caller made room. */
    private void option(int code, byte[] value) {
        buffer.set(SHORT, used, (short) code);
        buffer.set(SHORT, used + 2, (short) value.length);
        MemorySegment.copy(MemorySegment.ofArray(value), 0, buffer, used + 4, value.length);
        int padded = (value.length + 3) & ~3;
        buffer.asSlice(used + 4 + value.length, padded - value.length).fill((byte) 0);
        used += 4 + padded;
    }

    private void room(int bytes) {
        if (BUFFER - used < bytes) {
            flushBuffer();
        }
    }

    private void flushBuffer() {
        try {
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the capture file: " + e.getMessage(), e);
        }
    }

    private void writeFully(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the capture file: " + e.getMessage(), e);
        }
    }
}
