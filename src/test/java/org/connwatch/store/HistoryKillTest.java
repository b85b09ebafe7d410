package org.connwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9, for real: a child JVM ({@link HistoryWriterChild}) writes polls to a history as fast as it can
 * (retention by size running every ten polls), and is sent SIGKILL at a random moment, several times over on
 * the same file. After each kill the history must open, pass SQLite's integrity check, and hold every poll the
 * child said it had committed (the latest ones: older ones retention may have deleted), with its traffic.
 * One more round kills a child that is upgrading a version-1 file.
 */
class HistoryKillTest {

    @TempDir
    Path dir;

    private final Random random = new Random();

    @Test
    void committedPollsSurviveSigkillAtRandomMoments() throws Exception {
        long nextPoll = 0;
        for (int round = 0; round < 6; round++) {
            long lastCommitted = runAndKill(nextPoll, 150 + random.nextInt(1500));
            assertThat(lastCommitted).as("round %d committed something", round).isGreaterThanOrEqualTo(nextPoll);
            try (HistoryStore h = HistoryStore.open(dir, HistoryWriterChild.SETTINGS)) {
                assertThat(h.checkIntegrity()).isEqualTo("ok");
                assertThat(h.lastConnectionId()).isGreaterThanOrEqualTo(HistoryWriterChild.firstId(lastCommitted)
                        + HistoryWriterChild.PER_POLL - 1);
                for (long p = Math.max(nextPoll, lastCommitted - 10); p <= lastCommitted; p++) {
                    for (int i = 0; i < HistoryWriterChild.PER_POLL; i++) {
                        long id = HistoryWriterChild.firstId(p) + i;
                        assertThat(h.connection(id)).as("poll %d connection %d after round %d", p, id, round)
                                .isPresent();
                        assertThat(h.trafficOf(id, 10)).containsExactly(
                                new TrafficDelta(id, HistoryWriterChild.pollTime(p), id, 2 * id));
                    }
                }
                nextPoll = h.lastConnectionId() / HistoryWriterChild.PER_POLL;
            }
        }
    }

    @Test
    void aKillDuringTheUpgradeOfAVersion1FileLeavesItWholeAtOneVersion() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path d = dir.resolve("v1-" + round);
            java.nio.file.Files.createDirectories(d);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + HistoryStore.file(d))) {
                new Migrations("migrations/", 1).apply(c, d, 1L);
            }
            Process child = start(d, 0);
            // the JVM starts in a few hundred ms; the upgrade is one of its first things
            Thread.sleep(100 + random.nextInt(600));
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + HistoryStore.file(d))) {
                assertThat(Migrations.version(c)).isIn(1, Migrations.builtIn().latest());
            }
            try (HistoryStore h = HistoryStore.open(d, HistoryWriterChild.SETTINGS)) {
                assertThat(h.checkIntegrity()).isEqualTo("ok");
            }
        }
    }

    /** Starts a child at {@code firstPoll}, kills it {@code afterMs} after its first commit; the last poll it committed. */
    private long runAndKill(long firstPoll, long afterMs) throws Exception {
        Process child = start(dir, firstPoll);
        List<String> lines = new ArrayList<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // killed
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (lines) {
            while (lines.stream().noneMatch(l -> l.startsWith("committed")) && System.nanoTime() < deadline
                    && child.isAlive()) {
                lines.wait(100);
            }
        }
        assertThat(child.isAlive()).as("the writer runs: %s", new String(child.getErrorStream().readNBytes(
                child.isAlive() ? 0 : 4000), StandardCharsets.UTF_8)).isTrue();
        Thread.sleep(afterMs);
        child.destroyForcibly();   // SIGKILL
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);
        reader.join(10_000);
        long last = -1;
        synchronized (lines) {
            for (String l : lines) {
                if (l.startsWith("committed ")) {
                    last = Long.parseLong(l.substring("committed ".length()));
                }
            }
        }
        return last;
    }

    private static Process start(Path d, long firstPoll) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), HistoryWriterChild.class.getName(), d.toString(),
                Long.toString(firstPoll)));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
