package org.connwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.store.Samples.T0;
import static org.connwatch.store.Samples.batch;
import static org.connwatch.store.Samples.finding;
import static org.connwatch.store.Samples.socket;
import static org.connwatch.store.Samples.tracked;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.connwatch.detect.Severity;
import org.connwatch.records.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    @TempDir
    Path dir;

    @Test
    void recordsOlderThanTheAgeLimitGoAndIdsKeepGrowing() {
        Instant old = T0;
        Instant recent = T0.plus(Duration.ofDays(35));
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            Connection a = socket("old", "192.0.2.1", "old.example", old, old.plusSeconds(1), 1, 1);
            Connection b = socket("new", "192.0.2.2", "new.example", recent, recent.plusSeconds(1), 1, 1);
            h.write(batch(old.plusSeconds(1), List.of(tracked(1, a)), List.of(new TrafficDelta(1, old.plusSeconds(1), 5, 5)),
                    List.of(finding(1, "beacon", Severity.LOW, a, old, List.of(1L)))));
            // the write at +35 d runs retention (it is due): everything of T0 is past 30 days
            h.write(batch(recent.plusSeconds(1), List.of(tracked(2, b)),
                    List.of(new TrafficDelta(2, recent.plusSeconds(1), 7, 7)),
                    List.of(finding(2, "beacon", Severity.LOW, b, recent, List.of(2L)))));
            assertThat(h.connection(1)).isEmpty();
            assertThat(h.trafficOf(1, 10)).isEmpty();
            assertThat(h.finding(1)).isEmpty();
            assertThat(h.connection(2)).isPresent();
            assertThat(h.findings(new FindingQuery(old, recent.plusSeconds(9), null, Set.of(), 10))).hasSize(1);
            assertThat(h.usage(old, recent.plusSeconds(60), UsageGroup.PROGRAM, 10)).extracting(Usage::key)
                    .containsExactly("new");
            RetentionReport again = h.retain(recent.plus(Duration.ofDays(31)));
            assertThat(again.connections()).isEqualTo(1);
            assertThat(again.deltas()).isEqualTo(1);
            assertThat(again.findings()).isEqualTo(1);
            assertThat(h.stats()).isEqualTo(new StoreStats(0, 0, h.stats().bytesOnDisk(), null));
        }
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            assertThat(h.lastConnectionId()).isEqualTo(2);
            assertThat(h.lastFindingId()).isEqualTo(2);
        }
    }

    @Test
    void overTheByteCapTheOldestGoFirstUntilItFits() {
        long cap = 2L << 20;
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS.withMaxBytes(cap))) {
            long id = 0;
            // an hour of a busy poll: 30 connections a second, each with a delta, about 8 MB in all
            for (int s = 0; s < 3600; s += 10) {
                Instant at = T0.plusSeconds(s);
                List<TrackedConnection> cs = new ArrayList<>();
                List<TrafficDelta> ds = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    id++;
                    cs.add(tracked(id, socket("p" + i, "192.0.2." + (i + 1), "h" + i + ".example", at, at, 1, 1)));
                    ds.add(new TrafficDelta(id, at, 100, 1000));
                }
                h.write(batch(at, cs, ds, List.of()));
            }
            long before = h.stats().connections();
            RetentionReport r = h.retain(T0.plusSeconds(3600));
            assertThat(r.bytesAfter()).isLessThanOrEqualTo(cap);
            // and only about what it must: the newest three quarters of the cap stay
            assertThat(r.bytesAfter()).isGreaterThan(cap * 3 / 4);
            assertThat(r.bytesBefore()).isGreaterThan(cap);
            assertThat(r.connections()).isPositive();
            assertThat(h.stats().connections()).isEqualTo(before - r.connections());
            // what is left is the newest: the oldest kept is later than everything deleted
            assertThat(h.connection(id)).isPresent();
            assertThat(h.connection(1)).isEmpty();
            Instant oldestKept = h.stats().oldest();
            assertThat(oldestKept).isAfterOrEqualTo(r.cutoff());
            assertThat(h.stats().bytesOnDisk()).isLessThan(r.bytesBefore() + (64L << 20));
            assertThat(h.checkIntegrity()).isEqualTo("ok");
        }
    }

    @Test
    void aShortHistoryJustOverTheCapLosesOnlyItsOldestPart() {
        // two minutes of polls, 20 connections a second; then a cap of 80 % of what they take
        long used;
        long id = 0;
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            for (int s = 0; s < 120; s++) {
                Instant at = T0.plusSeconds(s);
                List<TrackedConnection> cs = new ArrayList<>();
                List<TrafficDelta> ds = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    id++;
                    cs.add(tracked(id, socket("p" + i, "192.0.2." + (i + 1), "h" + i + ".example", at, at, 1, 1)));
                    ds.add(new TrafficDelta(id, at, 100, 1000));
                }
                h.write(batch(at, cs, ds, List.of()));
            }
            used = h.retain(T0.plusSeconds(120)).bytesAfter();
        }
        long cap = used * 4 / 5;
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS.withMaxBytes(cap))) {
            RetentionReport r = h.retain(T0.plusSeconds(120));
            assertThat(r.bytesAfter()).isLessThanOrEqualTo(cap).isGreaterThan(cap * 3 / 4);
            // the last minute is whole
            for (long newest = id - 60 * 20 + 1; newest <= id; newest++) {
                assertThat(h.connection(newest)).as("connection %d", newest).isPresent();
            }
            assertThat(r.cutoff()).isBefore(T0.plusSeconds(60));
        }
    }
}
