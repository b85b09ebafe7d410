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

    private static final String UPSERT_TOTAL = "INSERT INTO traffic_total_minute VALUES (?, ?, ?) ON CONFLICT (minute) "
            + "DO UPDATE SET sent = sent + excluded.sent, received = received + excluded.received";

    private static final String UPSERT_HOUR = "INSERT INTO usage_hour VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (hour, "
            + "grouping, key) DO UPDATE SET sent = sent + excluded.sent, received = received + excluded.received, "
            + "opened = opened + excluded.opened, label = excluded.label";

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
        writeRollups(minutes, minuteKeys);
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

    /** The per-minute rows, and from them the whole machine's minutes and the hourly usage rows. */
    private void writeRollups(Map<MinuteKey, long[]> minutes, Map<MinuteKey, Key> minuteKeys) throws SQLException {
        Map<Long, long[]> totals = new HashMap<>();
        Map<HourKey, long[]> hours = new HashMap<>();
        Map<HourKey, String> labels = new HashMap<>();
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
                long[] total = totals.computeIfAbsent(v[3], m -> new long[2]);
                total[0] += v[0];
                total[1] += v[1];
                long hour = Math.floorDiv(v[3], 3_600_000L) * 3_600_000L;
                HourKey byProgram = new HourKey(hour, 0, key.program());
                HourKey byRemote = new HourKey(hour, 1, key.remoteIp());
                labels.put(byProgram, key.executable());
                labels.put(byRemote, key.remoteName());
                for (HourKey h : new HourKey[] {byProgram, byRemote}) {
                    long[] u = hours.computeIfAbsent(h, x -> new long[3]);
                    u[0] += v[0];
                    u[1] += v[1];
                    u[2] += v[2];
                }
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = db.prepareStatement(UPSERT_TOTAL)) {
            for (Map.Entry<Long, long[]> e : totals.entrySet()) {
                ps.setLong(1, e.getKey());
                ps.setLong(2, e.getValue()[0]);
                ps.setLong(3, e.getValue()[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = db.prepareStatement(UPSERT_HOUR)) {
            for (Map.Entry<HourKey, long[]> e : hours.entrySet()) {
                HourKey h = e.getKey();
                ps.setLong(1, h.hour());
                ps.setInt(2, h.grouping());
                ps.setString(3, h.key());
                ps.setString(4, labels.get(h));
                ps.setLong(5, e.getValue()[0]);
                ps.setLong(6, e.getValue()[1]);
                ps.setLong(7, e.getValue()[2]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** One row of the hourly usage: its primary key (grouping 0 per program, 1 per remote address). */
    private record HourKey(long hour, int grouping, String key) {
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
