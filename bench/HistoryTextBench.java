// The history store's text lookups and its write cost, through the store itself (org.connwatch.store.HistoryStore,
// so whatever schema and query plan the classes on the class path have): docs/BENCHMARKS.md, "Text lookups".
//
//   java -cp 'target/classes:sqlite-jdbc.jar' bench/HistoryTextBench.java --state-dir DIR [--runs R]
//        [--only text|write]
//
//   text   opens DIR/history.sqlite with HistoryStore (a copy of bench/HistoryBench.java's 50 M database;
//          opening migrates it to the classes' schema, timed as "open-migrate-from-vN"), then ConnectionQuery
//          text criteria (program, local host, remote; rare, common, absent) over 24 h, 7 d and 30 d, a page
//          of 100, median of R runs (first run reported apart)
//   write  monitor-like writes to a fresh store in DIR/write/: 1,000 open connections, one 1-s poll a batch,
//          one in ten replaced by a new connection and one in ten rewritten each poll, a traffic delta for each
//          open one; median and p99 ms a poll over 300 polls
//
// Output: one line per figure, "figure sqlite NAME VALUE UNIT".
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.Enrichment;
import org.connwatch.records.ObserverType;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.SocketDetails;
import org.connwatch.records.Traffic;
import org.connwatch.records.Transport;
import org.connwatch.store.ConnectionQuery;
import org.connwatch.store.HistoryBatch;
import org.connwatch.store.HistoryStore;
import org.connwatch.store.StoreSettings;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficDelta;

public final class HistoryTextBench {

    /** The end of the 30 days of bench/HistoryBench.java's database. */
    static final Instant END = Instant.ofEpochMilli(1_790_000_000_000L + 30L * 24 * 3600 * 1000);

    record Text(String name, Duration window, String program, String host, String remote) {
    }

    static final List<Text> TEXTS = List.of(
            // prog2 and prog20..29: a fifth of all connections
            new Text("program-common-24h", Duration.ofDays(1), "prog2", null, null),
            new Text("program-common-30d", Duration.ofDays(30), "prog2", null, null),
            new Text("program-absent-30d", Duration.ofDays(30), "no-such-program", null, null),
            // every connection has local host 192.168.1.10
            new Text("host-all-24h", Duration.ofDays(1), null, "192.168.1.10", null),
            new Text("host-absent-30d", Duration.ofDays(30), null, "laptop", null),
            // host1234: about 500 connections; host19999 has no name (no match); .example.net: 70 %
            new Text("remote-7d", Duration.ofDays(7), null, null, "host1234."),
            new Text("remote-30d", Duration.ofDays(30), null, null, "host1234."),
            new Text("remote-rare-30d", Duration.ofDays(30), null, null, "host19999."),
            new Text("remote-common-24h", Duration.ofDays(1), null, null, "example.net"),
            // about 7,000 connections in 30 d, of two programs
            new Text("program-remote-30d", Duration.ofDays(30), "prog1", null, "host20."),
            // two characters: no trigram, the plain LIKE
            new Text("remote-2-chars-24h", Duration.ofDays(1), null, null, "::"));

    static void figure(String name, double value, String unit) {
        System.out.printf("figure sqlite %s %s %s%n", name,
                value >= 100 ? String.format("%.0f", value) : String.format("%.3g", value), unit);
        System.out.flush();
    }

    static void text(Path stateDir, int runs) {
        long t = System.nanoTime();
        try (HistoryStore h = HistoryStore.open(stateDir, StoreSettings.DEFAULTS)) {
            figure("open-migrate-from-v" + h.schemaVersionAtOpen(), (System.nanoTime() - t) / 1e6, "ms");
            for (Text q : TEXTS) {
                ConnectionQuery cq = new ConnectionQuery(END.minus(q.window()), END, q.program(), q.host(), q.remote(),
                        null, false, 100);
                long[] ns = new long[runs];
                int rows = 0;
                for (int r = 0; r < runs; r++) {
                    long s = System.nanoTime();
                    rows = h.connections(cq).size();
                    ns[r] = System.nanoTime() - s;
                }
                long first = ns[0];
                Arrays.sort(ns);
                figure("text-" + q.name(), ns[runs / 2] / 1e6, "ms");
                figure("text-first-" + q.name(), first / 1e6, "ms");
                figure("rows-" + q.name(), rows, "rows");
            }
        }
    }

    static Connection connection(Random random, long id, Instant first, Instant last, long bytes) {
        int prog = (int) (Math.pow(random.nextDouble(), 3) * 60);
        int remote = (int) (Math.pow(random.nextDouble(), 3) * 20_000);
        String ip = "198." + (18 + remote / 65536) + "." + (remote / 256 % 256) + "." + (remote % 256);
        String name = remote % 10 < 7 ? "host" + remote + ".example.net" : null;
        ProcessInfo p = new ProcessInfo(1000 + prog, 1, "prog" + prog, "/usr/bin/prog" + prog, false,
                "/usr/bin/prog" + prog + " --flag " + id % 7, 1000, "user", first.minusSeconds(86_400), null);
        return new Connection(ObserverType.SOCKET, Transport.TCP, ConnectionState.ESTABLISHED,
                Endpoint.of("192.168.1.10", 30000 + (int) (id % 30000)), Endpoint.of(ip, 443), Direction.OUTBOUND,
                new Traffic(bytes, bytes * 10, -1, -1), first, last, p, new SocketDetails(100_000 + id, 1000, 0, 0, null),
                new Enrichment("https", AddressClass.PUBLIC, name), null);
    }

    static void write(Path dir) throws IOException {
        Path stateDir = dir.resolve("write");
        if (Files.exists(stateDir)) {
            try (Stream<Path> s = Files.walk(stateDir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        int open = 1_000;
        int polls = 300;
        Random random = new Random(42);
        Instant t0 = END.minus(Duration.ofHours(1));
        long[] ids = new long[open];
        Connection[] conns = new Connection[open];
        long nextId = 1;
        for (int i = 0; i < open; i++) {
            ids[i] = nextId++;
            conns[i] = connection(random, ids[i], t0, t0, 0);
        }
        long[] ns = new long[polls];
        try (HistoryStore h = HistoryStore.open(stateDir, StoreSettings.DEFAULTS)) {
            for (int p = 0; p < polls; p++) {
                Instant at = t0.plusSeconds(p);
                List<TrackedConnection> changed = new ArrayList<>();
                List<TrafficDelta> deltas = new ArrayList<>(open);
                for (int i = 0; i < open; i++) {
                    if (p > 0 && i % 10 == p % 10) {
                        ids[i] = nextId++;       // one in ten replaced by a new connection
                        conns[i] = connection(random, ids[i], at, at, 0);
                    } else if (p > 0 && i % 10 == (p + 5) % 10) {
                        Connection c = conns[i];   // one in ten changed: more bytes, a later last seen
                        conns[i] = new Connection(c.observer(), c.transport(), c.state(), c.local(), c.remote(),
                                c.direction(), new Traffic(p * 100L, p * 1000L, -1, -1), c.firstSeen(), at,
                                c.process(), c.socket(), c.enrichment(), null);
                    } else if (p > 0) {
                        deltas.add(new TrafficDelta(ids[i], at, 100, 1000));
                        continue;
                    }
                    changed.add(new TrackedConnection(ids[i], conns[i], null));
                    deltas.add(new TrafficDelta(ids[i], at, 100, 1000));
                }
                long s = System.nanoTime();
                h.write(new HistoryBatch(at, changed, deltas, List.of()));
                ns[p] = System.nanoTime() - s;
            }
        }
        Arrays.sort(ns);
        figure("write-1000-poll-median", ns[polls / 2] / 1e6, "ms");
        figure("write-1000-poll-p99", ns[polls * 99 / 100] / 1e6, "ms");
    }

    public static void main(String[] args) throws Exception {
        Path dir = null;
        int runs = 5;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--state-dir" -> dir = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("need --state-dir DIR (holding a copy of the bench's history.sqlite)");
        }
        if (only == null || only.equals("write")) {
            write(dir);
        }
        if (only == null || only.equals("text")) {
            text(dir, runs);
        }
    }
}
