package org.connwatch.source.capture.file;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.connwatch.source.capture.PacketSink;

/**
 * Reads a capture file, pcap or pcapng (told by the magic number, not the name), and hands every
 * packet to a {@link PacketSink} without making an object per packet: the file is memory-mapped
 * (any size, past 2 GB too) and each packet is passed as an offset into the mapping.
 *
 * <p>Formats:
 * <ul>
 *   <li>pcap, magic a1b2c3d4 (microseconds) or a1b23c4d (nanoseconds), in either byte order; the
 *       link type from the header (its FCS bits masked off), interface 0; thiszone is ignored (it is 0 in practice). See {@code PcapReader}.</li>
 *   <li>pcapng: Section Header Blocks in either byte order (several sections in one file, each with
 *       its own byte order and interfaces), Interface Description Blocks (link type, snap length,
 *       if_tsresol as a power of 10 or of 2, if_tsoffset), Enhanced, Simple and obsolete Packet
 *       Blocks; every other block is skipped by its length. See {@code PcapngReader}.</li>
 * </ul>
 * Times are converted to nanoseconds since 1970.
 *
 * <p>Hostile or damaged files never make a read throw. What cannot be delivered (a packet on an
 * interface never described, a captured length past its block, a time beyond 2262) is counted
 * by reason and skipped when the framing still says where the next record is; when it does not
 * (a record cut off by the end of the file, a length that cannot be right, garbage after the
 * last packet) the read stops there, with the packets so far, and the report's warning says at
 * which byte. Packets longer than their snap length are cut to it, and original lengths shorter
 * than captured ones raised, both counted. A file that is neither format gives a report with no
 * packets whose warning names what its first bytes look like. Only I/O errors (no such file, no
 * permission) are exceptions.
 *
 * <p>Threads: a read runs on the calling thread, which the sink and the progress callback are
 * called on; the packet bytes are valid only during the sink call.
 */
public final class CaptureFile {
    /** The progress callback is called each time about this many more bytes of the file are read. */
    public static final long PROGRESS_STEP = ReadTally.PROGRESS_STEP;

    private CaptureFile() {
    }

    /** Reads a capture file; see {@link #read(Path, PacketSink, LongConsumer)}. */
    public static CaptureReadReport read(Path file, PacketSink sink) throws IOException {
        return read(file, sink, bytes -> { });
    }

    /**
     * Reads a capture file.
     *
     * @param progress called with the number of bytes read so far, every {@link #PROGRESS_STEP}
     *                 bytes and once at the end (for a progress bar: compare with the file's size)
     * @throws NoSuchFileException   when there is no such file
     * @throws AccessDeniedException when it cannot be read
     * @throws IOException           when it is a directory, or it cannot be read or shrinks while being read
     */
    public static CaptureReadReport read(Path file, PacketSink sink, LongConsumer progress) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(progress, "progress");
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not a capture file");
        }
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such capture file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             Arena arena = Arena.ofConfined()) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            try {
                return read(mapped, sink, progress);
            } catch (InternalError e) {
                // What an access to a mapped page past the end becomes when the file is cut while we read it.
                throw new IOException(file + ": the file shrank while it was being read, or a read failed", e);
            }
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(file.toString(), null, "cannot read this capture file");
        }
    }

    /**
     * Reads a capture held in memory: a whole file's bytes, such as a mapped file or
     * {@code MemorySegment.ofArray(bytes)}. Never throws for what the bytes hold.
     *
     * @param progress called with the number of bytes read so far, every {@link #PROGRESS_STEP} and at the end
     */
    public static CaptureReadReport read(MemorySegment bytes, PacketSink sink, LongConsumer progress) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(progress, "progress");
        ReadTally tally = new ReadTally(sink, progress);
        CaptureFormat format = bytes.byteSize() < 4 ? CaptureFormat.NOT_A_CAPTURE : switch (Bytes.magic(bytes, 0)) {
            case 0xa1b2c3d4, 0xd4c3b2a1 -> CaptureFormat.PCAP_MICROSECONDS;
            case 0xa1b23c4d, 0x4d3cb2a1 -> CaptureFormat.PCAP_NANOSECONDS;
            case PcapngReader.SECTION_HEADER -> CaptureFormat.PCAPNG;
            default -> CaptureFormat.NOT_A_CAPTURE;
        };
        switch (format) {
            case PCAP_MICROSECONDS, PCAP_NANOSECONDS -> {
                int magic = Bytes.magic(bytes, 0);
                PcapReader.read(bytes, magic == 0xa1b2c3d4 || magic == 0xa1b23c4d,
                        format == CaptureFormat.PCAP_NANOSECONDS, tally);
            }
            case PCAPNG -> PcapngReader.read(bytes, tally);
            case NOT_A_CAPTURE -> tally.stop(Irregularity.NOT_A_CAPTURE, FileMagic.describe(bytes));
        }
        tally.finish(bytes.byteSize());
        return tally.report(format);
    }

    /**
     * True when the file begins with a pcap or pcapng magic number: what {@code connwatch analyze}
     * uses to tell a capture from a Zeek log. False for a directory or a file shorter than 4 bytes.
     *
     * @throws IOException when the file cannot be read
     */
    public static boolean isCapture(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            return false;
        }
        byte[] head = new byte[4];
        try (java.io.InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                return false;
            }
        }
        return switch (Bytes.magic(MemorySegment.ofArray(head), 0)) {
            case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, PcapngReader.SECTION_HEADER -> true;
            default -> false;
        };
    }
}
