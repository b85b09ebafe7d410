package org.connwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.store.Samples.T0;
import static org.connwatch.store.Samples.batch;
import static org.connwatch.store.Samples.flow;
import static org.connwatch.store.Samples.socket;
import static org.connwatch.store.Samples.tracked;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.connwatch.records.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextIndexTest {

    /** Program names and domains that try to break a LIKE pattern, an FTS5 query or the case folding. */
    private static final List<String> HOSTILE = List.of("100%_done", "a_b%c\\d", "it's \"quoted\" * OR NEAR(x)",
            "ÉCOLE-école", "Straße", "ǅemo", "K-Kelvin\u212A", "日本語のホスト", "emoji-\uD83D\uDE00-host",
            "tab\there", "null\u0000byte", "{program}: col", "CURL", "curl", "cu", "c", "   ", "-- ;DROP TABLE x");

    /** Criteria: each hostile text, pieces of them (1, 2, 3+ characters), case changed, and texts nothing has. */
    private static final List<String> CRITERIA = List.of("100%", "%_d", "_", "%", "\\", "\\d", "it's", "\"quoted\"",
            "\"", "'", "* OR", "NEAR(x)", "école", "ÉCOLE", "ECOLE", "straße", "STRASSE", "ǅ", "ǆemo", "kelvin",
            "\u212A", "日本", "日本語", "\uD83D\uDE00", "-\uD83D\uDE00-", "\t", "tab\th", "\u0000", "l\u0000b",
            "{program}", ": col", "cUrL", "url", "cu", "c", "  ", "   ", "DROP", "example", "192.0.2", "2.1",
            "02:00:00", "laptop", "android", "cdn.example.org", "tls.exa", "10.0.0.5", "nothing-has-this", "ab");

    @TempDir
    Path dir;

    private java.sql.Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + HistoryStore.file(dir));
    }

    private static ConnectionQuery query(String program, String host, String remote, int limit) {
        return new ConnectionQuery(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(40)), program, host, remote,
                null, false, limit);
    }

    /** The ids of the connections whose text contains {@code text}, straight from the index. */
    private static List<Long> indexed(java.sql.Connection db, String text) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT rowid FROM connection_text WHERE connection_text MATCH ? ORDER BY rowid")) {
            ps.setString(1, "\"" + text.replace("\"", "\"\"") + "\"");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static List<Long> ids(List<TrackedConnection> cs) {
        return cs.stream().map(TrackedConnection::id).toList();
    }

    @Test
    void theIndexFindsExactlyWhatThePlainLikeFindsOnHostileText() throws Exception {
        List<TrackedConnection> written = new ArrayList<>();
        long id = 1;
        for (String text : HOSTILE) {
            Instant at = T0.plusSeconds(id * 60);
            written.add(tracked(id++, socket(text, "192.0.2." + id, text + ".example", at, at.plusSeconds(5), 1, 1)));
            written.add(tracked(id++, socket("other", "198.51.100." + id, "plain.example", at, at.plusSeconds(5), 1, 1)));
        }
        written.add(tracked(id, flow("203.0.113.7", T0, T0.plusSeconds(9))));
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            h.write(batch(T0.plusSeconds(3600), written, List.of(), List.of()));
        }
        AtomicLong skipped = new AtomicLong();
        ConnectionReads viaIndex = new ConnectionReads(skipped, true);
        ConnectionReads plain = new ConnectionReads(skipped, false);
        int nonEmpty = 0;
        try (java.sql.Connection db = raw()) {
            for (String text : CRITERIA) {
                for (ConnectionQuery q : List.of(query(text, null, null, 1000), query(null, text, null, 1000),
                        query(null, null, text, 1000), query(text, null, text, 1000), query(null, null, text, 2))) {
                    List<Long> expected = ids(plain.connections(db, q));
                    assertThat(ids(viaIndex.connections(db, q))).as("%s", q).isEqualTo(expected);
                    nonEmpty += expected.isEmpty() ? 0 : 1;
                }
            }
        }
        assertThat(nonEmpty).as("queries that found something").isGreaterThan(100);
        assertThat(skipped).hasValue(0);
    }

    @Test
    void aCommonTextReadsTheTimeRangeAndGivesTheSameNewestPage() throws Exception {
        List<TrackedConnection> written = new ArrayList<>();
        for (int i = 1; i <= TextIndex.COMMON + 500; i++) {
            Instant at = T0.plusSeconds(i);
            written.add(tracked(i, socket(i % 1000 == 0 ? "rare-tool" : "curl", "192.0.2." + i % 200,
                    "h" + i % 300 + ".example", at, at.plusSeconds(i % 7), 1, 1)));
        }
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            h.write(batch(T0.plusSeconds(30_000), written, List.of(), List.of()));
            try (java.sql.Connection db = raw()) {
                assertThat(TextIndex.rare(db, TextIndex.expression(query("curl", null, null, 1)))).isFalse();
                assertThat(TextIndex.rare(db, TextIndex.expression(query("rare-t", null, null, 1)))).isTrue();
                ConnectionReads plain = new ConnectionReads(new AtomicLong(), false);
                for (ConnectionQuery q : List.of(query("curl", null, null, 100), query("CURL", null, "h29", 500),
                        query("rare-t", null, null, 100), new ConnectionQuery(T0.plusSeconds(5000),
                        T0.plusSeconds(5100), "url", null, null, null, false, 1000))) {
                    assertThat(ids(h.connections(q))).as("%s", q).isEqualTo(ids(plain.connections(db, q)))
                            .isNotEmpty();
                }
            }
        }
    }

    @Test
    void aVersion2FileIsIndexedByTheMigrationAndKeepsItsData() throws Exception {
        long t = T0.toEpochMilli();
        try (java.sql.Connection c = raw()) {
            new Migrations("migrations/", 2).apply(c, dir, 1L);
            try (Statement s = c.createStatement()) {
                for (int id = 1; id <= 3; id++) {
                    s.execute("INSERT INTO connections (id, first_seen, last_seen, observer, transport, state, "
                            + "direction, local_ip, local_port, remote_ip, remote_port, bytes_sent, bytes_received, "
                            + "packets_sent, packets_received, program, executable, remote_name, local_host, flow, "
                            + "tls_server_name) VALUES (" + id + ", " + t + ", " + (t + id) + ", 'SOCKET', 'TCP', "
                            + "'ESTABLISHED', 'OUTBOUND', '10.0.0.1', 4000, '192.0.2." + id + "', 443, 1, 2, -1, -1, "
                            + "'prog" + id + "', '/opt/prog" + id + "', 'name" + id + ".example', 'desk', 0, 'sni" + id
                            + ".example')");
                }
                s.execute("UPDATE store_meta SET value = 3 WHERE name = 'last_connection_id'");
            }
        }
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            assertThat(h.schemaVersionAtOpen()).isEqualTo(2);
            assertThat(ids(h.connections(query(null, null, "SNI2.EXAMPLE", 10)))).containsExactly(2L);
            assertThat(ids(h.connections(query("/opt/prog", "desk", "192.0.2.", 10)))).containsExactly(3L, 2L, 1L);
            assertThat(h.connection(1).orElseThrow().connection().remote().ip()).isEqualTo("192.0.2.1");
        }
        try (java.sql.Connection db = raw()) {
            assertThat(Migrations.version(db)).isEqualTo(3);
            assertThat(indexed(db, "name1.exa")).containsExactly(1L);
            assertThat(indexed(db, "prog")).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void updatesKeepTheIndexInStepAndRetentionRemovesItsRows() throws Exception {
        Instant old = T0;
        Instant recent = T0.plus(Duration.ofDays(35));
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            Connection first = socket("oldtool", "192.0.2.1", "old.example", old, old.plusSeconds(1), 1, 1);
            h.write(batch(old.plusSeconds(1), List.of(tracked(1, first)), List.of(), List.of()));
            // the same connection again, later, with more bytes (the usual update) and then with a new name
            h.write(batch(old.plusSeconds(2), List.of(tracked(1, socket("oldtool", "192.0.2.1", "old.example", old,
                    old.plusSeconds(2), 9, 9))), List.of(), List.of()));
            h.write(batch(old.plusSeconds(3), List.of(tracked(1, socket("oldtool", "192.0.2.1", "renamed.example",
                    old, old.plusSeconds(3), 9, 9))), List.of(), List.of()));
            try (java.sql.Connection db = raw()) {
                assertThat(indexed(db, "oldtool")).containsExactly(1L);
                assertThat(indexed(db, "old.example")).isEmpty();
                assertThat(indexed(db, "renamed")).containsExactly(1L);
            }
            Connection later = socket("newtool", "192.0.2.2", "new.example", recent, recent.plusSeconds(1), 1, 1);
            // this write runs retention (it is due): the connection of T0 is past 30 days
            h.write(batch(recent.plusSeconds(1), List.of(tracked(2, later)), List.of(), List.of()));
            assertThat(h.connection(1)).isEmpty();
            assertThat(ids(h.connections(query("oldtool", null, null, 10)))).isEmpty();
            try (java.sql.Connection db = raw()) {
                assertThat(indexed(db, "oldtool")).isEmpty();
                assertThat(indexed(db, "tool")).containsExactly(2L);
            }
        }
    }
}
