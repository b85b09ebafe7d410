package org.connwatch.source.capture.file;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The interfaces of one pcapng section, in the order their Interface Description Blocks came
 * (an Enhanced Packet Block names its interface by that index): link type, snap length and time
 * scale, kept in parallel arrays so that a packet looks its interface up without an object. At
 * most {@link #MAX} a section, so a hostile file cannot grow it without bound.
 */
final class PcapngInterfaces {
    /** The most interfaces kept for one section. */
    static final int MAX = 65_536;
    /** The link type of an interface whose description was too short to use. */
    static final int UNUSABLE = -1;

    private static final int OPT_END = 0;
    private static final int OPT_TSRESOL = 9;
    private static final int OPT_TSOFFSET = 14;

    private int count;
    private int[] linkType = new int[4];
    private int[] snapLength = new int[4];
    private byte[] scaleKind = new byte[4];
    private long[] scaleFactor = new long[4];
    private long[] offsetNanos = new long[4];

    /** Forgets every interface: a new section starts. */
    void clear() {
        count = 0;
    }

    /** How many interfaces the section has declared (usable or not). */
    int count() {
        return count;
    }

    /** The link type of interface {@code id}, or {@link #UNUSABLE}; id must be below {@link #count()}. */
    int linkType(int id) {
        return linkType[id];
    }

    /** Its snap length, 0 for none. */
    int snapLength(int id) {
        return snapLength[id];
    }

    /** A packet time of interface {@code id} in nanoseconds, or {@link TimeScale#OUT_OF_RANGE}. */
    long toNanos(int id, long units) {
        return TimeScale.toNanos(units, scaleKind[id], scaleFactor[id], offsetNanos[id]);
    }

    /** Declares an interface whose description block is too short to read. */
    boolean addUnusable(ReadTally tally) {
        return add(UNUSABLE, 0, tally);
    }

    /**
     * Declares the interface of an Interface Description Block.
     *
     * @param block     the segment
     * @param start     where the block starts
     * @param length    its total length, at least 20
     * @param bigEndian the section's byte order
     * @return false when the section already has {@link #MAX} interfaces (counted)
     */
    boolean add(MemorySegment block, long start, long length, boolean bigEndian, ReadTally tally) {
        int type = Bytes.uint16(block, start + 8, bigEndian);
        long snap = Bytes.uint32(block, start + 12, bigEndian);
        if (!add(type, snap > Integer.MAX_VALUE ? 0 : (int) snap, tally)) {
            return false;
        }
        tally.declareLinkType(type);
        readOptions(block, start + 16, start + length - 4, bigEndian, count - 1, tally);
        return true;
    }

    private boolean add(int type, int snap, ReadTally tally) {
        if (count == MAX) {
            tally.count(Irregularity.TOO_MANY_INTERFACES);
            return false;
        }
        if (count == linkType.length) {
            int size = count * 2;
            linkType = Arrays.copyOf(linkType, size);
            snapLength = Arrays.copyOf(snapLength, size);
            scaleKind = Arrays.copyOf(scaleKind, size);
            scaleFactor = Arrays.copyOf(scaleFactor, size);
            offsetNanos = Arrays.copyOf(offsetNanos, size);
        }
        linkType[count] = type;
        snapLength[count] = snap;
        scaleKind[count] = TimeScale.kind(TimeScale.MICROSECONDS);
        scaleFactor[count] = TimeScale.factor(TimeScale.MICROSECONDS);
        offsetNanos[count] = 0;
        count++;
        return true;
    }

    /** Reads if_tsresol and if_tsoffset from the options between {@code at} and {@code end}. */
    private void readOptions(MemorySegment s, long at, long end, boolean bigEndian, int id, ReadTally tally) {
        while (at < end) {
            if (end - at < 4) {
                tally.count(Irregularity.BROKEN_OPTIONS);
                return;
            }
            int code = Bytes.uint16(s, at, bigEndian);
            int length = Bytes.uint16(s, at + 2, bigEndian);
            long padded = (length + 3L) & ~3L;
            if (code == OPT_END) {
                return;
            }
            if (padded > end - at - 4) {
                tally.count(Irregularity.BROKEN_OPTIONS);
                return;
            }
            long value = at + 4;
            if (code == OPT_TSRESOL && length == 1) {
                int resolution = s.get(ValueLayout.JAVA_BYTE, value) & 0xff;
                if (TimeScale.usable(resolution)) {
                    scaleKind[id] = TimeScale.kind(resolution);
                    scaleFactor[id] = TimeScale.factor(resolution);
                } else {
                    tally.count(Irregularity.BAD_TIME_RESOLUTION);
                }
            } else if (code == OPT_TSOFFSET && length == 8) {
                long nanos = TimeScale.offsetNanos(Bytes.int64(s, value, bigEndian));
                if (nanos == TimeScale.OUT_OF_RANGE) {
                    tally.count(Irregularity.BAD_TIME_OFFSET);
                } else {
                    offsetNanos[id] = nanos;
                }
            }
            at = value + padded;
        }
    }
}
