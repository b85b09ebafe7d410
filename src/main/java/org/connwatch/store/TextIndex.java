package org.connwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The trigram index over the connections' text ({@code connection_text}, schema version 3): turns the text
 * criteria of a {@link ConnectionQuery} into an FTS5 MATCH expression and decides whether a query should go
 * through it. The index only narrows: the caller keeps the criteria's LIKE, so the rows found are exactly the
 * rows the plain LIKE finds (the index folds case beyond ASCII, which can only add candidates).
 *
 * <p>A criterion of 3 or more characters becomes a phrase on its columns (a phrase of trigrams matches the
 * text as a substring, with {@code %}, {@code _} and quotes as themselves); shorter ones have no trigram and
 * stay plain LIKE only, as does one with a NUL character (FTS5's query parser stops at it).
 */
final class TextIndex {

    /** The columns a program criterion searches (as {@link ConnectionReads#where}). */
    static final String PROGRAM_COLUMNS = "{program executable}";
    /** The columns a local-host criterion searches. */
    static final String HOST_COLUMNS = "{local_host local_ip local_mac local_host_name}";
    /** The columns a remote criterion searches. */
    static final String REMOTE_COLUMNS = "{remote_ip remote_name remote_domain dns_name tls_server_name http_host "
            + "remote_host_name remote_mac}";
    /**
     * A text matching at least this many connections (over the whole history) is common: reading the time range
     * newest first finds a page of it sooner than fetching every match by id (docs/BENCHMARKS.md, "Text lookups").
     */
    static final int COMMON = 20_000;

    private TextIndex() {
    }

    /** The MATCH expression for the criteria of {@code q} that the index can serve, or null when none can. */
    static String expression(ConnectionQuery q) {
        List<String> parts = new ArrayList<>(3);
        add(parts, PROGRAM_COLUMNS, q.program());
        add(parts, HOST_COLUMNS, q.host());
        add(parts, REMOTE_COLUMNS, q.remote());
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

    /** True when fewer than {@link #COMMON} connections match {@code expression}: worth fetching them by id. */
    static boolean rare(Connection db, String expression) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT count(*) FROM (SELECT rowid FROM connection_text "
                + "WHERE connection_text MATCH ? LIMIT " + COMMON + ")")) {
            ps.setString(1, expression);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) < COMMON;
            }
        }
    }

    private static void add(List<String> parts, String columns, String text) {
        if (!ConnectionReads.has(text)) {
            return;
        }
        String cut = TextBounds.cut(text, TextBounds.NAME);
        if (cut.codePointCount(0, cut.length()) < 3 || cut.indexOf('\u0000') >= 0) {
            return;
        }
        parts.add(columns + " : \"" + cut.replace("\"", "\"\"") + "\"");
    }
}
