package org.connwatch.source.capture.file;

import java.lang.foreign.MemorySegment;

/**
 * Reads a classic libpcap file:
 * <pre>
 *   file header (24 bytes): magic, version 2.4, thiszone, sigfigs, snaplen, link type
 *   per packet (16 bytes):  seconds, micro- or nanoseconds, captured length, original length; data
 * </pre>
 * The magic says the byte order and the fraction (a1b2c3d4 microseconds, a1b23c4d nanoseconds).
 * The upper bits of the link-type field (FCS length, reserved) are masked off. A record that
 * the file's end cuts, or whose captured length is beyond any snap length (garbage: the framing
 * is lost), ends the read with a warning naming its offset.
 */
final class PcapReader {
    /** The file header's size. */
    static final int HEADER = 24;
    /** Record lengths up to this are taken as framing even past the file's snap length (libpcap's limit). */
    private static final long PLAUSIBLE_LENGTH = 262_144;
    private static final int RECORD = 16;

    private PcapReader() {
    }

    /**
     * Reads the packets of {@code file} into the tally.
     *
     * @param bigEndian   the byte order its magic gave
     * @param nanoseconds whether the fraction field counts nanoseconds
     */
    static void read(MemorySegment file, boolean bigEndian, boolean nanoseconds, ReadTally tally) {
        long size = file.byteSize();
        if (size < HEADER) {
            tally.stop(Irregularity.CUT_OFF, "the file ends at byte " + size + ", inside its 24-byte pcap header");
            return;
        }
        long snap = Bytes.uint32(file, 16, bigEndian);
        int linkType = Bytes.int32(file, 20, bigEndian) & 0xffff;
        tally.declareLinkType(linkType);
        long snapLength = snap == 0 ? Integer.MAX_VALUE : Math.min(snap, Integer.MAX_VALUE);
        long plausible = Math.min(Math.max(snap, PLAUSIBLE_LENGTH), Integer.MAX_VALUE);
        long fractionNanos = nanoseconds ? 1 : 1000;

        long pos = HEADER;
        while (pos < size) {
            long left = size - pos;
            if (left < RECORD) {
                tally.stop(Irregularity.CUT_OFF, "the file is cut off at byte " + pos + ": " + left
                        + " byte(s) of a 16-byte packet record header");
                return;
            }
            long time = Bytes.pair(file, pos); // two reads for the four fields: each read costs under C1
            long lengths = Bytes.pair(file, pos + 8);
            long seconds = Bytes.first(time, bigEndian);
            long fraction = Bytes.second(time, bigEndian);
            long captured = Bytes.first(lengths, bigEndian);
            long original = Bytes.second(lengths, bigEndian);
            if (captured > plausible) {
                tally.stop(Irregularity.BROKEN_FRAMING, "reading stopped at byte " + pos + ": the packet record there"
                        + " claims " + captured + " captured bytes, more than the snap length " + snap);
                return;
            }
            if (captured > left - RECORD) {
                tally.stop(Irregularity.CUT_OFF, "the file is cut off at byte " + pos + ": the packet record there"
                        + " needs " + captured + " bytes, " + (left - RECORD) + " remain");
                return;
            }
            deliver(file, pos + RECORD, seconds * 1_000_000_000L + fraction * fractionNanos, linkType,
                    captured, original, snapLength, tally);
            pos += RECORD + captured;
            tally.progress(pos);
        }
    }

    private static void deliver(MemorySegment file, long data, long nanos, int linkType, long captured,
                                long original, long snapLength, ReadTally tally) {
        long delivered = captured;
        if (original < captured) {
            tally.count(Irregularity.ORIGINAL_TOO_SHORT);
            original = captured;
        } else if (original > Integer.MAX_VALUE) {
            tally.count(Irregularity.ORIGINAL_TOO_LONG);
            original = Integer.MAX_VALUE;
        }
        if (delivered > snapLength) {
            tally.count(Irregularity.OVER_SNAP_LENGTH);
            delivered = snapLength;
        }
        tally.deliver(nanos, 0, linkType, file, data, (int) delivered, (int) original);
    }
}
