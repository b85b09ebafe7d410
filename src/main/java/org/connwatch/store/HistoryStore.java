package org.connwatch.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.JDBC;

/**
 * The {@link History} in an SQLite database, {@value #FILE_NAME} in the state directory (the engine chosen by
 * measuring, docs/BENCHMARKS.md; schema, migrations, durability and retention in docs/ARCHITECTURE.md).
 *
 * <p>Threads: one writer at a time ({@link #write}, {@link #retain} take the write lock) and any number of
 * readers at once, each query on a read connection of a small pool; SQLite's WAL lets readers (also in
 * other processes, such as {@code connwatch history}) read while the writer writes. When {@link #write}
 * returns, the batch is committed with {@code synchronous=FULL}: it survives kill -9 and a power cut.
 */
public final class HistoryStore implements History {

    /** The database's file name in the state directory. */
    public static final String FILE_NAME = "history.sqlite";
    private static final int READERS = 4;

    private final Path file;
    private final StoreSettings settings;
    private final Connection writer;
    private final Object writeLock = new Object();
    private final BatchWriter batchWriter;
    private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(READERS);
    private final List<Connection> allReaders = new ArrayList<>();
    private final AtomicLong skipped = new AtomicLong();
    private final ConnectionReads connectionReads = new ConnectionReads(skipped);
    private final int schemaVersionAtOpen;
    private volatile long lastConnectionId;
    private volatile long lastFindingId;
    private volatile boolean closed;
    private Instant nextRetention = Instant.MIN;

    private HistoryStore(Path file, StoreSettings settings, Connection writer, int versionAtOpen) throws SQLException {
        this.file = file;
        this.settings = settings;
        this.writer = writer;
        this.batchWriter = new BatchWriter(writer);
        this.schemaVersionAtOpen = versionAtOpen;
        this.lastConnectionId = meta("last_connection_id");
        this.lastFindingId = meta("last_finding_id");
    }

    /** The database file of the history in {@code stateDir}. */
    public static Path file(Path stateDir) {
        return stateDir.resolve(FILE_NAME);
    }

    /** True when {@code stateDir} holds a history (a non-empty database file). */
    public static boolean exists(Path stateDir) {
        Path f = file(stateDir);
        try {
            return Files.isRegularFile(f) && Files.size(f) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens the history in {@code stateDir} (creating the directory and the database when missing) and
     * brings its schema up to date.
     *
     * @throws HistoryException when it cannot be opened, is not a history, or was written by a newer connwatch
     */
    public static HistoryStore open(Path stateDir, StoreSettings settings) {
        Path f = file(stateDir);
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new HistoryException("cannot create the state directory " + stateDir + ": " + e.getMessage(), e);
        }
        Connection c = null;
        try {
            boolean fresh = !Files.exists(f) || Files.size(f) == 0;
            c = connect(f, false);
            try (Statement s = c.createStatement()) {
                if (fresh) {
                    s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                }
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = FULL");
                s.execute("PRAGMA journal_size_limit = 67108864");
            }
            int before = Migrations.builtIn().apply(c, f, System.currentTimeMillis());
            return new HistoryStore(f, settings, c, before);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof HistoryException h) {
                throw h;
            }
            throw new HistoryException("cannot open the history " + f + ": " + e.getMessage(), e);
        }
    }

    /** The schema version the file had when it was opened (0 for a new file); it is now the latest. */
    public int schemaVersionAtOpen() {
        return schemaVersionAtOpen;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public long lastConnectionId() {
        return lastConnectionId;
    }

    @Override
    public long lastFindingId() {
        return lastFindingId;
    }

    @Override
    public void write(HistoryBatch batch) {
        synchronized (writeLock) {
            checkOpen();
            if (!batch.isEmpty()) {
                try {
                    writer.setAutoCommit(false);
                    long[] max = batchWriter.write(batch, lastConnectionId);
                    writer.commit();
                    lastConnectionId = Math.max(lastConnectionId, max[0]);
                    lastFindingId = Math.max(lastFindingId, max[1]);
                } catch (SQLException | RuntimeException e) {
                    rollback();
                    batchWriter.forget();
                    throw new HistoryException("writing to the history " + file + " failed: " + e.getMessage(), e);
                } finally {
                    autoCommit();
                }
            }
            if (!batch.at().isBefore(nextRetention)) {
                retain(batch.at());
            }
        }
    }

    /**
     * Runs retention now (as {@link #write} does every {@link StoreSettings#retentionEvery()}): deletes what
     * is older than the age limit, then the oldest until the data fit the byte cap.
     */
    public RetentionReport retain(Instant now) {
        synchronized (writeLock) {
            checkOpen();
            try {
                RetentionReport r = Retention.run(writer, settings, now);
                nextRetention = now.plus(settings.retentionEvery());
                return r;
            } catch (SQLException e) {
                throw new HistoryException("retention on the history " + file + " failed: " + e.getMessage(), e);
            } finally {
                autoCommit();
            }
        }
    }

    @Override
    public List<TrackedConnection> connections(ConnectionQuery query) {
        return read(db -> connectionReads.connections(db, query));
    }

    @Override
    public Optional<TrackedConnection> connection(long id) {
        return read(db -> connectionReads.connection(db, id));
    }

    @Override
    public List<TrafficDelta> trafficOf(long connectionId, int limit) {
        return read(db -> connectionReads.trafficOf(db, connectionId, limit));
    }

    @Override
    public List<TrafficBucket> traffic(Instant from, Instant to, Duration step, ConnectionQuery filter) {
        return read(db -> TrafficReads.traffic(db, from, to, step, filter));
    }

    @Override
    public List<Usage> usage(Instant from, Instant to, UsageGroup by, int limit) {
        return read(db -> TrafficReads.usage(db, from, to, by, limit));
    }

    @Override
    public List<FindingState> findings(FindingQuery q) {
        return read(db -> {
            List<Object> params = new ArrayList<>(List.of(q.from().toEpochMilli(), q.to().toEpochMilli()));
            StringBuilder where = new StringBuilder("last_seen >= ? AND first_seen < ?");
            if (q.detector() != null && !q.detector().isEmpty()) {
                where.append(" AND detector = ?");
                params.add(q.detector());
            }
            if (!q.statuses().isEmpty()) {
                where.append(" AND status IN (").append(String.join(", ",
                        q.statuses().stream().map(s -> "'" + s.name() + "'").sorted().toList())).append(')');
            }
            return findings(db, "SELECT " + FindingRows.COLUMNS + " FROM findings WHERE " + where
                    + " ORDER BY severity DESC, score DESC, last_seen DESC, id DESC LIMIT " + q.limit(), params);
        });
    }

    @Override
    public Optional<FindingState> finding(long id) {
        return read(db -> findings(db, "SELECT " + FindingRows.COLUMNS + " FROM findings WHERE id = ?",
                List.of(id)).stream().findFirst());
    }

    @Override
    public StoreStats stats() {
        return read(db -> {
            long connections = Retention.scalar(db, "SELECT count(*) FROM connections");
            long findings = Retention.scalar(db, "SELECT count(*) FROM findings");
            long oldest = Retention.scalar(db, "SELECT min(last_seen) FROM connections");
            return new StoreStats(connections, findings, bytesOnDisk(),
                    oldest == Long.MIN_VALUE ? null : Instant.ofEpochMilli(oldest));
        });
    }

    /** Rows skipped because they no longer made a valid record (a damaged or hand-edited file), since open. */
    public long skippedRows() {
        return skipped.get() + batchWriterSkipped();
    }

    /** SQLite's {@code PRAGMA integrity_check}: "ok", or the problems it found, one a line. */
    public String checkIntegrity() {
        return read(db -> {
            StringBuilder out = new StringBuilder();
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                while (rs.next()) {
                    out.append(out.isEmpty() ? "" : "\n").append(rs.getString(1));
                }
            }
            return out.toString();
        });
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (allReaders) {
                allReaders.forEach(HistoryStore::closeQuietly);
            }
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA optimize");
            } catch (SQLException e) {
                // the data are committed; optimize only helps the next queries
            }
            closeQuietly(writer);
        }
    }

    private long batchWriterSkipped() {
        synchronized (writeLock) {
            return batchWriter.skippedDeltas();
        }
    }

    private List<FindingState> findings(Connection db, String sql, List<Object> params) throws SQLException {
        List<FindingState> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ConnectionReads.bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.add(FindingRows.read(db, rs));
                    } catch (IllegalArgumentException | NullPointerException e) {
                        skipped.incrementAndGet();
                    }
                }
            }
        }
        return out;
    }

    private interface Read<T> {
        T apply(Connection db) throws SQLException;
    }

    private <T> T read(Read<T> query) {
        checkOpen();
        Connection db = idleReaders.poll();
        try {
            if (db == null) {
                db = newReaderOrWait();
            }
            return query.apply(db);
        } catch (SQLException e) {
            throw new HistoryException("reading the history " + file + " failed: " + e.getMessage(), e);
        } finally {
            if (db != null && !idleReaders.offer(db)) {
                closeQuietly(db);
            }
        }
    }

    private Connection newReaderOrWait() throws SQLException {
        synchronized (allReaders) {
            if (allReaders.size() < READERS) {
                Connection c = connect(file, true);
                allReaders.add(c);
                return c;
            }
        }
        try {
            return idleReaders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryException("interrupted while waiting for a reader of the history " + file);
        }
    }

    private long meta(String name) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement("SELECT value FROM store_meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private long bytesOnDisk() {
        long size = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                size += Files.size(Path.of(file + suffix));
            } catch (IOException e) {
                // a WAL or shared-memory file that is not there takes no room
            }
        }
        return size;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the history " + file + " is closed");
        }
    }

    private void rollback() {
        try {
            writer.rollback();
        } catch (SQLException e) {
            // the connection is broken: the transaction is gone with it
        }
    }

    private void autoCommit() {
        try {
            writer.setAutoCommit(true);
        } catch (SQLException e) {
            throw new HistoryException("the history " + file + " is in an unknown state: " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path f, boolean readOnly) throws SQLException {
        Properties p = new Properties();
        p.setProperty("busy_timeout", "10000");
        if (readOnly) {
            p.setProperty("open_mode", "1");   // SQLITE_OPEN_READONLY
        }
        Connection c = new JDBC().connect(JDBC.PREFIX + f.toAbsolutePath(), p);
        if (c == null) {
            throw new SQLException("the SQLite driver refused " + f);
        }
        return c;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing: nothing left to save
            }
        }
    }
}
