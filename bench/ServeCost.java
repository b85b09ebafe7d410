// The monitor of `connwatch serve`, run alone for the cost benchmark (see bench/run-serve-cost).
//
//   java --enable-native-access=ALL-UNNAMED -cp 'target/connwatch.jar:target/lib/*' bench/ServeCost.java \
//        STATE_DIR SECONDS [--no-history]
//
// Runs what ServeCommand runs: the Linux socket source, the close announcements, the default
// detectors (no policy, no baseline) and the SQLite history (HistoryOpener.STANDARD) in STATE_DIR,
// polling every second for SECONDS. With --no-history the batches go to a history that counts them and
// keeps nothing: the monitor's own cost, without the database's writes.
//
// Prints "ready <pid>" once the monitor polls, then at the end one line of counts.
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.connwatch.baseline.Baseline;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.monitor.DetectionSetup;
import org.connwatch.monitor.Monitor;
import org.connwatch.monitor.MonitorSettings;
import org.connwatch.monitor.MonitorStatus;
import org.connwatch.policy.PolicyDetectors;
import org.connwatch.policy.PolicyEvaluator;
import org.connwatch.policy.PolicyLoader;
import org.connwatch.source.linux.LinuxSocketSource;
import org.connwatch.store.ConnectionQuery;
import org.connwatch.store.FindingQuery;
import org.connwatch.store.FindingState;
import org.connwatch.store.History;
import org.connwatch.store.HistoryBatch;
import org.connwatch.store.HistoryOpener;
import org.connwatch.store.StoreStats;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficBucket;
import org.connwatch.store.TrafficDelta;
import org.connwatch.store.Usage;
import org.connwatch.store.UsageGroup;

public final class ServeCost {

    /** Counts what the monitor writes and keeps nothing: the monitor's cost without a database. */
    static final class CountingHistory implements History {
        long batches;
        long connections;
        long deltas;
        long findings;

        public long lastConnectionId() { return 0; }
        public long lastFindingId() { return 0; }
        public synchronized void write(HistoryBatch b) {
            batches++;
            connections += b.connections().size();
            deltas += b.traffic().size();
            findings += b.findings().size();
        }
        public List<TrackedConnection> connections(ConnectionQuery q) { return List.of(); }
        public Optional<TrackedConnection> connection(long id) { return Optional.empty(); }
        public List<TrafficDelta> trafficOf(long id, int limit) { return List.of(); }
        public List<TrafficBucket> traffic(Instant from, Instant to, Duration step, ConnectionQuery f) { return List.of(); }
        public List<Usage> usage(Instant from, Instant to, UsageGroup by, int limit) { return List.of(); }
        public List<FindingState> findings(FindingQuery q) { return List.of(); }
        public Optional<FindingState> finding(long id) { return Optional.empty(); }
        public StoreStats stats() { return new StoreStats(connections, findings, 0, null); }
        public void close() { }
    }

    public static void main(String[] args) throws Exception {
        Path stateDir = Path.of(args[0]);
        long seconds = Long.parseLong(args[1]);
        boolean keep = args.length < 3 || !args[2].equals("--no-history");
        CountingHistory counting = new CountingHistory();
        History history = keep ? HistoryOpener.STANDARD.open(stateDir, Duration.ofDays(30)) : counting;
        System.out.println("history: " + (keep ? "SQLite in " + stateDir : "none: batches counted, not kept"));
        DetectionSetup setup = new DetectionSetup() {
            public DetectionEngine load() throws java.io.IOException, org.connwatch.policy.PolicyException {
                List<String> notes = new ArrayList<>();
                return PolicyDetectors.engine(PolicyEvaluator.of(PolicyLoader.standard()
                        .loadOrDefaults(Optional.empty(), Map.of())), List.of(), Baseline.EMPTY, notes);
            }

            public Path policyFile() {
                return stateDir.resolve("policy.yaml");
            }
        };
        try (LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults());
             Monitor monitor = Monitor.open(MonitorSettings.defaults(), source, history, setup, Clock.systemUTC(),
                     List.of())) {
            monitor.pollOnce();
            System.out.println("ready " + ProcessHandle.current().pid());
            System.out.flush();
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(Duration.ofSeconds(seconds));
                } catch (InterruptedException e) {
                    return;
                }
                monitor.stop();
            });
            monitor.run();
            MonitorStatus s = monitor.status();
            System.out.printf("polls %d, open %d, followed %d, short-lived %d, findings %d, last poll %d ms; "
                            + "counted (only without a history): %d batches, %d connection rows, %d deltas, %d findings%n",
                    s.polls(), s.openConnections(), s.connectionsSeen(), s.shortLived(), s.findingsRaised(),
                    s.lastPollTook().toMillis(), counting.batches, counting.connections, counting.deltas,
                    counting.findings);
        } finally {
            history.close();
        }
    }
}
