package org.connwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection queries of the history: a page of connections, one by id, one's traffic timeline. A row
 * that no longer makes a valid record (a damaged or hand-edited file) is skipped and counted.
 */
final class ConnectionReads {

    private static final String SELECT = "SELECT id, closed_at, " + ConnectionRow.COLUMN_LIST + " FROM connections";

    private final AtomicLong skipped;

    ConnectionReads(AtomicLong skipped) {
        this.skipped = skipped;
    }

    List<TrackedConnection> connections(Connection db, ConnectionQuery q) throws SQLException {
        List<Object> params = new ArrayList<>();
        String where = where(q, params, "");
        try (PreparedStatement ps = db.prepareStatement(SELECT + " WHERE " + where
                + " ORDER BY last_seen DESC, id DESC LIMIT " + q.limit())) {
            bind(ps, params);
            return read(ps);
        }
    }

    Optional<TrackedConnection> connection(Connection db, long id) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setLong(1, id);
            return read(ps).stream().findFirst();
        }
    }

    List<TrafficDelta> trafficOf(Connection db, long connectionId, int limit) throws SQLException {
        checkLimit(limit);
        List<TrafficDelta> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT seen_at, sent, received FROM traffic INDEXED BY "
                + "traffic_connection WHERE connection_id = ? ORDER BY seen_at LIMIT " + limit)) {
            ps.setLong(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.add(new TrafficDelta(connectionId, Instant.ofEpochMilli(rs.getLong(1)), rs.getLong(2),
                                rs.getLong(3)));
                    } catch (IllegalArgumentException e) {
                        skipped.incrementAndGet();
                    }
                }
            }
        }
        return out;
    }

    /**
     * The WHERE clause of a connection query over the table aliased {@code alias} ("" or "c."), its
     * parameters added to {@code params}; {@code withRange} false leaves the time range out.
     */
    static String where(ConnectionQuery q, List<Object> params, String alias) {
        return where(q, params, alias, true);
    }

    static String where(ConnectionQuery q, List<Object> params, String alias, boolean withRange) {
        StringBuilder w = new StringBuilder("1 = 1");
        if (withRange) {
            w.append(" AND ").append(alias).append("last_seen >= ? AND ").append(alias).append("first_seen < ?");
            params.add(q.from().toEpochMilli());
            params.add(q.to().toEpochMilli());
        }
        if (has(q.program())) {
            w.append(" AND (").append(like(alias + "program", q.program(), params)).append(" OR ")
                    .append(like(alias + "executable", q.program(), params)).append(')');
        }
        if (has(q.host())) {
            w.append(" AND (").append(like(alias + "local_host", q.host(), params)).append(" OR ")
                    .append(like(alias + "local_ip", q.host(), params)).append(" OR ")
                    .append(like(alias + "local_mac", q.host(), params)).append(" OR ")
                    .append(like(alias + "local_host_name", q.host(), params)).append(')');
        }
        if (has(q.remote())) {
            w.append(" AND (");
            String[] columns = {"remote_ip", "remote_name", "remote_domain", "dns_name", "tls_server_name",
                "http_host", "remote_host_name", "remote_mac"};
            for (int i = 0; i < columns.length; i++) {
                w.append(i == 0 ? "" : " OR ").append(like(alias + columns[i], q.remote(), params));
            }
            w.append(')');
        }
        if (has(q.finding())) {
            w.append(" AND ").append(alias).append("id IN (SELECT j.value FROM findings f, json_each(f.connection_ids) j"
                    + " WHERE f.detector = ?)");
            params.add(TextBounds.cut(q.finding(), TextBounds.NAME));
        }
        if (q.openOnly()) {
            w.append(" AND ").append(alias).append("closed_at IS NULL");
        }
        return w.toString();
    }

    /** True when the query narrows only by program and remote: what the per-minute rollup can answer. */
    static boolean rollupCanFilter(ConnectionQuery q) {
        return !has(q.host()) && !has(q.finding()) && !q.openOnly();
    }

    static boolean has(String text) {
        return text != null && !text.isEmpty();
    }

    /** {@code column LIKE ?} for "contains text" (case-insensitive for ASCII), with % and _ in the text escaped. */
    static String like(String column, String text, List<Object> params) {
        String cut = TextBounds.cut(text, TextBounds.NAME);
        StringBuilder b = new StringBuilder("%");
        for (int i = 0; i < cut.length(); i++) {
            char ch = cut.charAt(i);
            if (ch == '%' || ch == '_' || ch == '\\') {
                b.append('\\');
            }
            b.append(ch);
        }
        params.add(b.append('%').toString());
        return column + " LIKE ? ESCAPE '\\'";
    }

    static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > ConnectionQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + ConnectionQuery.MAX_LIMIT + ": " + limit);
        }
    }

    private List<TrackedConnection> read(PreparedStatement ps) throws SQLException {
        List<TrackedConnection> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    long closed = rs.getLong("closed_at");
                    Instant closedAt = rs.wasNull() ? null : Instant.ofEpochMilli(closed);
                    out.add(new TrackedConnection(rs.getLong("id"), ConnectionRow.read(rs), closedAt));
                } catch (IllegalArgumentException | NullPointerException e) {
                    skipped.incrementAndGet();
                }
            }
        }
        return out;
    }
}
