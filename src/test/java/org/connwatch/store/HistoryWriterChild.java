package org.connwatch.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;

/**
 * The process {@link HistoryKillTest} kills: writes one batch per simulated 1-s poll to the history in the
 * directory given, as fast as it can, and prints {@code committed P} after poll P's write returned. Each poll
 * holds {@value #PER_POLL} new connections (ids {@code P * PER_POLL + 1 ..}), a traffic delta for each and a
 * finding every tenth poll; the byte cap is small, so retention (by size) runs every 10 polls.
 *
 *   java -cp CLASSPATH org.connwatch.store.HistoryWriterChild DIR FIRST_POLL
 */
public final class HistoryWriterChild {

    static final int PER_POLL = 20;
    static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    static final StoreSettings SETTINGS = new StoreSettings(Duration.ofDays(30), 1L << 20, Duration.ofSeconds(10));

    private HistoryWriterChild() {
    }

    static Instant pollTime(long poll) {
        return START.plusSeconds(poll);
    }

    static long firstId(long poll) {
        return poll * PER_POLL + 1;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long poll = Long.parseLong(args[1]);
        try (HistoryStore h = HistoryStore.open(dir, SETTINGS)) {
            System.out.println("open " + h.lastConnectionId());
            System.out.flush();
            for (; ; poll++) {
                Instant at = pollTime(poll);
                List<TrackedConnection> cs = new ArrayList<>();
                List<TrafficDelta> ds = new ArrayList<>();
                for (int i = 0; i < PER_POLL; i++) {
                    long id = firstId(poll) + i;
                    Connection c = Samples.socket("prog" + i, "192.0.2." + (i + 1), "h" + i + ".example", at, at,
                            id, id);
                    cs.add(new TrackedConnection(id, c, i % 2 == 0 ? at : null));
                    ds.add(new TrafficDelta(id, at, id, 2 * id));
                }
                List<FindingState> fs = poll % 10 == 0 ? List.of(Samples.finding(poll / 10 + 1, "beacon",
                        Severity.MEDIUM, cs.getFirst().connection(), at, List.of(firstId(poll)))) : List.of();
                h.write(new HistoryBatch(at, cs, ds, fs));
                System.out.println("committed " + poll);
                System.out.flush();
            }
        }
    }
}
