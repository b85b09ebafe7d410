package org.connwatch.source.capture.file;

import java.lang.foreign.MemorySegment;

/**
 * Reads a pcapng file: a sequence of blocks, each {@code type, total length, body, total length}
 * (lengths a multiple of 4, at least 12), in sections that each begin with a Section Header Block
 * whose byte-order mark (1a2b3c4d) sets the byte order of the section.
 *
 * <ul>
 *   <li>Section Header (0x0a0d0d0a): byte order, version 1.x; forgets the previous section's interfaces.</li>
 *   <li>Interface Description (1): link type, snap length, if_tsresol (10^-n or 2^-n s; 10^-6 when
 *       absent), if_tsoffset (seconds added); see {@link PcapngInterfaces}.</li>
 *   <li>Enhanced Packet (6): interface, 64-bit time, captured and original length, data.</li>
 *   <li>Simple Packet (3): interface 0, original length, data up to the snap length; no time (the
 *       packet is dated as the one before it).</li>
 *   <li>Packet (2, obsolete): like Enhanced Packet with a 16-bit interface id.</li>
 *   <li>Name resolution, interface statistics, decryption secrets, journal, custom and obsolete
 *       timestamp blocks: skipped by their length, as they carry no packet. Any other type too,
 *       counted as unknown.</li>
 * </ul>
 * A bad block (cut off by the end of the file, a length under 12 or not a multiple of 4, leading
 * and trailing lengths that differ, a section header of unknown byte order or version) ends the
 * read with a warning naming its offset, as the framing is lost. A bad packet inside a sound
 * block (no such interface, a captured length past the block) is counted and skipped.
 */
final class PcapngReader {
    static final int SECTION_HEADER = 0x0a0d0d0a;
    private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int INTERFACE = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int NAME_RESOLUTION = 4;
    private static final int STATISTICS = 5;
    private static final int ENHANCED_PACKET = 6;
    private static final int IRIG_TIMESTAMP = 7;
    private static final int ARINC_429 = 8;
    private static final int JOURNAL_EXPORT = 9;
    private static final int DECRYPTION_SECRETS = 10;
    private static final int CUSTOM = 0x0bad;
    private static final int CUSTOM_NO_COPY = 0x40000bad;
    /** Type, length, byte-order mark, version, section length, trailing length. */
    private static final int MIN_SECTION_HEADER = 28;
    /** Type, length, link type, reserved, snap length, trailing length. */
    private static final int MIN_INTERFACE = 20;
    /** Type, length, interface, time high and low, captured, original, trailing length. */
    private static final int PACKET_FIXED = 32;
    /** Type, length, original length, trailing length. */
    private static final int SIMPLE_FIXED = 16;

    private final MemorySegment file;
    private final ReadTally tally;
    private final PcapngInterfaces interfaces = new PcapngInterfaces();
    private boolean bigEndian;

    private PcapngReader(MemorySegment file, ReadTally tally) {
        this.file = file;
        this.tally = tally;
    }

    /** Reads the packets of {@code file}, which begins with a section header's type, into the tally. */
    static void read(MemorySegment file, ReadTally tally) {
        new PcapngReader(file, tally).read();
    }

    private void read() {
        long size = file.byteSize();
        long pos = 0;
        while (pos < size) {
            long left = size - pos;
            if (left < 12) {
                tally.stop(Irregularity.CUT_OFF, "the file is cut off at byte " + pos + ": " + left
                        + " byte(s) of a block header");
                return;
            }
            long head = Bytes.pair(file, pos); // block type and length in one read
            int type = (int) head;
            if (type == SECTION_HEADER && !startSection(pos)) {
                return;
            }
            type = bigEndian ? Integer.reverseBytes(type) : type;
            long length = Bytes.second(head, bigEndian); // in the byte order a section header just set
            if (!framed(pos, left, length)) {
                return;
            }
            switch (type) {
                case ENHANCED_PACKET -> packet(pos, length, Bytes.int32(file, pos + 8, bigEndian) & 0xffff_ffffL);
                case OBSOLETE_PACKET -> packet(pos, length, Bytes.uint16(file, pos + 8, bigEndian));
                case SIMPLE_PACKET -> simplePacket(pos, length);
                case INTERFACE -> {
                    if (length < MIN_INTERFACE) {
                        tally.count(Irregularity.SHORT_BLOCK);
                        interfaces.addUnusable(tally);
                    } else {
                        interfaces.add(file, pos, length, bigEndian, tally);
                    }
                }
                case SECTION_HEADER, NAME_RESOLUTION, STATISTICS, IRIG_TIMESTAMP, ARINC_429, JOURNAL_EXPORT,
                     DECRYPTION_SECRETS, CUSTOM, CUSTOM_NO_COPY -> {
                }
                default -> tally.count(Irregularity.UNKNOWN_BLOCK);
            }
            pos += length;
            tally.progress(pos);
        }
    }

    /** Takes the byte order and version of a section header; false (with the warning) when unusable. */
    private boolean startSection(long pos) {
        int mark = Bytes.int32(file, pos + 8, false);
        if (mark == BYTE_ORDER_MAGIC || Integer.reverseBytes(mark) == BYTE_ORDER_MAGIC) {
            bigEndian = mark != BYTE_ORDER_MAGIC;
        } else {
            tally.stop(Irregularity.BAD_SECTION_HEADER, "reading stopped at byte " + pos + ": a section header"
                    + " with the byte-order mark " + String.format("%08x", Bytes.magic(file, pos + 8))
                    + ", not 1a2b3c4d either way");
            return false;
        }
        long length = Bytes.uint32(file, pos + 4, bigEndian);
        if (!framed(pos, file.byteSize() - pos, length)) {
            return false;
        }
        if (length < MIN_SECTION_HEADER) {
            tally.stop(Irregularity.BROKEN_FRAMING, "reading stopped at byte " + pos + ": a section header of "
                    + length + " bytes, shorter than its fixed fields");
            return false;
        }
        int major = Bytes.uint16(file, pos + 12, bigEndian);
        if (major != 1) {
            tally.stop(Irregularity.BAD_SECTION_HEADER, "reading stopped at byte " + pos + ": a section header of"
                    + " pcapng version " + major + "." + Bytes.uint16(file, pos + 14, bigEndian) + ", not 1.x");
            return false;
        }
        interfaces.clear();
        return true;
    }

    /** Checks a block's length fields; false (with the warning) when the framing is lost. */
    private boolean framed(long pos, long left, long length) {
        if (length < 12 || (length & 3) != 0) {
            tally.stop(Irregularity.BROKEN_FRAMING, "reading stopped at byte " + pos + ": a block of length "
                    + length + (length < 12 ? ", under the 12 bytes of a block's frame" : ", not a multiple of 4"));
            return false;
        }
        if (length > left) {
            tally.stop(Irregularity.CUT_OFF, "the file is cut off at byte " + pos + ": the block there needs "
                    + length + " bytes, " + left + " remain");
            return false;
        }
        long trailing = Bytes.uint32(file, pos + length - 4, bigEndian);
        if (trailing != length) {
            tally.stop(Irregularity.BROKEN_FRAMING, "reading stopped at byte " + pos + ": a block whose length is "
                    + length + " at its start and " + trailing + " at its end");
            return false;
        }
        return true;
    }

    /** An Enhanced Packet Block or an obsolete Packet Block (same fixed fields from offset 12). */
    private void packet(long pos, long length, long interfaceId) {
        if (length < PACKET_FIXED) {
            tally.count(Irregularity.SHORT_BLOCK);
            return;
        }
        if (interfaceId >= interfaces.count() || interfaces.linkType((int) interfaceId) == PcapngInterfaces.UNUSABLE) {
            tally.count(Irregularity.NO_INTERFACE);
            return;
        }
        int id = (int) interfaceId;
        long lowAndCaptured = Bytes.pair(file, pos + 16); // the time's low half, the captured length
        long captured = Bytes.second(lowAndCaptured, bigEndian);
        if (captured > length - PACKET_FIXED) {
            tally.count(Irregularity.PACKET_PAST_BLOCK);
            return;
        }
        long units = Bytes.uint32(file, pos + 12, bigEndian) << 32 | Bytes.first(lowAndCaptured, bigEndian);
        long nanos = interfaces.toNanos(id, units);
        if (nanos == TimeScale.OUT_OF_RANGE) {
            tally.count(Irregularity.TIME_OUT_OF_RANGE);
            return;
        }
        long original = Bytes.uint32(file, pos + 24, bigEndian);
        deliver(nanos, true, id, pos + 28, captured, original);
    }

    private void simplePacket(long pos, long length) {
        if (length < SIMPLE_FIXED) {
            tally.count(Irregularity.SHORT_BLOCK);
            return;
        }
        if (interfaces.count() == 0 || interfaces.linkType(0) == PcapngInterfaces.UNUSABLE) {
            tally.count(Irregularity.NO_INTERFACE);
            return;
        }
        long original = Bytes.uint32(file, pos + 8, bigEndian);
        // The captured length is not stored: the original length, cut by the block (and the snap length below).
        deliver(0, false, 0, pos + 12, Math.min(original, length - SIMPLE_FIXED), original);
    }

    private void deliver(long nanos, boolean timed, int id, long data, long captured, long original) {
        if (captured > Integer.MAX_VALUE) {
            tally.count(Irregularity.PACKET_PAST_BLOCK); // 2 GiB or more: no packet is, and an int cannot say it
            return;
        }
        if (original < captured) {
            tally.count(Irregularity.ORIGINAL_TOO_SHORT);
            original = captured;
        } else if (original > Integer.MAX_VALUE) {
            tally.count(Irregularity.ORIGINAL_TOO_LONG);
            original = Integer.MAX_VALUE;
        }
        int snap = interfaces.snapLength(id);
        if (snap != 0 && captured > snap) {
            // A Simple Packet Block is cut to the snap length by definition, not by a fault of the file.
            if (timed) {
                tally.count(Irregularity.OVER_SNAP_LENGTH);
            }
            captured = snap;
        }
        int linkType = interfaces.linkType(id);
        if (timed) {
            tally.deliver(nanos, id, linkType, file, data, (int) captured, (int) original);
        } else {
            tally.deliverUntimed(id, linkType, file, data, (int) captured, (int) original);
        }
    }
}
