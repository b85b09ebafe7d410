package org.connwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Deletes old history: everything last seen before now minus the age limit, then, while the data take more
 * than the byte cap, the oldest share of the time span that matches the excess (plus {@value #MARGIN_PERCENT}%
 * of the span, so one round usually does it; at least a second at a time). Deleting by share of time rather
 * than in fixed steps keeps a small cap from losing its newest records to one coarse cut. Each chunk
 * of at most {@value #CHUNK} rows is its own transaction, so the monitor's writes wait at most one chunk and
 * a kill -9 leaves whole chunks. Freed pages go back to the file system ({@code auto_vacuum=INCREMENTAL}).
 * Runs on the store's writer connection, under its write lock.
 */
final class Retention {

    static final int CHUNK = 20_000;
    private static final int MAX_SIZE_ROUNDS = 200;
    private static final int MARGIN_PERCENT = 2;

    private Retention() {
    }

    static RetentionReport run(Connection db, StoreSettings settings, Instant now) throws SQLException {
        long before = usedBytes(db);
        long cutoff = now.toEpochMilli() - settings.maxAge().toMillis();
        long[] deleted = deleteBefore(db, cutoff);
        for (int round = 0; round < MAX_SIZE_ROUNDS; round++) {
            long used = usedBytes(db);
            if (used <= settings.maxBytes()) {
                break;
            }
            long oldest = scalar(db, "SELECT min(seen_at) FROM traffic");
            long oldestConnection = scalar(db, "SELECT min(last_seen) FROM connections");
            if (oldest == Long.MIN_VALUE || (oldestConnection != Long.MIN_VALUE && oldestConnection < oldest)) {
                oldest = oldestConnection;
            }
            long newest = Math.max(scalar(db, "SELECT max(seen_at) FROM traffic"),
                    scalar(db, "SELECT max(last_seen) FROM connections"));
            if (oldest == Long.MIN_VALUE) {
                oldest = scalar(db, "SELECT min(last_seen) FROM findings");
                newest = scalar(db, "SELECT max(last_seen) FROM findings");
                if (oldest == Long.MIN_VALUE) {
                    break;
                }
            }
            double share = Math.min(1.0, (double) (used - settings.maxBytes()) / used + MARGIN_PERCENT / 100.0);
            long cut = oldest + Math.max((long) Math.ceil((newest - oldest) * share), 1_000L);
            long[] more = deleteBefore(db, cut);
            for (int i = 0; i < 3; i++) {
                deleted[i] += more[i];
            }
            cutoff = Math.max(cutoff, cut);
        }
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA incremental_vacuum");
        }
        return new RetentionReport(Instant.ofEpochMilli(cutoff), deleted[0], deleted[1], deleted[2], before,
                usedBytes(db));
    }

    /** Deletes what was last seen before {@code cutoff}; returns {connections, deltas, findings} deleted. */
    private static long[] deleteBefore(Connection db, long cutoff) throws SQLException {
        long deltas = chunked(db, "DELETE FROM traffic WHERE rowid IN (SELECT rowid FROM traffic WHERE seen_at < ? "
                + "LIMIT " + CHUNK + ")", cutoff);
        long connections = chunked(db, "DELETE FROM connections WHERE id IN (SELECT id FROM connections WHERE "
                + "last_seen < ? LIMIT " + CHUNK + ")", cutoff);
        chunked(db, "DELETE FROM traffic_minute WHERE (minute, program, remote_ip) IN (SELECT minute, program, "
                + "remote_ip FROM traffic_minute WHERE minute < ? LIMIT " + CHUNK + ")", cutoff);
        chunked(db, "DELETE FROM traffic_total_minute WHERE minute IN (SELECT minute FROM traffic_total_minute WHERE "
                + "minute < ? LIMIT " + CHUNK + ")", cutoff);
        chunked(db, "DELETE FROM usage_hour WHERE (hour, grouping, key) IN (SELECT hour, grouping, key FROM usage_hour "
                + "WHERE hour < ? LIMIT " + CHUNK + ")", cutoff - 3_599_999L);
        chunked(db, "DELETE FROM finding_connections WHERE finding_id IN (SELECT id FROM findings WHERE last_seen < ? "
                + "LIMIT " + CHUNK / TextBounds.FINDING_CONNECTIONS + ")", cutoff);
        long findings = chunked(db, "DELETE FROM findings WHERE id IN (SELECT id FROM findings WHERE last_seen < ? "
                + "AND id NOT IN (SELECT finding_id FROM finding_connections) LIMIT " + CHUNK + ")", cutoff);
        return new long[] {connections, deltas, findings};
    }

    private static long chunked(Connection db, String sql, long cutoff) throws SQLException {
        long total = 0;
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            while (true) {
                ps.setLong(1, cutoff);
                int n = ps.executeUpdate();
                db.commit();
                total += n;
                if (n == 0) {
                    return total;
                }
            }
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(autoCommit);
        }
    }

    /** The bytes of the pages in use (the file less its free pages). */
    static long usedBytes(Connection db) throws SQLException {
        return scalar(db, "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM "
                + "pragma_freelist_count())") * scalar(db, "SELECT page_size FROM pragma_page_size()");
    }

    /** The first column of the first row, or Long.MIN_VALUE when it is NULL. */
    static long scalar(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return Long.MIN_VALUE;
            }
            long v = rs.getLong(1);
            return rs.wasNull() ? Long.MIN_VALUE : v;
        }
    }
}
