// Compares DuckDB and SQLite as the engine of the history store (see bench/run-history-benchmark,
// docs/BENCHMARKS.md), with the store's real schema (src/main/resources/org/connwatch/store/migrations/V1.sql,
// read from the class path; for DuckDB the same text less SQLite's WITHOUT ROWID).
//
//   java -cp 'target/classes:DRIVER.jar' bench/HistoryBench.java --engine sqlite|duckdb --dir DIR
//        [--records N] [--runs R] [--only build|insert|query|open|rollup2] [--skip-raw] [--match TEXT]
//
// A "record" is one row the monitor writes: a connection (its row in `connections`) or a traffic delta (the
// bytes one connection moved in one poll, a row in `traffic`). The generated history is 30 days of a busy
// host: N records (default 50,000,000), one connection for every ten records, so 5 M connections and 45 M
// deltas; each connection lives a geometric number of 1-s polls (mean 9, at most 2 h), moves bytes in each,
// and belongs to one of 60 programs and one of 20,000 remote hosts (Zipf-like: a few are most of it).
//
// Phases (--only runs one; default all, in this order):
//   insert  monitor-like writes to a fresh database: one transaction per 1-s poll with 1,000 (then 20,000)
//           open connections, each poll a traffic delta for every open one, an upsert for one in ten, and the
//           per-minute rollup's upserts; durable settings (SQLite: WAL with synchronous FULL and NORMAL;
//           DuckDB: its default, a WAL fsynced at each commit). Median ms a poll, records/s.
//   build   the 30-day database: bulk load (SQLite: prepared batches, 200,000 rows a transaction, journal
//           and sync off; DuckDB: its Appender), then the indexes, then the rollup (summed in Java while
//           generating); records/s; the size on disk.
//   open    time to open the built database and read one row (median of R, each in this JVM, a new connection).
//   query   the dashboard's queries on the built database, median of R runs each (first run reported apart).
//
// Output: a readable report, and one line per figure for scripts: "figure ENGINE NAME VALUE UNIT".
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

public final class HistoryBench {

    static final long T0 = 1_790_000_000_000L;           // 2026-09-21, the start of the 30 days
    static final long SPAN = 30L * 24 * 3600 * 1000;
    static final int PROGRAMS = 60;
    static final int REMOTES = 20_000;

    final String engine;
    final Path dir;
    final long records;
    final int runs;
    /** Leaves out the queries on the deltas themselves (chart-raw-*, usage-raw-*): minutes each at 50 M records. */
    boolean skipRaw;
    /** Only the queries whose name contains this (--match). */
    String match = "";

    HistoryBench(String engine, Path dir, long records, int runs) {
        this.engine = engine;
        this.dir = dir;
        this.records = records;
        this.runs = runs;
    }

    boolean duck() {
        return engine.equals("duckdb");
    }

    Connection open(Path file, boolean readOnly) throws SQLException {
        if (duck()) {
            java.util.Properties p = new java.util.Properties();
            if (readOnly) {
                p.setProperty("duckdb.read_only", "true");
            }
            return DriverManager.getConnection("jdbc:duckdb:" + file, p);
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000");
        }
        return c;
    }

    Path dbFile(String name) {
        return dir.resolve(name + (duck() ? ".duckdb" : ".sqlite"));
    }

    static List<String> schema(boolean duck, boolean indexes) throws IOException {
        String text;
        try (InputStream in = HistoryBench.class.getClassLoader()
                .getResourceAsStream("org/connwatch/store/migrations/V1.sql")) {
            if (in == null) {
                throw new IOException("V1.sql not on the class path: build first (target/classes)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> out = new ArrayList<>();
        for (String chunk : text.replaceAll("(?m)--.*$", "").split(";")) {
            String sql = chunk.strip();
            if (sql.isEmpty() || (!indexes && sql.startsWith("CREATE INDEX"))) {
                continue;
            }
            if (duck) {
                sql = sql.replace("WITHOUT ROWID", "").replace("INTEGER", "BIGINT");
            }
            out.add(sql);
        }
        return out;
    }

    static List<String> indexes(boolean duck) throws IOException {
        return schema(duck, true).stream().filter(s -> s.startsWith("CREATE INDEX")).toList();
    }

    // ---- the generated world ----

    static final class World {
        final String[] programs = new String[PROGRAMS];
        final String[] exes = new String[PROGRAMS];
        final String[] remotes = new String[REMOTES];
        final String[] names = new String[REMOTES];
        final Random random = new Random(42);

        World() {
            for (int i = 0; i < PROGRAMS; i++) {
                programs[i] = "prog" + i;
                exes[i] = "/usr/bin/prog" + i;
            }
            for (int i = 0; i < REMOTES; i++) {
                remotes[i] = (i % 5 == 0 ? "2001:db8::" + Integer.toHexString(i + 1)
                        : "198." + (18 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256));
                names[i] = i % 10 < 7 ? "host" + i + ".example.net" : "";
            }
        }

        int zipf(int n) {
            // a heavy head: the square of a uniform number, scaled
            double u = random.nextDouble();
            return (int) (u * u * u * n);
        }
    }

    /** One generated connection: its columns in V1's order (id first). */
    static Object[] connectionRow(World w, long id, long first, long last, Long closed, int prog, int remote,
                                  long sent, long received) {
        return new Object[] {id, first, last, closed, "socket", "tcp", closed == null ? "ESTABLISHED" : "CLOSED",
            "outbound", "192.168.1.10", 30000 + (int) (id % 30000), w.remotes[remote], 443, sent, received, -1L, -1L,
            1000 + prog, 1, w.programs[prog], w.exes[prog], 0, w.exes[prog] + " --flag " + id % 7, 1000, "user",
            T0 - 86_400_000L, null, 100_000 + id, 1000, "https", "public", w.names[remote],
            w.names[remote].isEmpty() ? w.remotes[remote] : w.names[remote], "192.168.1.10", 0, null, null, null,
            null, null, null, null, null, null, null, null, null};
    }

    static final int CONNECTION_COLUMNS = 46;

    static String insertConnection(boolean upsert) {
        String marks = String.join(",", java.util.Collections.nCopies(CONNECTION_COLUMNS, "?"));
        String sql = "INSERT INTO connections VALUES (" + marks + ")";
        return upsert ? sql + " ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, closed_at = "
                + "excluded.closed_at, state = excluded.state, bytes_sent = excluded.bytes_sent, bytes_received = "
                + "excluded.bytes_received" : sql;
    }

    static final String INSERT_TRAFFIC = "INSERT INTO traffic VALUES (?,?,?,?)";

    static final String UPSERT_MINUTE = "INSERT INTO traffic_minute VALUES (?,?,?,?,?,?,?,?) ON CONFLICT "
            + "(minute, program, remote_ip) DO UPDATE SET sent = traffic_minute.sent + excluded.sent, received = "
            + "traffic_minute.received + excluded.received, opened = traffic_minute.opened + excluded.opened, "
            + "executable = excluded.executable, remote_name = excluded.remote_name";

    static void bind(PreparedStatement ps, Object[] row) throws SQLException {
        for (int i = 0; i < row.length; i++) {
            ps.setObject(i + 1, row[i]);
        }
    }

    // ---- insert: monitor-like polls ----

    void insert() throws Exception {
        String[] modes = duck() ? new String[] {"default"} : new String[] {"FULL", "NORMAL"};
        for (String mode : modes) {
            for (int open : new int[] {1_000, 20_000}) {
                Path file = dbFile("insert-" + mode + "-" + open);
                deleteDb(file);
                World w = new World();
                try (Connection c = open(file, false)) {
                    try (Statement s = c.createStatement()) {
                        if (!duck()) {
                            s.execute("PRAGMA journal_mode=WAL");
                            s.execute("PRAGMA synchronous=" + mode);
                        }
                        for (String sql : schema(duck(), true)) {
                            s.execute(sql);
                        }
                    }
                    c.setAutoCommit(false);
                    int polls = open >= 20_000 ? 60 : 300;
                    long[] ms = new long[polls];
                    long rows = 0;
                    long nextId = 1;
                    long[] ids = new long[open];
                    int[] prog = new int[open];
                    int[] remote = new int[open];
                    for (int i = 0; i < open; i++) {
                        ids[i] = nextId++;
                        prog[i] = w.zipf(PROGRAMS);
                        remote[i] = w.zipf(REMOTES);
                    }
                    long wallStart = System.nanoTime();
                    PollWriter writer = duck() ? new DuckPollWriter(c) : new SqlitePollWriter(c);
                    for (int p = 0; p < polls; p++) {
                        long at = T0 + p * 1000L;
                        long minute = at / 60_000 * 60_000;
                        Map<String, long[]> roll = new HashMap<>();
                        long t = System.nanoTime();
                        for (int i = 0; i < open; i++) {
                            boolean changed = p == 0 || i % 10 == p % 10;
                            if (changed) {
                                if (p > 0) {
                                    ids[i] = nextId++;   // one in ten replaced by a new connection
                                }
                                writer.connection(connectionRow(w, ids[i], at, at, null, prog[i], remote[i], p, p));
                                rows++;
                            }
                            long sent = 100 + (i * 31L + p) % 5000;
                            long received = 1000 + (i * 17L + p) % 50000;
                            writer.traffic(new Object[] {ids[i], at, sent, received});
                            rows++;
                            long[] r = roll.computeIfAbsent(prog[i] + "|" + remote[i], k -> new long[3]);
                            r[0] += sent;
                            r[1] += received;
                            r[2] += changed ? 1 : 0;
                        }
                        for (Map.Entry<String, long[]> e : roll.entrySet()) {
                            String[] k = e.getKey().split("\\|");
                            int pi = Integer.parseInt(k[0]);
                            int ri = Integer.parseInt(k[1]);
                            long[] v = e.getValue();
                            writer.minute(new Object[] {minute, w.programs[pi], w.remotes[ri], w.exes[pi], w.names[ri],
                                v[0], v[1], v[2]});
                        }
                        writer.commit();
                        ms[p] = System.nanoTime() - t;
                    }
                    writer.close();
                    double wall = (System.nanoTime() - wallStart) / 1e9;
                    Arrays.sort(ms);
                    String name = "insert-" + open + (duck() ? "" : "-" + mode.toLowerCase());
                    figure(name + "-poll-median", ms[polls / 2] / 1e6, "ms");
                    figure(name + "-poll-p99", ms[Math.min(polls - 1, polls * 99 / 100)] / 1e6, "ms");
                    figure(name + "-rate", rows / wall, "records/s");
                }
            }
        }
    }

    /** Writes one poll's rows in one transaction, the way each engine does it best. */
    interface PollWriter {
        void connection(Object[] row) throws SQLException;

        void traffic(Object[] row) throws SQLException;

        void minute(Object[] row) throws SQLException;

        void commit() throws SQLException;

        void close() throws SQLException;
    }

    /** SQLite: prepared statements in batches, upserts in place. */
    static final class SqlitePollWriter implements PollWriter {
        final Connection c;
        final PreparedStatement pc;
        final PreparedStatement pt;
        final PreparedStatement pm;

        SqlitePollWriter(Connection c) throws SQLException {
            this.c = c;
            pc = c.prepareStatement(insertConnection(true));
            pt = c.prepareStatement(INSERT_TRAFFIC);
            pm = c.prepareStatement(UPSERT_MINUTE);
        }

        public void connection(Object[] row) throws SQLException {
            bind(pc, row);
            pc.addBatch();
        }

        public void traffic(Object[] row) throws SQLException {
            bind(pt, row);
            pt.addBatch();
        }

        public void minute(Object[] row) throws SQLException {
            bind(pm, row);
            pm.addBatch();
        }

        public void commit() throws SQLException {
            pc.executeBatch();
            pt.executeBatch();
            pm.executeBatch();
            c.commit();
        }

        public void close() throws SQLException {
            pc.close();
            pt.close();
            pm.close();
        }
    }

    /**
     * DuckDB: prepared statements run one row at a time (slow: a poll of 1,000 took seconds), so rows go
     * through Appenders, deltas straight into `traffic`, connections and rollup rows into staging tables
     * that one INSERT ... SELECT ... ON CONFLICT each merges.
     */
    static final class DuckPollWriter implements PollWriter {
        final Connection c;
        final Statement s;
        final org.duckdb.DuckDBAppender ac;
        final org.duckdb.DuckDBAppender at;
        final org.duckdb.DuckDBAppender am;

        DuckPollWriter(Connection c) throws SQLException {
            this.c = c;
            s = c.createStatement();
            s.execute("CREATE TABLE stage_connections AS SELECT * FROM connections LIMIT 0");
            s.execute("CREATE TABLE stage_minute AS SELECT * FROM traffic_minute LIMIT 0");
            c.commit();
            org.duckdb.DuckDBConnection d = (org.duckdb.DuckDBConnection) c;
            ac = d.createAppender(org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, "stage_connections");
            at = d.createAppender(org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, "traffic");
            am = d.createAppender(org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, "stage_minute");
        }

        public void connection(Object[] row) throws SQLException {
            append(ac, row);
        }

        public void traffic(Object[] row) throws SQLException {
            append(at, row);
        }

        public void minute(Object[] row) throws SQLException {
            append(am, row);
        }

        public void commit() throws SQLException {
            ac.flush();
            at.flush();
            am.flush();
            s.execute(insertConnection(false).replace("VALUES (" + String.join(",",
                    java.util.Collections.nCopies(CONNECTION_COLUMNS, "?")) + ")", "SELECT * FROM stage_connections")
                    + insertConnection(true).substring(insertConnection(true).indexOf(" ON CONFLICT")));
            s.execute(UPSERT_MINUTE.replace("VALUES (?,?,?,?,?,?,?,?)", "SELECT * FROM stage_minute"));
            s.execute("DELETE FROM stage_connections");
            s.execute("DELETE FROM stage_minute");
            c.commit();
        }

        public void close() throws SQLException {
            ac.close();
            at.close();
            am.close();
            s.close();
        }
    }

    static void append(org.duckdb.DuckDBAppender a, Object[] v) throws SQLException {
        a.beginRow();
        for (Object o : v) {
            switch (o) {
                case null -> a.appendNull();
                case Long l -> a.append(l.longValue());
                case Integer i -> a.append((long) i);
                case String str -> a.append(str);
                default -> throw new IllegalStateException(o.getClass().toString());
            }
        }
        a.endRow();
    }

    // ---- build: the 30-day database ----

    void build() throws Exception {
        Path file = dbFile("history");
        deleteDb(file);
        World w = new World();
        long connections = records / 10;
        long start = System.nanoTime();
        long rowsDone = 0;
        long rollRows = 0;
        try (Connection c = open(file, false)) {
            try (Statement s = c.createStatement()) {
                if (!duck()) {
                    s.execute("PRAGMA journal_mode=OFF");
                    s.execute("PRAGMA synchronous=OFF");
                    s.execute("PRAGMA cache_size=-262144");
                }
                for (String sql : schema(duck(), false)) {
                    s.execute(sql);
                }
            }
            Sink conns = sink(c, "connections", insertConnection(false), CONNECTION_COLUMNS);
            Sink deltas = sink(c, "traffic", INSERT_TRAFFIC, 4);
            Sink rollup = sink(c, "traffic_minute", "INSERT INTO traffic_minute VALUES (?,?,?,?,?,?,?,?)", 8);
            Map<Long, Map<String, long[]>> minutes = new java.util.TreeMap<>();
            long produced = 0;
            for (long id = 1; produced < records; id++) {
                long first = T0 + (id - 1) * SPAN / connections + w.random.nextInt(1000);
                int polls = 1;
                while (polls < 7200 && w.random.nextInt(9) != 0) {
                    polls++;
                }
                int prog = w.zipf(PROGRAMS);
                int remote = w.zipf(REMOTES);
                long sentTotal = 0;
                long receivedTotal = 0;
                Map<String, long[]> firstMinute = minutes.computeIfAbsent(first / 60_000 * 60_000, k -> new HashMap<>());
                firstMinute.computeIfAbsent(prog + "|" + remote, k -> new long[3])[2]++;
                for (int p = 1; p <= polls && produced + p < records; p++) {
                    long at = first + p * 1000L;
                    long sent = 40 + w.random.nextInt(4000);
                    long received = 60 + w.random.nextInt(w.random.nextInt(20) == 0 ? 1_000_000 : 20_000);
                    sentTotal += sent;
                    receivedTotal += received;
                    deltas.row(new Object[] {id, at, sent, received});
                    long[] r = minutes.computeIfAbsent(at / 60_000 * 60_000, k -> new HashMap<>())
                            .computeIfAbsent(prog + "|" + remote, k -> new long[3]);
                    r[0] += sent;
                    r[1] += received;
                    produced++;
                }
                long last = first + polls * 1000L;
                conns.row(connectionRow(w, id, first, last, last, prog, remote, sentTotal, receivedTotal));
                produced++;
                // minutes more than 2 h before this start are complete
                while (!minutes.isEmpty() && ((java.util.TreeMap<Long, Map<String, long[]>>) minutes).firstKey()
                        < first - 7_300_000L) {
                    var e = ((java.util.TreeMap<Long, Map<String, long[]>>) minutes).pollFirstEntry();
                    rollRows += flushMinute(w, rollup, e.getKey(), e.getValue());
                }
            }
            for (var e : minutes.entrySet()) {
                rollRows += flushMinute(w, rollup, e.getKey(), e.getValue());
            }
            conns.close();
            deltas.close();
            rollup.close();
            rowsDone = produced;
            double loadS = (System.nanoTime() - start) / 1e9;
            figure("build-load", loadS, "s");
            figure("build-load-rate", rowsDone / loadS, "records/s");
            long t = System.nanoTime();
            c.setAutoCommit(true);   // the loaders left a transaction open: the indexes must be committed
            try (Statement s = c.createStatement()) {
                for (String sql : indexes(duck())) {
                    s.execute(sql);
                }
                if (!duck()) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("ANALYZE");
                } else {
                    s.execute("CHECKPOINT");
                }
            }
            figure("build-indexes", (System.nanoTime() - t) / 1e9, "s");
        }
        figure("build-records", rowsDone, "records");
        figure("build-rollup-rows", rollRows, "rows");
        figure("build-total", (System.nanoTime() - start) / 1e9, "s");
        figure("size-on-disk", dbSize(file) / 1e6, "MB");
    }

    int flushMinute(World w, Sink rollup, long minute, Map<String, long[]> m) throws SQLException {
        for (Map.Entry<String, long[]> e : m.entrySet()) {
            String[] k = e.getKey().split("\\|");
            int pi = Integer.parseInt(k[0]);
            int ri = Integer.parseInt(k[1]);
            long[] v = e.getValue();
            rollup.row(new Object[] {minute, w.programs[pi], w.remotes[ri], w.exes[pi], w.names[ri], v[0], v[1], v[2]});
        }
        return m.size();
    }

    interface Sink {
        void row(Object[] values) throws SQLException;

        void close() throws SQLException;
    }

    Sink sink(Connection c, String table, String insert, int columns) throws SQLException {
        if (duck()) {
            org.duckdb.DuckDBAppender a = ((org.duckdb.DuckDBConnection) c).createAppender(
                    org.duckdb.DuckDBConnection.DEFAULT_SCHEMA, table);
            return new Sink() {
                public void row(Object[] v) throws SQLException {
                    a.beginRow();
                    for (Object o : v) {
                        switch (o) {
                            case null -> a.appendNull();
                            case Long l -> a.append(l.longValue());
                            case Integer i -> a.append((long) i);
                            case String s -> a.append(s);
                            default -> throw new IllegalStateException(o.getClass().toString());
                        }
                    }
                    a.endRow();
                }

                public void close() throws SQLException {
                    a.close();
                }
            };
        }
        c.setAutoCommit(false);
        PreparedStatement ps = c.prepareStatement(insert);
        return new Sink() {
            int pending;

            public void row(Object[] v) throws SQLException {
                bind(ps, v);
                ps.addBatch();
                if (++pending == 200_000) {
                    ps.executeBatch();
                    c.commit();
                    pending = 0;
                }
            }

            public void close() throws SQLException {
                ps.executeBatch();
                c.commit();
                ps.close();
            }
        };
    }

    // ---- open and query ----

    void openTime() throws Exception {
        Path file = dbFile("history");
        long[] ns = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            try (Connection c = open(file, true); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT max(id) FROM connections")) {
                rs.next();
            }
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        figure("open", ns[runs / 2] / 1e6, "ms");
    }

    record Query(String name, String sql, Object... params) {
    }

    List<Query> queries() {
        String div = duck() ? "//" : "/";
        String like = duck() ? "ILIKE" : "LIKE";
        long end = T0 + SPAN;
        long day = 86_400_000L;
        long hour = 3_600_000L;
        List<Query> q = new ArrayList<>();
        // the traffic chart from the per-minute rollup (buckets without rows are filled in Java)
        for (long[] rs : new long[][] {{30 * day, hour}, {24 * hour, 60_000}, {24 * hour, 3_600_000}, {hour, 60_000}}) {
            String n = "chart-" + label(rs[0]) + "-step-" + label(rs[1]);
            q.add(new Query(n, "SELECT (minute - ?) " + div + " ? AS b, sum(sent), sum(received) FROM traffic_minute "
                    + "WHERE minute >= ? AND minute < ? GROUP BY b ORDER BY b", end - rs[0], rs[1], end - rs[0], end));
        }
        // the same straight from the deltas (no rollup), and a step under a minute (only the deltas can)
        for (long[] rs : new long[][] {{30 * day, hour}, {24 * hour, 60_000}, {hour, 60_000}, {hour, 10_000}}) {
            String n = "chart-raw-" + label(rs[0]) + "-step-" + label(rs[1]);
            q.add(new Query(n, "SELECT (seen_at - ?) " + div + " ? AS b, sum(sent), sum(received) FROM traffic "
                    + "WHERE seen_at >= ? AND seen_at < ? GROUP BY b ORDER BY b", end - rs[0], rs[1], end - rs[0], end));
        }
        q.add(new Query("chart-24h-step-1m-program", "SELECT (minute - ?) " + div + " ? AS b, sum(sent), sum(received) "
                + "FROM traffic_minute WHERE minute >= ? AND minute < ? AND program " + like + " ? GROUP BY b ORDER BY b",
                end - day, 60_000L, end - day, end, "%prog3%"));
        for (String g : new String[] {"program", "remote_ip"}) {
            for (long w : new long[] {day, 30 * day}) {
                String n = "usage-" + (g.equals("program") ? "program" : "remote") + "-" + label(w);
                q.add(new Query(n, "SELECT " + g + ", max(" + (g.equals("program") ? "executable" : "remote_name")
                        + "), sum(sent), sum(received), sum(opened) FROM traffic_minute WHERE minute >= ? AND minute < ? "
                        + "GROUP BY " + g + " ORDER BY sum(sent) + sum(received) DESC LIMIT 50", end - w, end));
            }
        }
        q.add(new Query("usage-raw-program-24h", "SELECT c.program, sum(t.sent), sum(t.received), count(DISTINCT "
                + "t.connection_id) FROM traffic t JOIN connections c ON c.id = t.connection_id WHERE t.seen_at >= ? AND "
                + "t.seen_at < ? GROUP BY c.program ORDER BY sum(t.sent) + sum(t.received) DESC LIMIT 50", end - day, end));
        q.add(new Query("connections-program-24h", "SELECT * FROM connections WHERE last_seen >= ? AND first_seen < ? "
                + "AND (program " + like + " ? OR executable " + like + " ?) ORDER BY last_seen DESC LIMIT 100",
                end - day, end, "%prog7%", "%prog7%"));
        q.add(new Query("connections-remote-7d", "SELECT * FROM connections WHERE last_seen >= ? AND first_seen < ? "
                + "AND (remote_ip " + like + " ? OR remote_name " + like + " ?) ORDER BY last_seen DESC LIMIT 100",
                end - 7 * day, end, "%host1234.%", "%host1234.%"));
        q.add(new Query("connections-rare-remote-30d", "SELECT * FROM connections WHERE last_seen >= ? AND first_seen < ? "
                + "AND (remote_ip " + like + " ? OR remote_name " + like + " ?) ORDER BY last_seen DESC LIMIT 100",
                end - 30 * day, end, "%host19999.%", "%host19999.%"));
        q.add(new Query("connections-latest-page", "SELECT * FROM connections WHERE last_seen >= ? AND first_seen < ? "
                + "ORDER BY last_seen DESC LIMIT 100", end - hour, end));
        q.add(new Query("findings-list", "SELECT * FROM findings WHERE last_seen >= ? AND first_seen < ? "
                + "ORDER BY severity DESC, score DESC, last_seen DESC LIMIT 100", end - 30 * day, end));
        q.add(new Query("connection-timeline", "SELECT seen_at, sent, received FROM traffic WHERE connection_id = ? "
                + "ORDER BY seen_at LIMIT 10000", records / 20));
        q.add(new Query("connection-by-id", "SELECT * FROM connections WHERE id = ?", records / 20));
        return q;
    }

    static String label(long ms) {
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        return ms / 1000 + "s";
    }

    void query() throws Exception {
        Path file = dbFile("history");
        try (Connection c = open(file, false)) {
            fillFindings(c);
        }
        runQueries(file, queries().stream().filter(q -> !(skipRaw && q.name().contains("-raw-")))
                .filter(q -> q.name().contains(match)).toList());
    }

    void runQueries(Path file, List<Query> queries) throws Exception {
        try (Connection c = open(file, true)) {
            for (Query q : queries) {
                long[] ns = new long[runs];
                long rows = 0;
                try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                    for (int i = 0; i < q.params().length; i++) {
                        ps.setObject(i + 1, q.params()[i]);
                    }
                    for (int r = 0; r < runs; r++) {
                        long t = System.nanoTime();
                        rows = 0;
                        try (ResultSet rs = ps.executeQuery()) {
                            int n = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                for (int k = 1; k <= n; k++) {
                                    rs.getObject(k);
                                }
                                rows++;
                            }
                        }
                        ns[r] = System.nanoTime() - t;
                    }
                }
                long first = ns[0];
                Arrays.sort(ns);
                figure("query-" + q.name(), ns[runs / 2] / 1e6, "ms");
                figure("query-first-" + q.name(), first / 1e6, "ms");
                figure("rows-" + q.name(), rows, "rows");
            }
        }
    }

    void fillFindings(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM findings")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return;
            }
        }
        c.setAutoCommit(false);
        Random r = new Random(7);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (int i = 1; i <= 20_000; i++) {
                long first = T0 + r.nextLong(SPAN);
                Object[] row = {(long) i, "beacon|prog" + i % 60 + "|host" + i, "beacon", 1 + r.nextInt(5),
                    r.nextDouble() * 100, "prog connects every 60 s to host" + i, first, first,
                    first + r.nextLong(86_400_000L), 1L + r.nextInt(100), "OPEN", "", "[" + i + "]"};
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    // ---- rollup2: the coarser rollups of schema version 2, made from the built database ----

    void rollup2() throws Exception {
        Path file = dbFile("history");
        String text;
        try (InputStream in = HistoryBench.class.getClassLoader()
                .getResourceAsStream("org/connwatch/store/migrations/V2.sql")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = open(file, false); Statement s = c.createStatement()) {
            long t = System.nanoTime();
            for (String chunk : text.replaceAll("(?m)--.*$", "").split(";")) {
                String sql = chunk.strip();
                if (sql.isEmpty()) {
                    continue;
                }
                if (duck()) {
                    sql = sql.replace("WITHOUT ROWID", "").replace("INTEGER", "BIGINT").replace(" / 3600000", " // 3600000")
                            .replace("WHERE closed_at IS NULL", "");
                }
                s.execute(sql);
            }
            figure("rollup2-build", (System.nanoTime() - t) / 1e9, "s");
        }
        String div = duck() ? "//" : "/";
        long end = T0 + SPAN;
        long day = 86_400_000L;
        List<Query> q = new ArrayList<>();
        q.add(new Query("chart-30d-step-1h-totals", "SELECT (minute - ?) " + div + " ? AS b, sum(sent), sum(received) "
                + "FROM traffic_total_minute WHERE minute >= ? AND minute < ? GROUP BY b ORDER BY b",
                end - 30 * day, 3_600_000L, end - 30 * day, end));
        q.add(new Query("chart-1d-step-1m-totals", "SELECT (minute - ?) " + div + " ? AS b, sum(sent), sum(received) "
                + "FROM traffic_total_minute WHERE minute >= ? AND minute < ? GROUP BY b ORDER BY b",
                end - day, 60_000L, end - day, end));
        for (int g = 0; g < 2; g++) {
            for (long w : new long[] {day, 30 * day}) {
                q.add(new Query("usage-hourly-" + (g == 0 ? "program" : "remote") + "-" + label(w), "SELECT key, "
                        + "max(label), sum(sent), sum(received), sum(opened) FROM usage_hour WHERE grouping = " + g
                        + " AND hour >= ? AND hour < ? GROUP BY key ORDER BY sum(sent) + sum(received) DESC LIMIT 50",
                        end - w, end));
            }
        }
        runQueries(file, q);
    }

    // ---- helpers ----

    void figure(String name, double value, String unit) {
        System.out.printf("figure %s %s %s %s%n", engine, name,
                value >= 100 ? String.format("%.0f", value) : String.format("%.3g", value), unit);
        System.out.flush();
    }

    void deleteDb(Path file) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal", ".wal"}) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }

    static long dbSize(Path file) throws IOException {
        long size = 0;
        try (Stream<Path> s = Files.list(file.getParent())) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(file.getFileName().toString())).toList()) {
                size += Files.size(p);
            }
        }
        return size;
    }

    public static void main(String[] args) throws Exception {
        String engine = null;
        Path dir = null;
        long records = 50_000_000L;
        int runs = 5;
        String only = null;
        boolean skipRaw = false;
        String match = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--engine" -> engine = args[++i];
                case "--dir" -> dir = Path.of(args[++i]);
                case "--records" -> records = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--skip-raw" -> skipRaw = true;
                case "--match" -> match = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (engine == null || dir == null || !(engine.equals("sqlite") || engine.equals("duckdb"))) {
            throw new IllegalArgumentException("need --engine sqlite|duckdb and --dir DIR");
        }
        Files.createDirectories(dir);
        HistoryBench b = new HistoryBench(engine, dir, records, runs);
        b.skipRaw = skipRaw;
        b.match = match;
        Consumer<String> say = m -> System.err.println("[HistoryBench " + b.engine + "] " + m);
        if (only == null || only.equals("insert")) {
            say.accept("insert");
            b.insert();
        }
        if (only == null || only.equals("build")) {
            say.accept("build " + records + " records");
            b.build();
        }
        if (only == null || only.equals("open")) {
            b.openTime();
        }
        if (only == null || only.equals("query")) {
            say.accept("query");
            b.query();
        }
        if (only == null || only.equals("rollup2")) {
            say.accept("rollup2");
            b.rollup2();
        }
    }
}
