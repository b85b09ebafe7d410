package org.connwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The traffic chart and the usage views. Both read the per-minute rollup ({@code traffic_minute}: bytes per
 * minute, program and remote address) when it can answer, which is what keeps a 30-day chart fast
 * (docs/BENCHMARKS.md); a step under a minute, a start off the minute, or a filter on something the rollup
 * does not hold (local host, finding, open only) reads the deltas themselves.
 */
final class TrafficReads {

    /** The most steps one chart may have. */
    static final int MAX_BUCKETS = 100_000;
    private static final long MINUTE = 60_000L;
    /** Windows at least this long are summed from the hourly rollup. */
    static final int HOURLY_FROM_HOURS = 6;

    private TrafficReads() {
    }

    static List<TrafficBucket> traffic(Connection db, Instant from, Instant to, Duration step, ConnectionQuery filter)
            throws SQLException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(step, "step");
        long f = from.toEpochMilli();
        long t = to.toEpochMilli();
        long s = step.toMillis();
        if (t <= f) {
            throw new IllegalArgumentException("the time range is empty: " + from + " .. " + to);
        }
        if (s < 1000) {
            throw new IllegalArgumentException("the step must be at least a second: " + step);
        }
        long buckets = (t - f + s - 1) / s;
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("at most " + MAX_BUCKETS + " steps in a chart, not " + buckets);
        }
        List<Object> params = new ArrayList<>();
        String sql;
        if (s % MINUTE == 0 && f % MINUTE == 0 && filter == null) {
            params.add(f);
            params.add(s);
            params.add(f);
            params.add(t);
            sql = "SELECT (minute - ?) / ? AS b, sum(sent), sum(received) FROM traffic_total_minute WHERE minute >= ? "
                    + "AND minute < ? GROUP BY b";
        } else if (s % MINUTE == 0 && f % MINUTE == 0 && ConnectionReads.rollupCanFilter(filter)) {
            params.add(f);
            params.add(s);
            params.add(f);
            params.add(t);
            sql = "SELECT (minute - ?) / ? AS b, sum(sent), sum(received) FROM traffic_minute WHERE minute >= ? "
                    + "AND minute < ?" + rollupFilter(filter, params) + " GROUP BY b";
        } else if (filter == null) {
            params.add(f);
            params.add(s);
            params.add(f);
            params.add(t);
            sql = "SELECT (seen_at - ?) / ? AS b, sum(sent), sum(received) FROM traffic WHERE seen_at >= ? "
                    + "AND seen_at < ? GROUP BY b";
        } else {
            params.add(f);
            params.add(s);
            String where = ConnectionReads.where(filter, params, "c.", false);
            params.add(f);
            params.add(t);
            sql = "SELECT (t.seen_at - ?) / ? AS b, sum(t.sent), sum(t.received) FROM traffic t JOIN connections c "
                    + "ON c.id = t.connection_id WHERE " + where + " AND t.seen_at >= ? AND t.seen_at < ? GROUP BY b";
        }
        long[] sent = new long[(int) buckets];
        long[] received = new long[(int) buckets];
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ConnectionReads.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long b = rs.getLong(1);
                    if (b >= 0 && b < buckets) {
                        sent[(int) b] += rs.getLong(2);
                        received[(int) b] += rs.getLong(3);
                    }
                }
            }
        }
        List<TrafficBucket> out = new ArrayList<>((int) buckets);
        for (int i = 0; i < buckets; i++) {
            out.add(new TrafficBucket(Instant.ofEpochMilli(f + i * s), sent[i], received[i]));
        }
        return out;
    }

    /**
     * Bytes per program or remote address over whole minutes from {@code from} (rounded down) to {@code to}, or
     * whole hours for a window of {@value #HOURLY_FROM_HOURS} hours or more (from the hourly rollup);
     * {@link Usage#connections()} counts the connections first seen in the window.
     */
    static List<Usage> usage(Connection db, Instant from, Instant to, UsageGroup by, int limit) throws SQLException {
        Objects.requireNonNull(by, "by");
        ConnectionReads.checkLimit(limit);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the time range is empty: " + from + " .. " + to);
        }
        boolean hourly = Duration.between(from, to).toHours() >= HOURLY_FROM_HOURS;
        String key = hourly ? "key" : by == UsageGroup.PROGRAM ? "program" : "remote_ip";
        String label = hourly ? "label" : by == UsageGroup.PROGRAM ? "executable" : "remote_name";
        String table = hourly ? "usage_hour WHERE grouping = " + (by == UsageGroup.PROGRAM ? 0 : 1) + " AND hour"
                : "traffic_minute WHERE minute";
        long start = hourly ? Math.floorDiv(from.toEpochMilli(), 3_600_000L) * 3_600_000L
                : BatchWriter.minuteOf(from.toEpochMilli());
        List<Usage> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT " + key + ", max(" + label + "), sum(sent), "
                + "sum(received), sum(opened) FROM " + table + " >= ? AND " + table.substring(table.lastIndexOf(' ') + 1)
                + " < ? GROUP BY " + key + " ORDER BY sum(sent) + sum(received) DESC, " + key + " LIMIT " + limit)) {
            ps.setLong(1, start);
            ps.setLong(2, to.toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String l = rs.getString(2);
                    out.add(new Usage(rs.getString(1), l == null ? "" : l, rs.getLong(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
        }
        return out;
    }

    private static String rollupFilter(ConnectionQuery q, List<Object> params) {
        if (q == null) {
            return "";
        }
        StringBuilder w = new StringBuilder();
        if (ConnectionReads.has(q.program())) {
            w.append(" AND (").append(ConnectionReads.like("program", q.program(), params)).append(" OR ")
                    .append(ConnectionReads.like("executable", q.program(), params)).append(')');
        }
        if (ConnectionReads.has(q.remote())) {
            w.append(" AND (").append(ConnectionReads.like("remote_ip", q.remote(), params)).append(" OR ")
                    .append(ConnectionReads.like("remote_name", q.remote(), params)).append(')');
        }
        return w.toString();
    }
}
