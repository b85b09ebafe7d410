package org.connwatch.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The history's schema, as numbered migrations: {@code migrations/V1.sql}, {@code V2.sql} ... beside this
 * class, each applied once, in order, in one transaction with its row in {@code schema_version}. A database
 * whose version is newer than the newest migration known here is refused with a message saying so.
 */
final class Migrations {

    private final String resourceDir;
    private final List<String> scripts;

    /** The store's own migrations. */
    static Migrations builtIn() {
        return new Migrations("migrations/");
    }

    /** The migrations under {@code resourceDir} (relative to this class), V1.sql, V2.sql ... up to the first missing. */
    Migrations(String resourceDir) {
        this(resourceDir, Integer.MAX_VALUE);
    }

    /** The same, only up to version {@code upTo} (to make an old file in a test). */
    Migrations(String resourceDir, int upTo) {
        this.resourceDir = resourceDir;
        List<String> found = new ArrayList<>();
        for (int v = 1; v <= upTo; v++) {
            String text = load(v);
            if (text == null) {
                break;
            }
            found.add(text);
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no migrations under " + resourceDir);
        }
        this.scripts = List.copyOf(found);
    }

    /** The newest schema version these migrations build. */
    int latest() {
        return scripts.size();
    }

    /** The schema version of the open database: 0 when it has none yet. */
    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                     + "'schema_version'")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                return 0;
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Brings the database up to {@link #latest()}, one migration per transaction; returns the version it
     * was at.
     *
     * @throws HistoryException when the database is newer than these migrations
     */
    int apply(Connection c, Path file, long nowMillis) throws SQLException {
        int from = version(c);
        if (from > latest()) {
            throw new HistoryException("the history " + file + " was written by a newer connwatch (schema version "
                    + from + "; this one knows up to " + latest() + "): upgrade connwatch, or use another --state-dir");
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (int v = from + 1; v <= latest(); v++) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                            + "applied_at INTEGER NOT NULL)");
                    for (String sql : statements(scripts.get(v - 1))) {
                        s.execute(sql);
                    }
                    s.execute("INSERT INTO schema_version VALUES (" + v + ", " + nowMillis + ")");
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw new HistoryException("migrating the history " + file + " to schema version " + v
                            + " failed: " + e.getMessage(), e);
                }
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return from;
    }

    /** The statements of one script: comments removed, split at each ';' that ends a line. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            int comment = line.indexOf("--");
            String code = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
            if (code.isBlank()) {
                continue;
            }
            current.append(code).append('\n');
            if (code.endsWith(";")) {
                out.add(current.substring(0, current.lastIndexOf(";")).strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private String load(int version) {
        try (InputStream in = Migrations.class.getResourceAsStream(resourceDir + "V" + version + ".sql")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
