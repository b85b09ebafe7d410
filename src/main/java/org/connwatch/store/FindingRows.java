package org.connwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Severity;

/**
 * A {@link FindingState} as a row of {@code findings} plus the records of its latest occurrence's
 * connections in {@code finding_connections} (the first {@value TextBounds#FINDING_CONNECTIONS}), and back.
 * The ids of the tracked connections it was about are a JSON array of numbers (the first
 * {@value TextBounds#FINDING_CONNECTION_IDS}), which SQLite's {@code json_each} can join.
 */
final class FindingRows {

    private static final String UPSERT = "INSERT INTO findings (id, finding_key, detector, severity, score, reason, "
            + "seen_at, first_seen, last_seen, occurrences, status, note, connection_ids) VALUES (?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET finding_key = excluded.finding_key, detector = "
            + "excluded.detector, severity = excluded.severity, score = excluded.score, reason = excluded.reason, "
            + "seen_at = excluded.seen_at, first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
            + "occurrences = excluded.occurrences, status = excluded.status, note = excluded.note, connection_ids = "
            + "excluded.connection_ids";

    private static final String INSERT_CONNECTION = "INSERT INTO finding_connections (finding_id, ord, "
            + ConnectionRow.COLUMN_LIST + ") VALUES (?, ?" + ", ?".repeat(ConnectionRow.COLUMNS.size()) + ")";

    /** The columns a finding is read from. */
    static final String COLUMNS = "id, finding_key, detector, severity, score, reason, seen_at, first_seen, "
            + "last_seen, occurrences, status, note, connection_ids";

    private FindingRows() {
    }

    /** Inserts or replaces the finding and its connection records (in the caller's transaction). */
    static void write(Connection db, FindingState f) throws SQLException {
        Finding latest = f.latest();
        try (PreparedStatement ps = db.prepareStatement(UPSERT)) {
            ps.setLong(1, f.id());
            ps.setString(2, TextBounds.cut(f.key(), TextBounds.NAME));
            ps.setString(3, TextBounds.cut(latest.detector(), TextBounds.NAME));
            ps.setInt(4, latest.severity().number());
            ps.setDouble(5, latest.score());
            ps.setString(6, TextBounds.cut(latest.reason(), TextBounds.SENTENCE));
            ps.setLong(7, latest.at().toEpochMilli());
            ps.setLong(8, f.firstSeen().toEpochMilli());
            ps.setLong(9, f.lastSeen().toEpochMilli());
            ps.setLong(10, f.occurrences());
            ps.setString(11, f.status().name());
            ps.setString(12, TextBounds.cut(f.note(), TextBounds.SENTENCE));
            ps.setString(13, idsJson(f.connectionIds()));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM finding_connections WHERE finding_id = ?")) {
            ps.setLong(1, f.id());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = db.prepareStatement(INSERT_CONNECTION)) {
            List<org.connwatch.records.Connection> cs = latest.connections();
            for (int i = 0; i < Math.min(cs.size(), TextBounds.FINDING_CONNECTIONS); i++) {
                ps.setLong(1, f.id());
                ps.setInt(2, i);
                ConnectionRow.bind(ps, 3, cs.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The finding of the current row (selected with {@link #COLUMNS}), its connection records read with
     * {@code db}.
     *
     * @throws IllegalArgumentException when the rows do not make a valid finding (a damaged or hand-edited file)
     */
    static FindingState read(Connection db, ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        List<org.connwatch.records.Connection> connections = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT " + ConnectionRow.COLUMN_LIST
                + " FROM finding_connections WHERE finding_id = ? ORDER BY ord")) {
            ps.setLong(1, id);
            try (ResultSet c = ps.executeQuery()) {
                while (c.next()) {
                    connections.add(ConnectionRow.read(c));
                }
            }
        }
        int severity = rs.getInt("severity");
        if (severity < 1 || severity > Severity.values().length) {
            throw new IllegalArgumentException("severity out of range: " + severity);
        }
        Finding latest = new Finding(rs.getString("detector"), Severity.values()[severity - 1], rs.getDouble("score"),
                rs.getString("reason"), connections, Instant.ofEpochMilli(rs.getLong("seen_at")));
        return new FindingState(id, rs.getString("finding_key"), latest, Instant.ofEpochMilli(rs.getLong("first_seen")),
                Instant.ofEpochMilli(rs.getLong("last_seen")), rs.getLong("occurrences"),
                parseIds(rs.getString("connection_ids")), FindingStatus.valueOf(rs.getString("status")),
                rs.getString("note"));
    }

    static String idsJson(List<Long> ids) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Math.min(ids.size(), TextBounds.FINDING_CONNECTION_IDS); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(ids.get(i).longValue());
        }
        return b.append(']').toString();
    }

    static List<Long> parseIds(String json) {
        if (json == null || json.length() < 2 || json.charAt(0) != '[' || json.charAt(json.length() - 1) != ']') {
            throw new IllegalArgumentException("connection ids are not a JSON array of numbers");
        }
        String inner = json.substring(1, json.length() - 1).strip();
        List<Long> ids = new ArrayList<>();
        if (!inner.isEmpty()) {
            for (String part : inner.split(",", TextBounds.FINDING_CONNECTION_IDS + 1)) {
                if (ids.size() == TextBounds.FINDING_CONNECTION_IDS) {
                    break;
                }
                ids.add(Long.parseLong(part.strip()));
            }
        }
        return ids;
    }
}
