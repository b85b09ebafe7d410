package org.connwatch.source.capture.file;

import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import org.connwatch.source.capture.PacketSink;

/**
 * The running counts of one read: hands each packet to the sink and keeps what the
 * {@link CaptureReadReport} will say. One per read, one thread.
 */
final class ReadTally {
    /** How often progress is reported, in bytes of the file. */
    static final long PROGRESS_STEP = 4L << 20;

    private final PacketSink sink;
    private final LongConsumer progress;
    private final long[] counts = new long[Irregularity.values().length];
    private final TreeSet<Integer> linkTypes = new TreeSet<>();
    private long packets;
    private long bytes;
    private long earliest = Long.MAX_VALUE;
    private long latest = Long.MIN_VALUE;
    private long lastNanos;
    private long nextProgress = PROGRESS_STEP;
    private String warning;

    ReadTally(PacketSink sink, LongConsumer progress) {
        this.sink = sink;
        this.progress = progress;
    }

    /** Hands one packet with a time to the sink. */
    void deliver(long epochNanos, int interfaceId, int linkType, MemorySegment data, long offset, int captured,
                 int original) {
        packets++;
        bytes += captured;
        if (epochNanos < earliest) {
            earliest = epochNanos;
        }
        if (epochNanos > latest) {
            latest = epochNanos;
        }
        lastNanos = epochNanos;
        sink.packet(epochNanos, interfaceId, linkType, data, offset, captured, original);
    }

    /** Hands one packet without a time (a Simple Packet Block) to the sink, dated as the one before it. */
    void deliverUntimed(int interfaceId, int linkType, MemorySegment data, long offset, int captured, int original) {
        packets++;
        bytes += captured;
        sink.packet(lastNanos, interfaceId, linkType, data, offset, captured, original);
    }

    /** Counts one irregularity. */
    void count(Irregularity irregularity) {
        counts[irregularity.ordinal()]++;
    }

    /** Counts the irregularity that ends the read, and says why it ended. */
    void stop(Irregularity irregularity, String why) {
        count(irregularity);
        warning = why;
    }

    /** Notes a link type the file declares. */
    void declareLinkType(int linkType) {
        linkTypes.add(linkType);
    }

    /** Tells the progress callback when another step of the file has been read. */
    void progress(long position) {
        if (position >= nextProgress) {
            progress.accept(position);
            nextProgress = (position / PROGRESS_STEP + 1) * PROGRESS_STEP;
        }
    }

    /** Reports the last position, once the read is over. */
    void finish(long position) {
        progress.accept(position);
    }

    CaptureReadReport report(CaptureFormat format) {
        Map<String, Long> skipped = new LinkedHashMap<>();
        Map<String, Long> repaired = new LinkedHashMap<>();
        for (Irregularity i : Irregularity.values()) {
            long n = counts[i.ordinal()];
            if (n > 0) {
                (i.skipsData() ? skipped : repaired).put(i.description(), n);
            }
        }
        boolean timed = earliest <= latest;
        return new CaptureReadReport(format, packets, bytes, skipped, repaired, linkTypes, warning,
                timed ? instant(earliest) : null, timed ? instant(latest) : null);
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
