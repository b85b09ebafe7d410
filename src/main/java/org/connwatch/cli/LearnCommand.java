package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.connwatch.baseline.Baseline;
import org.connwatch.baseline.BaselineBuilder;
import org.connwatch.baseline.BaselineLimits;
import org.connwatch.baseline.BaselineStore;
import org.connwatch.baseline.Dropped;
import org.connwatch.present.ConnectionFilter;
import org.connwatch.records.Connection;
import org.connwatch.store.ConnectionQuery;
import org.connwatch.store.History;
import org.connwatch.store.HistoryStore;
import org.connwatch.store.StoreSettings;
import org.connwatch.store.TrackedConnection;
import org.connwatch.source.Snapshot;
import org.connwatch.source.linux.LinuxSocketSource;
import org.connwatch.source.zeek.ReadReport;
import org.connwatch.source.zeek.ZeekConnLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code connwatch learn}: records what programs and hosts normally do into the baseline of the state directory. */
@Command(name = "learn", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = VersionProvider.class,
        description = {
            "Learns what is normal: for each program on this machine (or each host of a",
            "conn.log) the address blocks, domains and ports it connects to, the ports it",
            "listens on, and its executable's SHA-256. Merges into the baseline kept in the",
            "state directory; later checks flag what is new. Without --from, takes socket",
            "snapshots of this machine (run as root to see every program); with --from-history,",
            "reads what 'connwatch serve' recorded in the same state directory."
        })
final class LearnCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the baseline is kept. Default: $XDG_STATE_HOME/connwatch or ~/.local/state/connwatch.")
    private Path stateDir;

    @Option(names = "--from", paramLabel = "FILE", arity = "1..*",
            description = "Learn from Zeek conn.log files or directories of them instead of this machine.")
    private List<Path> from;

    @Option(names = "--from-history",
            description = "Learn from the connections 'connwatch serve' kept in the state directory's history.")
    private boolean fromHistory;

    @Option(names = "--since", paramLabel = "TIME",
            description = "With --from-history: from this time (2h, 7d, 2w ago, or an ISO time). Default: all of it.")
    private String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "With --from-history: up to this time (as --since). Default: now.")
    private String until;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Keep taking snapshots for this long (30s, 10m, 2h, 1d). Default: one snapshot.")
    private Duration duration;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time between snapshots with --duration. Default: 5s.")
    private Duration interval;

    @Option(names = "--reset", description = "Forget the stored baseline and start over.")
    private boolean reset;

    @Override
    public Integer call() throws IOException, InterruptedException {
        checkArguments();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BaselineStore store = stateDir == null ? BaselineStore.atDefaultLocation() : new BaselineStore(stateDir);
        Baseline before = reset ? Baseline.EMPTY : store.loadOrEmpty();
        BaselineBuilder builder = BaselineBuilder.from(before, BaselineLimits.defaults());
        long learnedBefore = builder.records();
        String what;
        if (fromHistory) {
            Path dir = store.directory();
            what = learnFromHistory(dir, builder);
        } else if (from != null) {
            ReadReport report = ZeekConnLog.read(from, builder::learn);
            tellAbout(report, err);
            what = report.files().size() == 1 ? report.files().get(0).toString() : report.files().size() + " files";
        } else {
            what = learnLive(builder, store, err);
        }
        Baseline after = builder.build();
        store.save(after);
        summarize(after, builder.records() - learnedBefore, what, store, out);
        out.flush();
        return 0;
    }

    private void checkArguments() {
        if (fromHistory && from != null) {
            throw new UsageException("--from and --from-history are two different sources: give one");
        }
        if (fromHistory && (duration != null || interval != null)) {
            throw new UsageException("--duration and --interval are for snapshots of this machine, not with --from-history");
        }
        if (!fromHistory && (since != null || until != null)) {
            throw new UsageException("--since and --until choose what of the history to learn from: they need --from-history");
        }
        if (from != null && (duration != null || interval != null)) {
            throw new UsageException("--duration and --interval are for snapshots of this machine, not with --from");
        }
        if (duration != null && duration.isZero()) {
            throw new UsageException("--duration must be more than 0");
        }
        if (interval != null && interval.isZero()) {
            throw new UsageException("--interval must be more than 0");
        }
        if (interval != null && duration == null) {
            throw new UsageException("--interval needs --duration (without it, one snapshot is taken)");
        }
    }

    /** Takes snapshots until the duration is over, saving after each so that an interruption keeps them. */
    private String learnLive(BaselineBuilder builder, BaselineStore store, PrintWriter err)
            throws IOException, InterruptedException {
        Duration pause = interval == null ? Duration.ofSeconds(5) : interval;
        long deadline = System.nanoTime() + (duration == null ? 0 : duration.toNanos());
        ConnectionPipeline pipeline = new ConnectionPipeline(null, Duration.ofSeconds(1));
        int snapshots = 0;
        try (LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults().withHashes(true))) {
            while (true) {
                Snapshot snap = source.snapshot();
                if (snapshots == 0) {
                    snap.notices().forEach(n -> err.println("connwatch learn: note: " + n));
                }
                builder.learn(pipeline.prepare(snap.connections(), ConnectionFilter.all()));
                snapshots++;
                if (System.nanoTime() + pause.toNanos() > deadline) {
                    break;
                }
                store.save(builder.build());
                Thread.sleep(pause);
            }
        }
        return snapshots + (snapshots == 1 ? " snapshot" : " snapshots") + " of this machine";
    }

    /**
     * Learns every connection of the history that began in [since, until), a day at a time (a window
     * holding more than a query's limit is split further), each connection once: in the window of its
     * first sighting.
     */
    private String learnFromHistory(Path dir, BaselineBuilder builder) {
        if (!HistoryStore.exists(dir)) {
            throw new UsageException("no history in " + dir + ": 'connwatch serve' (with the same --state-dir) keeps one");
        }
        Instant now = Instant.now();
        Instant to = until == null ? now : TimeArgument.parse("--until", until, now);
        try (HistoryStore history = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            Instant oldest = history.stats().oldest();
            Instant start = since != null ? TimeArgument.parse("--since", since, now)
                    : oldest == null ? to.minus(Duration.ofDays(1)) : oldest;
            if (!to.isAfter(start)) {
                throw new UsageException("--since must be before --until");
            }
            long learned = 0;
            for (Instant t = start; t.isBefore(to); ) {
                Instant end = t.plus(Duration.ofDays(1)).isAfter(to) ? to : t.plus(Duration.ofDays(1));
                learned += learnWindow(history, builder, t, end, t.equals(start));
                t = end;
            }
            return count(learned, "connection") + " of the history in " + dir + " (" + TIME.format(start) + " to "
                    + TIME.format(to) + " UTC)";
        }
    }

    private static long learnWindow(History history, BaselineBuilder builder, Instant from, Instant to, boolean first) {
        List<TrackedConnection> page = history.connections(new ConnectionQuery(from, to, null, null, null, null, false,
                ConnectionQuery.MAX_LIMIT));
        if (page.size() == ConnectionQuery.MAX_LIMIT && Duration.between(from, to).compareTo(Duration.ofSeconds(2)) > 0) {
            Instant middle = from.plus(Duration.between(from, to).dividedBy(2));
            return learnWindow(history, builder, from, middle, first) + learnWindow(history, builder, middle, to, false);
        }
        List<Connection> mine = page.stream().map(TrackedConnection::connection)
                .filter(c -> !c.firstSeen().isBefore(from) || first)
                .filter(c -> c.firstSeen().isBefore(to))
                .toList();
        builder.learn(mine);
        return mine.size();
    }

    private static void tellAbout(ReadReport report, PrintWriter err) {
        String name = "connwatch learn: note: ";
        if (report.malformed() > 0) {
            err.println(name + "skipped " + report.malformed() + " malformed line(s); the first: "
                    + report.malformedExamples().get(0));
        }
        report.skipped().forEach((why, n) -> err.println(name + "left out " + n + " " + why));
        report.problems().forEach(p -> err.println(name + p));
    }

    private static void summarize(Baseline b, long learned, String what, BaselineStore store, PrintWriter out) {
        out.println("Learned " + count(learned, "connection") + " from " + what + ".");
        out.println("The baseline now holds " + count(b.actors().size(), "actor") + ", "
                + count(b.destinationCount(), "destination") + ", " + count(b.listenerCount(), "listener") + " and "
                + count(b.executables().size(), "executable") + ", from " + count(b.records(), "connection")
                + (b.started().isEmpty() ? "" : " seen " + TIME.format(b.started().get()) + " to "
                        + TIME.format(b.ended().orElseThrow()) + " UTC") + ".");
        Dropped d = b.dropped();
        if (!d.none()) {
            out.println("Left out at the caps: " + count(d.actors(), "record") + " of new actors, "
                    + count(d.destinations(), "record") + " of new destinations, " + count(d.listeners(), "record")
                    + " of new listeners, " + count(d.executables(), "record") + " of new executables.");
        }
        out.println("Saved to " + store.file() + ".");
    }

    /** "1 actor", "1,234 actors". */
    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT10M}). */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            Matcher m = SIMPLE.matcher(v);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            try {
                Duration d = Duration.parse(value.strip());
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException e) {
                // falls through to the message below
            }
            throw new TypeConversionException("'" + value + "' is not a duration such as 30s, 10m, 2h or 1d");
        }
    }
}
