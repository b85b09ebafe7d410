package org.connwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.store.Samples.T0;
import static org.connwatch.store.Samples.asStored;
import static org.connwatch.store.Samples.batch;
import static org.connwatch.store.Samples.finding;
import static org.connwatch.store.Samples.flow;
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

class HistoryStoreTest {

    @TempDir
    Path dir;

    private static ConnectionQuery all(Instant from, Instant to) {
        return new ConnectionQuery(from, to, null, null, null, null, false, 1000);
    }

    @Test
    void aConnectionComesBackAsWrittenLessTheMomentsTcpFigures() {
        Connection firefox = socket("firefox", "93.184.216.34", "example.com", T0, T0.plusSeconds(5), 1200, 56000);
        Connection sensor = flow("2001:db8::7", T0.plusSeconds(1), T0.plusSeconds(2));
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            assertThat(h.schemaVersionAtOpen()).isZero();
            h.write(batch(T0.plusSeconds(5), List.of(tracked(1, firefox),
                    new TrackedConnection(2, sensor, T0.plusSeconds(2))), List.of(), List.of()));
            assertThat(h.connection(1)).hasValue(new TrackedConnection(1, asStored(firefox), null));
            assertThat(h.connection(2)).hasValue(new TrackedConnection(2, sensor, T0.plusSeconds(2)));
            assertThat(h.connection(3)).isEmpty();
            assertThat(h.lastConnectionId()).isEqualTo(2);
        }
    }

    @Test
    void rewritingAConnectionKeepsOneRowInItsLatestForm() {
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            Connection c = socket("curl", "198.51.100.7", "api.example.net", T0, T0.plusSeconds(1), 10, 20);
            h.write(batch(T0.plusSeconds(1), List.of(tracked(7, c)), List.of(), List.of()));
            Connection later = socket("curl", "198.51.100.7", "api.example.net", T0, T0.plusSeconds(9), 500, 900);
            h.write(batch(T0.plusSeconds(9), List.of(new TrackedConnection(7, later, T0.plusSeconds(9))), List.of(),
                    List.of()));
            List<TrackedConnection> rows = h.connections(all(T0, T0.plusSeconds(60)));
            assertThat(rows).containsExactly(new TrackedConnection(7, asStored(later), T0.plusSeconds(9)));
            assertThat(h.stats().connections()).isEqualTo(1);
        }
    }

    @Test
    void queriesFilterByProgramHostRemoteFindingAndOpenAndComeNewestFirst() {
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            List<TrackedConnection> cs = List.of(
                    tracked(1, socket("firefox", "93.184.216.34", "example.com", T0, T0.plusSeconds(10), 1, 1)),
                    tracked(2, socket("ssh", "203.0.113.9", "bastion.corp.example", T0, T0.plusSeconds(20), 1, 1)),
                    new TrackedConnection(3, flow("198.51.100.80", T0.plusSeconds(5), T0.plusSeconds(30)),
                            T0.plusSeconds(30)),
                    tracked(4, socket("FireFox-ESR", "93.184.216.35", "a_b%c.example", T0, T0.plusSeconds(40), 1, 1)));
            FindingState beacon = finding(1, "beacon", Severity.HIGH, cs.get(1).connection(), T0.plusSeconds(20),
                    List.of(2L));
            h.write(batch(T0.plusSeconds(40), cs, List.of(), List.of(beacon)));
            Instant end = T0.plusSeconds(60);
            assertThat(ids(h.connections(all(T0, end)))).containsExactly(4L, 3L, 2L, 1L);
            assertThat(ids(h.connections(new ConnectionQuery(T0, end, "firefox", null, null, null, false, 10))))
                    .containsExactly(4L, 1L);
            assertThat(ids(h.connections(new ConnectionQuery(T0, end, "/usr/bin/ssh", null, null, null, false, 10))))
                    .containsExactly(2L);
            assertThat(ids(h.connections(new ConnectionQuery(T0, end, null, "laptop", null, null, false, 10))))
                    .containsExactly(3L);
            assertThat(ids(h.connections(new ConnectionQuery(T0, end, null, null, "TLS.example", null, false, 10))))
                    .containsExactly(3L);
            assertThat(ids(h.connections(new ConnectionQuery(T0, end, null, null, "93.184.216", null, false, 10))))
                    .containsExactly(4L, 1L);
            // % and _ are matched as themselves, not as wildcards
            assertThat(ids(h.connections(new ConnectionQuery(T0, end, null, null, "a_b%c", null, false, 10))))
                    .containsExactly(4L);
            assertThat(ids(h.connections(new ConnectionQuery(T0, end, null, null, "ab%", null, false, 10)))).isEmpty();
            assertThat(ids(h.connections(new ConnectionQuery(T0, end, null, null, null, "beacon", false, 10))))
                    .containsExactly(2L);
            assertThat(ids(h.connections(new ConnectionQuery(T0, end, null, null, null, null, true, 10))))
                    .containsExactly(4L, 2L, 1L);
            // the life must overlap the range
            assertThat(ids(h.connections(all(T0.plusSeconds(25), end)))).containsExactly(4L, 3L);
            assertThat(ids(h.connections(new ConnectionQuery(T0, end, null, null, null, null, false, 2))))
                    .containsExactly(4L, 3L);
        }
    }

    @Test
    void trafficChartFromTheRollupEqualsTheChartFromTheDeltas() {
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            Connection a = socket("firefox", "93.184.216.34", "example.com", T0, T0.plusSeconds(600), 0, 0);
            Connection b = socket("ssh", "203.0.113.9", "bastion", T0, T0.plusSeconds(600), 0, 0);
            h.write(batch(T0, List.of(tracked(1, a), tracked(2, b)), List.of(), List.of()));
            for (int s = 1; s <= 600; s++) {
                Instant at = T0.plusSeconds(s);
                h.write(batch(at, List.of(), List.of(new TrafficDelta(1, at, s, 2L * s),
                        new TrafficDelta(2, at, 1, 0)), List.of()));
            }
            Instant end = T0.plusSeconds(660);
            List<TrafficBucket> minutes = h.traffic(T0, end, Duration.ofMinutes(1), null);
            assertThat(minutes).hasSize(11);
            long expectFirst = 0;
            for (int s = 1; s < 60; s++) {
                expectFirst += s + 1;
            }
            assertThat(minutes.getFirst()).isEqualTo(new TrafficBucket(T0, expectFirst, 2 * (expectFirst - 59)));
            assertThat(minutes.getLast()).isEqualTo(new TrafficBucket(T0.plusSeconds(600), 600 + 1, 1200));
            // a step under a minute reads the deltas: summed to minutes they are the same
            List<TrafficBucket> seconds = h.traffic(T0, end, Duration.ofSeconds(10), null);
            assertThat(seconds).hasSize(66);
            for (int m = 0; m < 11; m++) {
                long sent = 0;
                long received = 0;
                for (TrafficBucket b10 : seconds.subList(m * 6, m * 6 + 6)) {
                    sent += b10.bytesSent();
                    received += b10.bytesReceived();
                }
                assertThat(new TrafficBucket(minutes.get(m).start(), sent, received)).isEqualTo(minutes.get(m));
            }
            // a filter the rollup holds (program) and one it does not (host) give the same here
            ConnectionQuery ssh = new ConnectionQuery(T0, end, "ssh", null, null, null, false, 10);
            ConnectionQuery sshByHost = new ConnectionQuery(T0, end, "ssh", "192.168.1.10", null, null, false, 10);
            assertThat(h.traffic(T0, end, Duration.ofMinutes(5), ssh))
                    .isEqualTo(h.traffic(T0, end, Duration.ofMinutes(5), sshByHost))
                    .extracting(TrafficBucket::bytesSent).containsExactly(299L, 300L, 1L);
            assertThat(h.trafficOf(2, 1000)).hasSize(600).first()
                    .isEqualTo(new TrafficDelta(2, T0.plusSeconds(1), 1, 0));
            assertThat(h.trafficOf(2, 5)).hasSize(5);
        }
    }

    @Test
    void usagePerProgramAndPerRemoteMostBytesFirst() {
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            Connection a = socket("firefox", "93.184.216.34", "example.com", T0, T0.plusSeconds(60), 0, 0);
            Connection b = socket("firefox", "203.0.113.9", "other.example", T0, T0.plusSeconds(60), 0, 0);
            Connection c = socket("ssh", "203.0.113.9", "other.example", T0, T0.plusSeconds(60), 0, 0);
            h.write(batch(T0.plusSeconds(1), List.of(tracked(1, a), tracked(2, b), tracked(3, c)),
                    List.of(new TrafficDelta(1, T0.plusSeconds(1), 100, 1000), new TrafficDelta(2, T0.plusSeconds(1), 5, 5),
                            new TrafficDelta(3, T0.plusSeconds(1), 7000, 7)), List.of()));
            assertThat(h.usage(T0, T0.plusSeconds(3600), UsageGroup.PROGRAM, 10)).containsExactly(
                    new Usage("ssh", "/usr/bin/ssh", 7000, 7, 1), new Usage("firefox", "/usr/bin/firefox", 105, 1005, 2));
            assertThat(h.usage(T0, T0.plusSeconds(3600), UsageGroup.REMOTE, 1)).containsExactly(
                    new Usage("203.0.113.9", "other.example", 7005, 12, 2));
            assertThat(h.usage(T0.plusSeconds(120), T0.plusSeconds(3600), UsageGroup.REMOTE, 10)).isEmpty();
            // a long window reads the hourly rollup: the same figures
            assertThat(h.usage(T0.minus(Duration.ofDays(7)), T0.plusSeconds(3600), UsageGroup.PROGRAM, 10))
                    .isEqualTo(h.usage(T0, T0.plusSeconds(3600), UsageGroup.PROGRAM, 10));
        }
    }

    @Test
    void findingsComeBackWorstFirstWithTheirConnectionsAndUpdatesReplaceThem() {
        Connection c = socket("nc", "203.0.113.66", "evil.example", T0, T0.plusSeconds(5), 1, 1);
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            FindingState low = finding(1, "new-destination", Severity.LOW, c, T0.plusSeconds(5), List.of(1L));
            FindingState high = finding(2, "blocklist", Severity.HIGH, c, T0.plusSeconds(5), List.of(1L));
            h.write(batch(T0.plusSeconds(5), List.of(tracked(1, c)), List.of(), List.of(low, high)));
            FindingQuery any = new FindingQuery(T0, T0.plusSeconds(60), null, Set.of(), 10);
            assertThat(h.findings(any)).extracting(FindingState::id).containsExactly(2L, 1L);
            assertThat(h.finding(2).orElseThrow().latest().connections()).containsExactly(asStored(c));
            FindingState acked = high.withStatus(FindingStatus.ACKNOWLEDGED, "my <b>note</b>");
            h.write(batch(T0.plusSeconds(6), List.of(), List.of(), List.of(acked)));
            assertThat(h.finding(2).orElseThrow().status()).isEqualTo(FindingStatus.ACKNOWLEDGED);
            assertThat(h.finding(2).orElseThrow().note()).isEqualTo("my <b>note</b>");
            assertThat(h.findings(new FindingQuery(T0, T0.plusSeconds(60), null, Set.of(FindingStatus.OPEN), 10)))
                    .extracting(FindingState::id).containsExactly(1L);
            assertThat(h.findings(new FindingQuery(T0, T0.plusSeconds(60), "blocklist", Set.of(), 10)))
                    .extracting(FindingState::id).containsExactly(2L);
            assertThat(h.lastFindingId()).isEqualTo(2);
            assertThat(h.stats().findings()).isEqualTo(2);
        }
    }

    @Test
    void idsAndDataSurviveAReopen() {
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            h.write(batch(T0, List.of(tracked(41, socket("a", "192.0.2.1", "x", T0, T0, 0, 0))), List.of(), List.of()));
        }
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            assertThat(h.schemaVersionAtOpen()).isEqualTo(Migrations.builtIn().latest());
            assertThat(h.lastConnectionId()).isEqualTo(41);
            assertThat(h.connection(41)).isPresent();
            assertThat(h.checkIntegrity()).isEqualTo("ok");
        }
    }

    @Test
    void hostileTextIsKeptRawButCut() {
        String name = "<img src=x onerror=alert(1)>\u0000\u202e" + "x".repeat(5000);
        Connection c = socket(name, "192.0.2.1", name, T0, T0, 0, 0);
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            h.write(batch(T0, List.of(tracked(1, c)), List.of(), List.of()));
            Connection back = h.connection(1).orElseThrow().connection();
            assertThat(back.process().name()).hasSize(TextBounds.NAME).startsWith("<img src=x onerror=alert(1)>\u0000\u202e");
            assertThat(back.enrichment().remoteDomain()).isEqualTo(back.process().name());
            assertThat(back.process().commandLine()).hasSize(TextBounds.COMMAND_LINE);
        }
    }

    @Test
    void deltasOfUnknownConnectionsAreCountedAndSkipped() {
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            h.write(batch(T0, List.of(), List.of(new TrafficDelta(99, T0, 1, 1)), List.of()));
            assertThat(h.trafficOf(99, 10)).isEmpty();
            assertThat(h.skippedRows()).isEqualTo(1);
        }
    }

    @Test
    void queriesAreBounded() {
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            assertThatThrownBy(() -> h.trafficOf(1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> h.traffic(T0, T0.plus(Duration.ofDays(30)), Duration.ofSeconds(1), null))
                    .hasMessageContaining("at most 100000 steps");
            assertThatThrownBy(() -> h.usage(T0, T0.plusSeconds(1), UsageGroup.PROGRAM, 100_001))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<Long> ids(List<TrackedConnection> cs) {
        List<Long> out = new ArrayList<>();
        cs.forEach(c -> out.add(c.id()));
        return out;
    }
}
