package org.connwatch.cli;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.connwatch.source.capture.PacketSink;

/**
 * Keeps the packets of {@code capture --only-suspicious} until it is known whether their flow is
 * flagged: recent packets wait in a queue bounded by bytes (the oldest go first when it is full,
 * counted); once a flow is flagged its waiting packets go to the writer, and so do its later
 * packets as they come. Packets of flows never flagged are dropped from the queue's far end.
 *
 * <p>Called from the capture thread only.
 */
final class SuspiciousPackets {
    /** A packet waiting, copied out of the capture ring. */
    private record Waiting(long flowId, long epochNanos, int interfaceId, int linkType, byte[] data,
                           int originalLength) {
    }

    private final PacketSink writer;
    private final long maxBytes;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private final Set<Long> flagged = new HashSet<>();
    private long queuedBytes;
    private long written;
    private long droppedUnflagged;

    SuspiciousPackets(PacketSink writer, long maxBytes) {
        this.writer = writer;
        this.maxBytes = maxBytes;
    }

    /** One packet of flow {@code flowId} (-1: of no flow, dropped). */
    void packet(long flowId, long epochNanos, int interfaceId, int linkType, MemorySegment data, long offset,
                int captured, int original) {
        if (flowId < 0) {
            return;
        }
        if (flagged.contains(flowId)) {
            writer.packet(epochNanos, interfaceId, linkType, data, offset, captured, original);
            written++;
            return;
        }
        byte[] copy = data.asSlice(offset, captured).toArray(ValueLayout.JAVA_BYTE);
        queue.addLast(new Waiting(flowId, epochNanos, interfaceId, linkType, copy, original));
        queuedBytes += copy.length + 64L;
        while (queuedBytes > maxBytes && !queue.isEmpty()) {
            Waiting old = queue.removeFirst();
            queuedBytes -= old.data.length + 64L;
            droppedUnflagged++;
        }
    }

    /** Flags these flows: their waiting packets are written now, in the order they came. */
    void flag(Set<Long> flowIds) {
        if (!flagged.addAll(flowIds)) {
            return;
        }
        ArrayDeque<Waiting> keep = new ArrayDeque<>(queue.size());
        for (Waiting w : queue) {
            if (flagged.contains(w.flowId)) {
                writer.packet(w.epochNanos, w.interfaceId, w.linkType, MemorySegment.ofArray(w.data), 0,
                        w.data.length, w.originalLength);
                written++;
                queuedBytes -= w.data.length + 64L;
            } else {
                keep.addLast(w);
            }
        }
        queue.clear();
        queue.addAll(keep);
    }

    /** Packets written so far. */
    long written() {
        return written;
    }

    /**
     * Packets that left the queue before anything flagged their flow (the queue was full); some of
     * them may have belonged to flows flagged later.
     */
    long droppedUnflagged() {
        return droppedUnflagged;
    }
}
