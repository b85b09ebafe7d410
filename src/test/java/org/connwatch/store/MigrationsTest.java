package org.connwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.connwatch.store.Samples.T0;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path dir;

    private Connection raw() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + HistoryStore.file(dir));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aVersion1FileIsUpgradedInPlaceAndKeepsItsData() throws Exception {
        // a history as the first release wrote it: schema version 1, with a connection in it
        try (Connection c = raw()) {
            assertThat(new Migrations("migrations/", 1).apply(c, dir, 1L)).isZero();
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO connections (id, first_seen, last_seen, observer, transport, state, direction, "
                        + "local_ip, local_port, remote_ip, remote_port, bytes_sent, bytes_received, packets_sent, "
                        + "packets_received, program, remote_name, local_host, flow) VALUES (5, " + T0.toEpochMilli()
                        + ", " + T0.toEpochMilli() + ", 'SOCKET', 'TCP', 'ESTABLISHED', 'OUTBOUND', '10.0.0.1', 4000, "
                        + "'192.0.2.9', 22, 1, 2, -1, -1, '', '', '10.0.0.1', 0)");
                s.execute("UPDATE store_meta SET value = 5 WHERE name = 'last_connection_id'");
            }
            assertThat(Migrations.version(c)).isEqualTo(1);
        }
        try (HistoryStore h = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            assertThat(h.schemaVersionAtOpen()).isEqualTo(1);
            assertThat(h.lastConnectionId()).isEqualTo(5);
            assertThat(h.connection(5).orElseThrow().connection().remote().port()).isEqualTo(22);
        }
        try (Connection c = raw()) {
            assertThat(Migrations.version(c)).isEqualTo(Migrations.builtIn().latest()).isGreaterThanOrEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM sqlite_master WHERE name IN ('connections_open', "
                    + "'findings_detector')")).isEqualTo(2);
            assertThat(count(c, "SELECT count(*) FROM schema_version")).isEqualTo(Migrations.builtIn().latest());
        }
    }

    @Test
    void aFileFromANewerConnwatchIsRefusedWithAClearMessage() throws Exception {
        HistoryStore.open(dir, StoreSettings.DEFAULTS).close();
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version VALUES (99, 0)");
        }
        assertThatThrownBy(() -> HistoryStore.open(dir, StoreSettings.DEFAULTS))
                .isInstanceOf(HistoryException.class)
                .hasMessageContaining("written by a newer connwatch (schema version 99; this one knows up to "
                        + Migrations.builtIn().latest() + ")");
    }

    @Test
    void aFailedMigrationLeavesTheFileAtTheVersionBefore() throws Exception {
        try (Connection c = raw()) {
            Migrations broken = new Migrations("/org/connwatch/store/broken-migrations/");
            assertThatThrownBy(() -> broken.apply(c, dir, 1L)).isInstanceOf(HistoryException.class)
                    .hasMessageContaining("schema version 2 failed").hasMessageContaining("no_such_table");
            assertThat(Migrations.version(c)).isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM sqlite_master WHERE name = 'made_before_the_error'")).isZero();
        }
    }

    @Test
    void somethingThatIsNotADatabaseIsRefused() throws Exception {
        Files.writeString(HistoryStore.file(dir), "not a database, just text ".repeat(100));
        assertThatThrownBy(() -> HistoryStore.open(dir, StoreSettings.DEFAULTS)).isInstanceOf(HistoryException.class)
                .hasMessageStartingWith("cannot open the history " + HistoryStore.file(dir));
    }

    @Test
    void scriptsSplitIntoStatementsWithoutComments() {
        assertThat(Migrations.statements("-- a comment\nCREATE TABLE a (x INTEGER); -- trailing\n\nCREATE INDEX i\n"
                + "  ON a (x);\n")).isEqualTo(List.of("CREATE TABLE a (x INTEGER)", "CREATE INDEX i\n  ON a (x)"));
    }
}
