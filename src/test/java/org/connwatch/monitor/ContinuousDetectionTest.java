package org.connwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.detect.Detector;
import org.connwatch.detect.Finding;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.detect.Severity;
import org.connwatch.policy.PolicyEvaluator;
import org.connwatch.policy.PolicyLoader;
import org.connwatch.policy.PolicyReview;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.connwatch.source.Snapshot;
import org.connwatch.source.SnapshotSource;
import org.connwatch.store.FindingState;
import org.connwatch.store.FindingStatus;
import org.connwatch.store.HistoryBatch;
import org.connwatch.store.TrackedConnection;
import org.connwatch.testing.MemoryHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor's detection over scripted snapshots: findings raised once, recurring, acknowledged, allowed, limited. */
class ContinuousDetectionTest {
    private static final Instant T0 = Instant.parse("2026-11-20T03:00:00Z");
    private static final ProcessInfo NC = new ProcessInfo(4242, 1, "nc", "/usr/bin/nc", false, "nc x 4444", 0, "root",
            T0.minusSeconds(60), null);

    @TempDir
    Path dir;

    private final MemoryHistory history = new MemoryHistory();
    private final MutableClock clock = new MutableClock(T0);
    private final ScriptedSource source = new ScriptedSource(clock);
    private final List<String> alerts = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();

    /** Flags every connection to port 4444. */
    record Port4444() implements PerConnectionDetector {
        @Override
        public String id() {
            return "port-4444";
        }

        @Override
        public String description() {
            return "connections to 4444";
        }

        @Override
        public Optional<Finding> inspect(Connection c) {
            return c.remote().port() == 4444 ? Optional.of(Finding.of(id(), Severity.HIGH, 80,
                    "connects to " + c.remote(), c)) : Optional.empty();
        }
    }

    /** Flags a remote address seen in three connections or more: needs the window. */
    record ThreeTimes() implements Detector {
        @Override
        public String id() {
            return "three-times";
        }

        @Override
        public String description() {
            return "three connections to one remote";
        }

        @Override
        public List<Finding> detect(List<Connection> cs) {
            return cs.stream().collect(Collectors.groupingBy(c -> c.remote().address())).values().stream()
                    .filter(g -> g.size() >= 3)
                    .map(g -> new Finding(id(), Severity.MEDIUM, 50, "three times to " + g.get(0).remote().ip(), g,
                            g.get(g.size() - 1).lastSeen())).toList();
        }
    }

    private Monitor monitor(MonitorSettings settings) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        DetectionSetup setup = new DetectionSetup() {
            @Override
            public DetectionEngine load() throws java.io.IOException, org.connwatch.policy.PolicyException {
                loads.incrementAndGet();
                PolicyEvaluator evaluator = PolicyEvaluator.of(Files.exists(policy)
                        ? PolicyLoader.standard().load(policy) : PolicyLoader.standard().parse("version: 1\n", policy));
                return new DetectionEngine(List.of(new Port4444(), new ThreeTimes()), new PolicyReview(evaluator));
            }

            @Override
            public Path policyFile() {
                return policy;
            }
        };
        Monitor m = Monitor.open(settings.withCloseEvents(false), source, history, setup, clock, List.of());
        m.addListener((s, isNew) -> alerts.add((isNew ? "new " : "again ") + s.key() + " #" + s.occurrences()));
        return m;
    }

    private static Connection to(int localPort, String remote, int remotePort, long cookie, long sent) {
        return new Connection(ObserverType.SOCKET, Transport.TCP, ConnectionState.ESTABLISHED,
                Endpoint.of("10.0.0.5", localPort), Endpoint.of(remote, remotePort), Direction.UNKNOWN,
                Traffic.ofBytes(sent, 0), T0, T0, NC, new SocketDetails(99, 0, 0, 0, null, cookie), Enrichment.NONE);
    }

    private void pollAt(Duration after, Connection... snapshot) {
        clock.set(T0.plus(after));
        source.next = List.of(snapshot);
        monitorUnderTest.pollOnce();
    }

    private Monitor monitorUnderTest;

    @Test
    void aFindingIsRaisedOnceUpdatedWhileItLastsAndCountedAgainWhenItRecurs() throws Exception {
        monitorUnderTest = monitor(MonitorSettings.defaults());
        pollAt(Duration.ZERO, to(40000, "203.0.113.5", 4444, 1, 10));
        pollAt(Duration.ofSeconds(1), to(40000, "203.0.113.5", 4444, 1, 20));
        pollAt(Duration.ofSeconds(2), to(40000, "203.0.113.5", 4444, 1, 30));
        assertThat(alerts).containsExactly("new port-4444|/usr/bin/nc|tcp 203.0.113.5:4444 #1");
        assertThat(history.allFindings()).singleElement().satisfies(f -> assertThat(f.occurrences()).isEqualTo(1));

        // Ten minutes later the program connects there again, from another port.
        pollAt(Duration.ofMinutes(10), to(40100, "203.0.113.5", 4444, 2, 5));
        assertThat(alerts).containsExactly("new port-4444|/usr/bin/nc|tcp 203.0.113.5:4444 #1",
                "again port-4444|/usr/bin/nc|tcp 203.0.113.5:4444 #2");
        FindingState f = history.allFindings().get(0);
        assertThat(history.allFindings()).hasSize(1);
        assertThat(f.occurrences()).isEqualTo(2);
        assertThat(f.firstSeen()).isEqualTo(T0);
        assertThat(f.lastSeen()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(f.connectionIds()).hasSize(2).first().isEqualTo(idOfLocalPort(40100));
        assertThat(monitorUnderTest.status().findingsRaised()).isEqualTo(1);
    }

    @Test
    void anAcknowledgedFindingThatRecursStaysAcknowledgedAndAlertsNoMore() throws Exception {
        monitorUnderTest = monitor(MonitorSettings.defaults());
        pollAt(Duration.ZERO, to(40000, "203.0.113.5", 4444, 1, 10));
        long id = history.allFindings().get(0).id();
        assertThat(monitorUnderTest.acknowledge(id, "it is my test")).hasValueSatisfying(
                s -> assertThat(s.status()).isEqualTo(FindingStatus.ACKNOWLEDGED));
        pollAt(Duration.ofMinutes(10), to(40100, "203.0.113.5", 4444, 2, 5));
        assertThat(alerts).hasSize(1);
        FindingState f = history.finding(id).orElseThrow();
        assertThat(f.status()).isEqualTo(FindingStatus.ACKNOWLEDGED);
        assertThat(f.note()).isEqualTo("it is my test");
        assertThat(f.occurrences()).isEqualTo(2);
        assertThat(monitorUnderTest.acknowledge(12345, "no such")).isEmpty();
    }

    @Test
    void allowingAFindingWritesTheRuleAndTheSameConnectionsRaiseNothingMore() throws Exception {
        monitorUnderTest = monitor(MonitorSettings.defaults());
        pollAt(Duration.ZERO, to(40000, "203.0.113.5", 4444, 1, 10));
        long id = history.allFindings().get(0).id();
        assertThat(monitorUnderTest.allow(id, "my own listener")).hasValueSatisfying(
                s -> assertThat(s.status()).isEqualTo(FindingStatus.ALLOWED));
        assertThat(loads).hasValue(2);
        assertThat(Files.readString(dir.resolve("policy.yaml"))).contains("id: serve-finding-" + id)
                .contains("action: allow").contains("process.executable: \"/usr/bin/nc\"")
                .contains("remote.ip: \"203.0.113.5\"").contains("destination.port: \"4444\"");
        pollAt(Duration.ofMinutes(10), to(40100, "203.0.113.5", 4444, 2, 5));
        assertThat(history.finding(id).orElseThrow().occurrences()).as("no recurrence: the policy allows it now")
                .isEqualTo(1);
        assertThat(history.allFindings()).hasSize(1);
        assertThat(alerts).hasSize(1);
    }

    @Test
    void aFloodIsHeldBackByTheRateLimitButEveryFindingIsStored() throws Exception {
        monitorUnderTest = monitor(MonitorSettings.defaults().withAlertLimits(8, Duration.ofSeconds(10), 5,
                Duration.ofMinutes(1)));
        List<Connection> flood = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            flood.add(to(41000 + i, "198.51.100." + (i + 1), 4444, 100 + i, 1));
        }
        pollAt(Duration.ZERO, flood.toArray(Connection[]::new));
        assertThat(alerts).hasSize(5);
        assertThat(history.allFindings()).hasSize(50);
        assertThat(monitorUnderTest.status().alertsSuppressed()).isEqualTo(45);
        assertThat(monitorUnderTest.status().findingsRaised()).isEqualTo(50);

        // A minute on, the detector's bucket has one token again.
        List<Connection> more = new ArrayList<>(flood);
        more.add(to(42000, "192.0.2.1", 4444, 999, 1));
        pollAt(Duration.ofSeconds(61), more.toArray(Connection[]::new));
        assertThat(alerts).hasSize(6).last().asString().contains("192.0.2.1");
    }

    @Test
    void theDetectorsThatNeedHistorySeeWhatTheHistoryKeptFromBeforeARestart() throws Exception {
        List<TrackedConnection> earlier = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Connection c = to(43000 + i, "192.0.2.77", 443, 500 + i, 10);
            earlier.add(new TrackedConnection(i, new Connection(c.observer(), c.transport(), c.state(), c.local(),
                    c.remote(), Direction.OUTBOUND, c.traffic(), T0.minusSeconds(600), T0.minusSeconds(590), NC,
                    c.socket(), c.enrichment()), T0.minusSeconds(590)));
        }
        history.write(new HistoryBatch(T0.minusSeconds(590), earlier, List.of(), List.of()));
        monitorUnderTest = monitor(MonitorSettings.defaults());
        pollAt(Duration.ZERO, to(43010, "192.0.2.77", 443, 510, 10));
        assertThat(alerts).containsExactly("new three-times|/usr/bin/nc|192.0.2.77 #1");
        assertThat(history.allFindings().get(0).connectionIds()).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(idOfLocalPort(43010)).as("ids continue after the history's").isEqualTo(3);
    }

    private long idOfLocalPort(int port) {
        return history.allConnections().stream().filter(t -> t.connection().local().port() == port)
                .mapToLong(TrackedConnection::id).findFirst().orElseThrow();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Hands out the snapshot the test set, stamped with the test's clock. */
    static final class ScriptedSource implements SnapshotSource {
        private final Clock clock;
        List<Connection> next = List.of();

        ScriptedSource(Clock clock) {
            this.clock = clock;
        }

        @Override
        public Snapshot snapshot() {
            Instant now = clock.instant();
            return new Snapshot(now, next.stream().map(c -> new Connection(c.observer(), c.transport(), c.state(),
                    c.local(), c.remote(), c.direction(), c.traffic(), now, now, c.process(), c.socket(),
                    c.enrichment())).toList(), List.of());
        }

        @Override
        public String description() {
            return "a script";
        }

        @Override
        public void close() {
        }
    }
}
