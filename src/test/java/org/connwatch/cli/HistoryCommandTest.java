package org.connwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.connwatch.store.FindingState;
import org.connwatch.store.FindingStatus;
import org.connwatch.store.HistoryBatch;
import org.connwatch.store.HistoryStore;
import org.connwatch.store.StoreSettings;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficDelta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connwatch history} end to end through Main, on a history written by the real store. */
class HistoryCommandTest {

    @TempDir
    Path dir;

    /** Recent enough for the default --since 24h. */
    private final Instant t0 = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private Connection conn(String program, String remote, String domain, int minutes) {
        ProcessInfo p = new ProcessInfo(100 + minutes, 1, program, "/usr/bin/" + program, false, program, 1000, "alice",
                null, null);
        Instant first = t0.plusSeconds(60L * minutes);
        return new Connection(ObserverType.SOCKET, Transport.TCP, ConnectionState.ESTABLISHED,
                Endpoint.of("192.168.1.10", 40000 + minutes), Endpoint.of(remote, 443), Direction.OUTBOUND,
                Traffic.ofBytes(1000L * minutes, 5000L * minutes), first, first.plusSeconds(30), p, null,
                new Enrichment("https", AddressClass.PUBLIC, domain), null);
    }

    @BeforeEach
    void fill() {
        Connection firefox = conn("firefox", "93.184.216.34", "example.com", 1);
        Connection curl = conn("curl", "203.0.113.66", "<img src=x onerror=alert(1)>", 2);
        Connection ssh = conn("ssh", "198.51.100.22", "bastion.example.net", 3);
        Finding beacon = Finding.of("beacon", Severity.HIGH, 80, "curl connects to 203.0.113.66 every 60 s", curl);
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            h.write(new HistoryBatch(t0.plusSeconds(300), List.of(new TrackedConnection(1, firefox, null),
                    new TrackedConnection(2, curl, t0.plusSeconds(150)), new TrackedConnection(3, ssh, null)),
                    List.of(new TrafficDelta(1, t0.plusSeconds(90), 1000, 5000)),
                    List.of(new FindingState(1, "beacon|curl|203.0.113.66", beacon, t0.plusSeconds(150),
                            t0.plusSeconds(150), 3, List.of(2L), FindingStatus.OPEN, ""))));
        }
    }

    @Test
    void tableListsTheConnectionsNewestFirstWithWhenTheyWereLastSeen() {
        Cli r = Cli.run("history", "--state-dir", dir.toString());
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst()).startsWith("LAST SEEN").contains("PROCESS");
        assertThat(lines.get(1)).contains("ssh");
        assertThat(lines.get(2)).contains("curl");
        assertThat(lines.get(3)).contains("firefox");
        assertThat(lines.getLast()).startsWith("3 connections over ");
    }

    @Test
    void filtersByProgramRemoteHostAndFinding() {
        assertThat(Cli.run("history", "--state-dir", dir.toString(), "--program", "fire").out())
                .contains("firefox").doesNotContain("curl").contains("1 connection over");
        assertThat(Cli.run("history", "--state-dir", dir.toString(), "--remote", "bastion").out())
                .contains("ssh").doesNotContain("firefox");
        assertThat(Cli.run("history", "--state-dir", dir.toString(), "--host", "192.168.1.10", "--finding",
                "beacon").out()).contains("curl").doesNotContain("ssh").contains("1 connection over");
        assertThat(Cli.run("history", "--state-dir", dir.toString(), "--remote", "nothing.like.this").out())
                .startsWith("No connections in the history over ");
    }

    @Test
    void jsonIsTheEcsDocumentsOfLsAndCsvHasItsHeader() throws Exception {
        Cli json = Cli.run("history", "--state-dir", dir.toString(), "--format", "json", "--since", "2h");
        assertThat(json.exitCode()).isZero();
        JsonNode docs = new ObjectMapper().readTree(json.out());
        assertThat(docs).hasSize(3);
        assertThat(docs.get(0).at("/process/name").asText()).isEqualTo("ssh");
        assertThat(docs.get(1).at("/destination/domain").asText()).isEqualTo("<img src=x onerror=alert(1)>");
        Cli csv = Cli.run("history", "--state-dir", dir.toString(), "--format", "csv", "--limit", "1");
        assertThat(csv.out().lines().toList()).hasSize(2);
        assertThat(csv.out().lines().findFirst().orElseThrow()).contains("process.name");
    }

    @Test
    void findingsListsTheFindingsInsteadWithTheirReason() throws Exception {
        Cli table = Cli.run("history", "--state-dir", dir.toString(), "--findings");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("beacon").contains("curl connects to 203.0.113.66 every 60 s");
        Cli json = Cli.run("history", "--state-dir", dir.toString(), "--findings", "--format", "json");
        assertThat(new ObjectMapper().readTree(json.out()).at("/findings/0/rule/id").asText()).isEqualTo("beacon");
        Cli csv = Cli.run("history", "--state-dir", dir.toString(), "--findings", "--format", "csv");
        assertThat(csv.out().lines().toList()).containsExactly(
                "id,rule.id,event.severity,event.risk_score,first_seen,last_seen,occurrences,status,message",
                "1,beacon,high,80," + t0.plusSeconds(150) + "," + t0.plusSeconds(150) + ",3,open,"
                        + "curl connects to 203.0.113.66 every 60 s");
        assertThat(Cli.run("history", "--state-dir", dir.toString(), "--findings", "--finding", "blocklist").out())
                .startsWith("No findings");
    }

    @Test
    void aMissingHistorySaysSoInOneLine(@TempDir Path empty) {
        Cli r = Cli.run("history", "--state-dir", empty.resolve("nothing-here").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("No history in " + empty.resolve("nothing-here")
                + ": 'connwatch serve' records one there.\n");
        assertThat(empty.resolve("nothing-here")).doesNotExist();
    }

    @Test
    void badArgumentsAreOneLineAndExit2() {
        Cli since = Cli.run("history", "--state-dir", dir.toString(), "--since", "yesterday");
        assertThat(since.exitCode()).isEqualTo(2);
        assertThat(since.err().lines().toList()).hasSize(1).first().asString()
                .contains("--since 'yesterday' is neither a duration");
        Cli limit = Cli.run("history", "--state-dir", dir.toString(), "--limit", "0");
        assertThat(limit.exitCode()).isEqualTo(2);
        assertThat(limit.err()).contains("--limit 0 is outside 1..100000");
        Cli range = Cli.run("history", "--state-dir", dir.toString(), "--since", "2026-01-02", "--until", "2026-01-01");
        assertThat(range.exitCode()).isEqualTo(2);
        assertThat(range.err()).contains("is not before --until");
    }

    @Test
    void isoTimesAndDurationsNameTheSameRange() {
        Instant now = Instant.parse("2026-11-01T12:00:00Z");
        assertThat(TimeArgument.parse("--since", "2h", now)).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(TimeArgument.parse("--since", "7d", now)).isEqualTo(Instant.parse("2026-10-25T12:00:00Z"));
        assertThat(TimeArgument.parse("--since", "2026-11-01T10:00:00Z", now))
                .isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(TimeArgument.parse("--since", "2026-11-01T11:00+01:00", now))
                .isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
    }
}
