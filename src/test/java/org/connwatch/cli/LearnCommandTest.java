package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.connwatch.baseline.Actor;
import org.connwatch.baseline.Baseline;
import org.connwatch.baseline.BaselineDetectors;
import org.connwatch.baseline.BaselineStore;
import org.connwatch.baseline.Destination;
import org.connwatch.baseline.Listener;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.detect.Finding;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;
import org.connwatch.source.zeek.ZeekConnLog;
import org.connwatch.store.HistoryBatch;
import org.connwatch.store.HistoryStore;
import org.connwatch.store.StoreSettings;
import org.connwatch.store.TrackedConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connwatch learn} from a Zeek conn.log written by the test, and from one live snapshot. */
class LearnCommandTest {
    private static final String HEADER = String.join("\n",
            "#separator \\x09",
            "#set_separator\t,",
            "#empty_field\t(empty)",
            "#unset_field\t-",
            "#path\tconn",
            "#open\t2026-11-20-09-00-00",
            "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes"
                    + "\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts"
                    + "\torig_ip_bytes"
                    + "\tresp_pkts\tresp_ip_bytes\ttunnel_parents",
            "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool"
                    + "\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]");
    private static final double T0 = 1_795_165_200.0; // 2026-11-20 09:00 UTC

    private static String line(double ts, String orig, String resp, int rport, String proto, String localResp) {
        return String.format(Locale.ROOT, "%.6f\tC%08x\t%s\t%d\t%s\t%d\t%s\t-\t1.000000\t100\t200\tSF\tT\t%s\t0"
                + "\tShADadFf\t3\t300\t3\t400\t-", ts, (long) ts, orig, 40000 + rport % 1000, resp, rport, proto,
                localResp);
    }

    private static Path connLog(Path dir, String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, HEADER + "\n" + String.join("\n", lines) + "\n#close\t2026-11-21-09-00-00\n");
        return file;
    }

    private static Path normalDay(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(line(T0 + i * 3600, "10.0.0.5", "198.51.100." + (i % 3 + 1), 443, "tcp", "F"));
            lines.add(line(T0 + i * 3600 + 5, "10.0.0.5", "10.0.0.1", 53, "udp", "T"));
            lines.add(line(T0 + i * 3600 + 9, "10.0.0.6", "203.0.113.7", 443, "tcp", "F"));
        }
        lines.add(line(T0 + 86_400, "10.0.0.5", "127.0.0.1", 8080, "tcp", "T"));
        return connLog(dir, "day1.log", lines);
    }

    @Test
    void learnsFromAConnLogIntoTheStateDirAndTheDetectorsThenFlagWhatIsNew(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("state");
        Cli run = Cli.run("learn", "--state-dir", state.toString(), "--from", normalDay(dir).toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Learned 60 connections from " + dir.resolve("day1.log"))
                .contains("The baseline now holds 2 actors, 3 destinations, 0 listeners and 0 executables, from 60"
                        + " connections seen 2026-11-20 09:00 to 2026-11-21 04:00 UTC.")
                .contains("Saved to " + state.resolve("baseline.json") + ".");
        Baseline b = new BaselineStore(state).load().orElseThrow();
        assertThat(b.actors().get(new Actor(null, "10.0.0.5")).destinations()).containsExactly(
                new Destination("198.51.100.0/24", null, Transport.TCP, 443),
                new Destination("10.0.0.0/24", null, Transport.UDP, 53));

        Path day2 = connLog(dir, "day2.log", List.of(
                line(T0 + 200_000, "10.0.0.5", "198.51.100.9", 443, "tcp", "F"),
                line(T0 + 200_100, "10.0.0.5", "192.0.2.66", 4444, "tcp", "F"),
                line(T0 + 200_200, "10.0.0.9", "203.0.113.7", 443, "tcp", "F")));
        List<Connection> records = new ArrayList<>();
        ZeekConnLog.read(List.of(day2), records::add);
        List<Finding> found = new DetectionEngine(BaselineDetectors.all(b)).run(records);
        assertThat(found).extracting(Finding::detector).containsExactly("new-destination", "unknown-program");
        assertThat(found.get(0).reason()).isEqualTo("10.0.0.5 connects to 192.0.2.66:4444 over tcp: it was never"
                + " seen talking to 192.0.2.0/24 or to port 4444 during learning (2026-11-20 09:00 to 2026-11-21"
                + " 04:00 UTC, 60 connections)");
        assertThat(found.get(1).reason()).startsWith("host 10.0.0.9 is a host unknown to the baseline");
    }

    @Test
    void mergesLaterRunsAndResetStartsOver(@TempDir Path dir) throws IOException {
        Path state = dir.resolve("state");
        Path log = normalDay(dir);
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        connLog(logs, "conn.log", List.of(line(T0 + 200_000, "10.0.0.7", "192.0.2.66", 22, "tcp", "F")));
        assertThat(Cli.run("learn", "--state-dir", state.toString(), "--from", log.toString()).exitCode()).isZero();
        Cli merged = Cli.run("learn", "--state-dir", state.toString(), "--from", logs.toString());
        assertThat(merged.exitCode()).as(merged.err()).isZero();
        assertThat(merged.out()).contains("Learned 1 connection from").contains("3 actors")
                .contains("from 61 connections");
        Cli reset = Cli.run("learn", "--reset", "--state-dir", state.toString(), "--from", logs.toString());
        assertThat(reset.out())
                .contains("holds 1 actor, 1 destination, 0 listeners and 0 executables, from 1 connection seen");
        assertThat(new BaselineStore(state).load().orElseThrow().records()).isEqualTo(1);
    }

    @Test
    void aCorruptBaselineFailsNamingTheFileAndResetRecovers(@TempDir Path dir) throws IOException {
        Path log = normalDay(dir);
        Files.writeString(dir.resolve("baseline.json"), "{\"version\": 1, \"records\": ");
        Cli run = Cli.run("learn", "--state-dir", dir.toString(), "--from", log.toString());
        assertThat(run.exitCode()).isEqualTo(Main.FAILURE);
        assertThat(run.err()).startsWith("connwatch learn: baseline " + dir.resolve("baseline.json")
                + " is corrupt or truncated");
        assertThat(Cli.run("learn", "--reset", "--state-dir", dir.toString(), "--from", log.toString()).exitCode())
                .isZero();
    }

    @Test
    void badArgumentsAreUsageErrors(@TempDir Path dir) throws IOException {
        String s = dir.toString();
        Path log = normalDay(dir);
        for (String[] args : List.of(
                new String[] {"learn", "--state-dir", s, "--duration", "soon"},
                new String[] {"learn", "--state-dir", s, "--duration", "0s"},
                new String[] {"learn", "--state-dir", s, "--duration", "10s", "--interval", "0ms"},
                new String[] {"learn", "--state-dir", s, "--interval", "5s"},
                new String[] {"learn", "--state-dir", s, "--from", log.toString(), "--duration", "1m"},
                new String[] {"learn", "--state-dir", s, "--from"},
                new String[] {"learn", "--nonsense"})) {
            Cli run = Cli.run(args);
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(Main.USAGE);
            assertThat(run.err()).startsWith("connwatch learn: ");
        }
        assertThat(Files.exists(dir.resolve("baseline.json"))).isFalse();
        Cli missing = Cli.run("learn", "--state-dir", s, "--from", dir.resolve("missing.log").toString());
        assertThat(missing.exitCode()).isEqualTo(Main.FAILURE);
    }

    @Test
    void learnsFromOneLiveSnapshotOfThisMachine(@TempDir Path dir) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            Cli run = Cli.run("learn", "--state-dir", dir.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("from 1 snapshot of this machine").contains("Saved to "
                    + dir.resolve("baseline.json"));
            Baseline b = new BaselineStore(dir).load().orElseThrow();
            Listener ours = new Listener(Transport.TCP, server.getLocalPort());
            assertThat(b.actors().values()).as(b.actors().toString())
                    .anySatisfy(p -> assertThat(p.listeners()).contains(ours));
            String java = ProcessHandle.current().info().command().orElseThrow();
            assertThat(b.actors().keySet()).extracting(Actor::program).contains(java);
        }
    }

    @Test
    void takesSeveralSnapshotsForADuration(@TempDir Path dir) {
        Cli run = Cli.run("learn", "--state-dir", dir.toString(), "--duration", "1s", "--interval", "300ms");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("from [3-5] snapshots of this machine");
    }

    @Test
    void learnsFromTheHistoryServeKeptTheSameBaselineAsFromTheRecordsThemselves(@TempDir Path dir) throws IOException {
        Path log = normalDay(dir);
        Path viaLog = dir.resolve("via-log");
        assertThat(Cli.run("learn", "--state-dir", viaLog.toString(), "--from", log.toString()).exitCode()).isZero();

        // The same records, as the monitor would have written them into the history of another state dir.
        Path state = dir.resolve("state");
        List<Connection> records = new ArrayList<>();
        ZeekConnLog.read(List.of(log), records::add);
        List<TrackedConnection> tracked = new ArrayList<>();
        for (Connection c : records) {
            tracked.add(new TrackedConnection(tracked.size() + 1, c, c.lastSeen()));
        }
        try (HistoryStore history = HistoryStore.open(state, StoreSettings.DEFAULTS)) {
            history.write(new HistoryBatch(records.getLast().lastSeen(), tracked, List.of(), List.of()));
        }

        Cli run = Cli.run("learn", "--state-dir", state.toString(), "--from-history");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Learned 60 connections from 61 connections of the history in " + state
                + " (2026-11-20 09:00 to ");
        assertThat(new BaselineStore(state).load()).isEqualTo(new BaselineStore(viaLog).load());

        Cli windowed = Cli.run("learn", "--state-dir", state.toString(), "--reset", "--from-history",
                "--since", "2026-11-20T18:30:00Z", "--until", "2026-11-20T21:30:00Z");
        assertThat(windowed.exitCode()).as(windowed.err()).isZero();
        assertThat(windowed.out()).contains("Learned 9 connections from 9 connections of the history");
    }

    @Test
    void learningFromAMissingHistoryOrWithClashingOptionsIsRefusedInOneLine(@TempDir Path dir) {
        Cli none = Cli.run("learn", "--state-dir", dir.toString(), "--from-history");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err().strip()).doesNotContain("\n").startsWith("connwatch learn: no history in " + dir
                + ": 'connwatch serve' (with the same --state-dir) keeps one");
        Cli both = Cli.run("learn", "--state-dir", dir.toString(), "--from-history", "--since", "2h",
                "--duration", "1m");
        assertThat(both.exitCode()).isEqualTo(2);
        Cli sinceAlone = Cli.run("learn", "--state-dir", dir.toString(), "--since", "2h");
        assertThat(sinceAlone.exitCode()).isEqualTo(2);
        assertThat(sinceAlone.err()).contains("need --from-history");
    }
}
