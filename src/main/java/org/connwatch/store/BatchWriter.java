package org.connwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one {@link HistoryBatch} in the transaction the caller holds: connections upserted by id, traffic
 * deltas appended and summed into the per-minute rollup, findings upserted with their connection records,
 * the id counters moved on. Only the store's writer thread uses it.
 */
final class BatchWriter {

    private static final String UPSERT_CONNECTION;

    static {
        StringBuilder set = new StringBuilder("closed_at = excluded.closed_at");
        for (String column : ConnectionRow.COLUMNS) {
            set.append(", ").append(column).append(" = excluded.").append(column);
        }
        UPSERT_CONNECTION = "INSERT INTO connections (id, closed_at, " + ConnectionRow.COLUMN_LIST + ") VALUES (?, ?"
                + ", ?".repeat(ConnectionRow.COLUMNS.size()) + ") ON CONFLICT (id) DO UPDATE SET " + set;
    }

    private static final String UPSERT_MINUTE = "INSERT INTO traffic_minute VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (minute, program, remote_ip) DO UPDATE SET sent = sent + excluded.sent, received = "
            + "received + excluded.received, opened = opened + excluded.opened, executable = excluded.executable, "
            + "remote_name = excluded.remote_name";

    /** What the rollup needs of a connection: who and where. */
    private record Key(String program, String executable, String remoteIp, String remoteName) {
    }

    /** One row of the rollup: its primary key. */
    private record MinuteKey(long minute, String program, String remoteIp) {
    }

    private final Connection db;
    /** The rollup key of recently written connections, so a delta needs no look-up (bounded). */
    private final Map<Long, Key> keys = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Key> eldest) {
            return size() > 200_000;
        }
    };
    private long skippedDeltas;

    BatchWriter(Connection db) {
        this.db = db;
    }

    /** Deltas dropped because no connection with their id was ever written. */
    long skippedDeltas() {
        return skippedDeltas;
    }

    /** Writes the batch (no commit); returns the largest connection and finding ids it held. */
    long[] write(HistoryBatch batch, long lastConnectionId) throws SQLException {
        long maxConnection = 0;
        long maxFinding = 0;
        Map<MinuteKey, long[]> minutes = new HashMap<>();
        Map<MinuteKey, Key> minuteKeys = new HashMap<>();
        try (PreparedStatement ps = db.prepareStatement(UPSERT_CONNECTION)) {
            for (TrackedConnection t : batch.connections()) {
                ps.setLong(1, t.id());
                if (t.closedAt() == null) {
                    ps.setNull(2, java.sql.Types.INTEGER);
                } else {
                    ps.setLong(2, t.closedAt().toEpochMilli());
                }
                ConnectionRow.bind(ps, 3, t.connection());
                ps.addBatch();
                Key key = new Key(ConnectionRow.program(t.connection()), ConnectionRow.executable(t.connection()),
                        t.connection().remote().ip(), ConnectionRow.remoteName(t.connection()));
                Key before = keys.put(t.id(), key);
                if (t.id() > lastConnectionId && before == null) {
                    long minute = minuteOf(t.connection().firstSeen().toEpochMilli());
                    add(minutes, minuteKeys, minute, key, 0, 0, 1);
                }
                maxConnection = Math.max(maxConnection, t.id());
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO traffic VALUES (?, ?, ?, ?)")) {
            for (TrafficDelta d : batch.traffic()) {
                Key key = keyOf(d.connectionId());
                if (key == null) {
                    skippedDeltas++;
                    continue;
                }
                long at = d.at().toEpochMilli();
                ps.setLong(1, d.connectionId());
                ps.setLong(2, at);
                ps.setLong(3, d.bytesSent());
                ps.setLong(4, d.bytesReceived());
                ps.addBatch();
                add(minutes, minuteKeys, minuteOf(at), key, d.bytesSent(), d.bytesReceived(), 0);
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = db.prepareStatement(UPSERT_MINUTE)) {
            for (Map.Entry<MinuteKey, long[]> e : minutes.entrySet()) {
                Key key = minuteKeys.get(e.getKey());
                long[] v = e.getValue();
                ps.setLong(1, v[3]);
                ps.setString(2, key.program());
                ps.setString(3, key.remoteIp());
                ps.setString(4, key.executable());
                ps.setString(5, key.remoteName());
                ps.setLong(6, v[0]);
                ps.setLong(7, v[1]);
                ps.setLong(8, v[2]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        for (FindingState f : batch.findings()) {
            FindingRows.write(db, f);
            maxFinding = Math.max(maxFinding, f.id());
        }
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE store_meta SET value = max(value, ?) WHERE name = ?")) {
            ps.setLong(1, maxConnection);
            ps.setString(2, "last_connection_id");
            ps.addBatch();
            ps.setLong(1, maxFinding);
            ps.setString(2, "last_finding_id");
            ps.addBatch();
            ps.executeBatch();
        }
        return new long[] {maxConnection, maxFinding};
    }

    /** Forgets the cached keys (after a failed transaction, whose rows are gone). */
    void forget() {
        keys.clear();
    }

    private Key keyOf(long connectionId) throws SQLException {
        Key key = keys.get(connectionId);
        if (key != null) {
            return key;
        }
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT program, executable, remote_ip, remote_name FROM connections WHERE id = ?")) {
            ps.setLong(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String exe = rs.getString(2);
                key = new Key(rs.getString(1), exe == null ? "" : exe, rs.getString(3), rs.getString(4));
            }
        }
        keys.put(connectionId, key);
        return key;
    }

    private static void add(Map<MinuteKey, long[]> minutes, Map<MinuteKey, Key> minuteKeys, long minute, Key key,
                            long sent, long received, long opened) {
        MinuteKey k = new MinuteKey(minute, key.program(), key.remoteIp());
        minuteKeys.putIfAbsent(k, key);
        long[] v = minutes.computeIfAbsent(k, x -> new long[] {0, 0, 0, minute});
        v[0] += sent;
        v[1] += received;
        v[2] += opened;
    }

    static long minuteOf(long millis) {
        return Math.floorDiv(millis, 60_000L) * 60_000L;
    }
}
