package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.detect.Finding;
import org.connwatch.enrich.ReverseDns;
import org.connwatch.present.Column;
import org.connwatch.present.ConnectionFilter;
import org.connwatch.present.ConnectionSort;
import org.connwatch.present.CsvExport;
import org.connwatch.present.ExportFields;
import org.connwatch.present.FieldContext;
import org.connwatch.present.JsonExport;
import org.connwatch.present.OutputFormat;
import org.connwatch.present.ParallelRender;
import org.connwatch.present.TableView;
import org.connwatch.records.Cidr;
import org.connwatch.records.CommunityId;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;
import org.connwatch.source.Snapshot;
import org.connwatch.source.capture.file.CaptureReadReport;
import org.connwatch.source.linux.LinuxSocketSource;
import org.connwatch.source.zeek.ReadReport;
import org.connwatch.source.zeek.ZeekConnLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code connwatch ls}: every socket on this machine with its program, bytes and service. */
@Command(name = "ls", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = VersionProvider.class,
        description = {
            "Lists every TCP and UDP socket on this machine with the program behind it, the bytes it moved,",
            "its service and its direction: a readable 'ss -tuanp'. Run as root to see every program."
        })
final class LsCommand implements Callable<Integer> {

    /** When to colour the table. */
    enum ColourChoice { AUTO, ALWAYS, NEVER }

    @Spec
    private CommandSpec spec;

    @Mixin
    private DetectionOptions detection = new DetectionOptions();

    @Option(names = "--tcp", description = "Only TCP sockets.")
    private boolean tcp;

    @Option(names = "--udp", description = "Only UDP sockets.")
    private boolean udp;

    @Option(names = {"-l", "--listening"}, description = "Only listening sockets (TCP LISTEN, unconnected UDP).")
    private boolean listening;

    @Option(names = {"-e", "--established"}, description = "Only established connections.")
    private boolean established;

    @Option(names = {"-p", "--process"}, paramLabel = "NAME",
            description = "Only this program: part of its name or executable file name, or its pid.")
    private String process;

    @Option(names = "--port", paramLabel = "PORT", split = ",", converter = Converters.PortConverter.class,
            description = "Only sockets with this local or remote port (a number or a service name such as https).")
    private List<Integer> ports = new ArrayList<>();

    @Option(names = "--remote", paramLabel = "CIDR", split = ",", converter = Converters.CidrConverter.class,
            description = "Only connections whose remote address is in this block (10.0.0.0/8, 2001:db8::/32, 1.2.3.4).")
    private List<Cidr> remotes = new ArrayList<>();

    @Option(names = "--public", description = "Only connections to public internet addresses.")
    private boolean publicOnly;

    @Option(names = "--suspicious",
            description = "Only connections a detector flagged, worst first (see 'connwatch scan' for the reasons).")
    private boolean suspicious;

    @Option(names = {"-s", "--sort"}, paramLabel = "COLUMNS", split = ",", defaultValue = "proto,dir,local",
            description = "Sort by these columns (${COMPLETION-CANDIDATES}); rx and tx sort largest first. "
                    + "Default: ${DEFAULT-VALUE}.",
            completionCandidates = ColumnNames.class)
    private List<String> sort;

    @Option(names = {"-r", "--reverse"}, description = "Reverse the sort order.")
    private boolean reverse;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json (one array of ECS documents), ndjson or csv. Default: ${DEFAULT-VALUE}.")
    private OutputFormat format;

    @Option(names = "--resolve", description = "Show the DNS name of each remote address (reverse DNS, cached).")
    private boolean resolve;

    @Option(names = "--resolve-timeout", paramLabel = "MS", defaultValue = "1000",
            description = "Longest wait for reverse DNS, in milliseconds. Default: ${DEFAULT-VALUE}.")
    private long resolveTimeoutMillis;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the table: auto (on a terminal, unless NO_COLOR is set), always, never.")
    private ColourChoice colour;

    @Option(names = {"-w", "--watch"}, paramLabel = "SECONDS", arity = "0..1", fallbackValue = "2",
            description = "Redraw every SECONDS (default 2) until interrupted.")
    private Double watchSeconds;

    @Option(names = "--watch-count", hidden = true, defaultValue = "0",
            description = "Stop watching after this many redraws (for tests).")
    private int watchCount;

    @Option(names = "--socket-reader", paramLabel = "READER", defaultValue = "auto",
            description = "How to read the socket tables: auto (netlink, else /proc/net), netlink, procfs.")
    private LinuxSocketSource.Mechanism mechanism;

    @Option(names = "--from", paramLabel = "FILE", arity = "1..*",
            description = "Show the flows of recorded traffic instead of this machine's sockets: capture files "
                    + "(pcap, pcapng) or Zeek conn.logs.")
    private List<Path> from;

    @Mixin
    private FlowOptions flowOptions = new FlowOptions();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (from != null) {
            return fromFiles();
        }
        if (resolveTimeoutMillis < 0 || resolveTimeoutMillis > 60_000) {
            throw new UsageException("--resolve-timeout " + resolveTimeoutMillis + " is outside 0..60000 ms");
        }
        if (watchSeconds != null && !(watchSeconds >= 0.1 && watchSeconds <= 86_400)) {
            throw new UsageException("--watch " + watchSeconds + " is outside 0.1..86400 seconds");
        }
        ConnectionSort order = order();
        ConnectionFilter filter = filter();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LinuxSocketSource.Options options = LinuxSocketSource.Options.defaults().withMechanism(mechanism)
                .withHashes(format != OutputFormat.TABLE);
        ReverseDns dns = resolve ? new ReverseDns(org.connwatch.enrich.HostNameLookup.system()) : null;
        ConnectionPipeline pipeline = new ConnectionPipeline(dns, Duration.ofMillis(resolveTimeoutMillis));
        FieldContext context = new FieldContext(HostName.local(), new CommunityId(0));
        DetectionEngine engine = detection.engine("ls", err, DetectionOptions.machineIdentity());
        try (LinuxSocketSource source = LinuxSocketSource.open(options)) {
            if (watchSeconds == null) {
                Snapshot snap = source.snapshot();
                snap.notices().forEach(n -> err.println("connwatch ls: note: " + n));
                render(select(pipeline.prepare(snap.connections(), filter), order, engine), context, out);
                return 0;
            }
            return watch(source, pipeline, filter, order, engine, context, out, err);
        }
    }

    /** {@code ls --from FILE}: the flows of captures (or conn.logs) through the same filters, sort and views. */
    private int fromFiles() throws IOException {
        if (watchSeconds != null) {
            throw new UsageException("--watch shows live sockets; it cannot be used with --from");
        }
        if (resolveTimeoutMillis < 0 || resolveTimeoutMillis > 60_000) {
            throw new UsageException("--resolve-timeout " + resolveTimeoutMillis + " is outside 0..60000 ms");
        }
        ConnectionSort order = order();
        ConnectionFilter filter = filter();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RecordedInputs sorted = RecordedInputs.sort(from);
        List<Path> captures = sorted.captures();
        List<Path> logs = sorted.logs();
        List<Connection> records = new ArrayList<>();
        if (!captures.isEmpty()) {
            CaptureFlows read = CaptureFlows.load(captures, flowOptions, Long.MAX_VALUE, true);
            for (CaptureReadReport r : read.reads()) {
                if (!r.complete()) {
                    err.println("connwatch ls: note: " + r.warning());
                }
            }
            records.addAll(read.flows());
        }
        if (!logs.isEmpty()) {
            ReadReport report = ZeekConnLog.read(logs, records::add);
            report.problems().forEach(p -> err.println("connwatch ls: note: " + p));
            if (report.malformed() > 0) {
                err.println("connwatch ls: note: skipped " + report.malformed() + " malformed line(s)");
            }
        }
        ReverseDns dns = resolve ? new ReverseDns(org.connwatch.enrich.HostNameLookup.system()) : null;
        ConnectionPipeline pipeline = new ConnectionPipeline(dns, Duration.ofMillis(resolveTimeoutMillis));
        FieldContext context = new FieldContext(HostName.local(), new CommunityId(0));
        DetectionEngine engine = detection.engine("ls", err);
        columns = captures.isEmpty() ? Column.socketColumns() : Column.flowColumns();
        render(select(pipeline.prepare(records, filter), order, engine), context, out);
        return 0;
    }

    /** The table's columns: a socket's program, or a captured flow's device. */
    private List<Column> columns = Column.socketColumns();

    private int watch(LinuxSocketSource source, ConnectionPipeline pipeline, ConnectionFilter filter,
                      ConnectionSort order, DetectionEngine engine, FieldContext context, PrintWriter out,
                      PrintWriter err)
            throws IOException, InterruptedException {
        Set<String> told = new HashSet<>();
        long periodNanos = (long) (watchSeconds * 1e9);
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
        for (int i = 0; watchCount == 0 || i < watchCount; i++) {
            long start = System.nanoTime();
            Snapshot snap = source.snapshot();
            for (String n : snap.notices()) {
                if (told.add(n)) {
                    err.println("connwatch ls: note: " + n);
                }
            }
            Flagged shown = select(pipeline.prepare(snap.connections(), filter), order, engine);
            StringWriter frame = new StringWriter();
            PrintWriter page = new PrintWriter(frame);
            if (format == OutputFormat.TABLE) {
                page.print("\u001b[H\u001b[2J"); // home, clear screen
                page.printf("connwatch ls  %s  every %ss  %s%n%n", clock.format(snap.takenAt()),
                        watchSeconds % 1 == 0 ? Long.toString(watchSeconds.longValue()) : watchSeconds.toString(),
                        source.description());
            }
            render(shown, context, page);
            page.flush();
            out.print(frame);
            out.flush();
            long sleep = periodNanos - (System.nanoTime() - start);
            if (sleep > 0 && (watchCount == 0 || i + 1 < watchCount)) {
                Thread.sleep(Duration.ofNanos(sleep));
            }
        }
        return 0;
    }

    /** The rows to show and their flags: every detector runs over what passed the filter. */
    private record Flagged(List<Connection> rows, Map<Connection, List<Finding>> findings) {
        String flags(Connection c) {
            List<Finding> fs = findings.getOrDefault(c, List.of());
            return fs.stream().map(Finding::detector).distinct().collect(Collectors.joining(","));
        }
    }

    private Flagged select(List<Connection> prepared, ConnectionSort order, DetectionEngine engine) {
        Map<Connection, List<Finding>> byConnection = new IdentityHashMap<>();
        for (Finding f : engine.run(prepared)) {
            for (Connection c : f.connections()) {
                byConnection.computeIfAbsent(c, k -> new ArrayList<>()).add(f); // worst first already
            }
        }
        List<Connection> rows = order.sort(prepared);
        if (suspicious) {
            rows = new ArrayList<>(rows.stream().filter(byConnection::containsKey).toList());
            // Worst finding first; the chosen sort breaks ties (List.sort is stable).
            rows.sort((a, b) -> DetectionEngine.WORST_FIRST.compare(byConnection.get(a).get(0),
                    byConnection.get(b).get(0)));
        }
        return new Flagged(rows, byConnection);
    }

    private void render(Flagged flagged, FieldContext context, PrintWriter out) throws IOException {
        List<Connection> shown = flagged.rows();
        switch (format) {
            case TABLE -> {
                new TableView(columns, useColour(), flagged::flags).write(shown, out);
                boolean flows = columns.contains(Column.DEVICE);
                out.println(Summary.of(shown, flows ? "flow" : "socket") + flaggedCount(flagged, flows));
            }
            case JSON -> {
                out.write("[");
                ParallelRender.write(shown, () -> {
                    JsonExport json = new JsonExport(ExportFields.ALL);
                    FieldContext mine = context.forAnotherThread();
                    return (part, first, w) -> json.writeArrayPart(part, first, mine, w);
                }, out);
                out.write(shown.isEmpty() ? "]\n" : "\n]\n");
            }
            case NDJSON -> ParallelRender.write(shown, () -> {
                JsonExport json = new JsonExport(ExportFields.ALL);
                FieldContext mine = context.forAnotherThread();
                return (part, first, w) -> json.writeLines(part, mine, w);
            }, out);
            case CSV -> {
                CsvExport csv = new CsvExport(ExportFields.ALL);
                csv.writeHeader(out);
                ParallelRender.write(shown, () -> {
                    FieldContext mine = context.forAnotherThread();
                    return (part, first, w) -> csv.writeRows(part, mine, w);
                }, out);
            }
        }
        out.flush();
    }

    private static String flaggedCount(Flagged f, boolean flows) {
        long n = f.rows().stream().filter(f.findings()::containsKey).count();
        return n == 0 ? "" : "; " + n + " flagged (connwatch " + (flows ? "analyze" : "scan") + " says why)";
    }

    private boolean useColour() {
        return switch (colour) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"))
                    && System.console() != null && System.console().isTerminal();
        };
    }

    private ConnectionFilter filter() {
        Set<Transport> transports = EnumSet.noneOf(Transport.class);
        if (tcp) {
            transports.add(Transport.TCP);
        }
        if (udp) {
            transports.add(Transport.UDP);
        }
        return new ConnectionFilter(transports, listening, established, process, new HashSet<>(ports), remotes,
                publicOnly);
    }

    private ConnectionSort order() {
        Set<Column> keys = new LinkedHashSet<>();
        for (String name : sort) {
            try {
                keys.add(Column.parse(name));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--sort: " + e.getMessage());
            }
        }
        // Ties broken by every other column in table order, so the output is stable from run to run.
        keys.addAll(List.of(Column.values()));
        return new ConnectionSort(List.copyOf(keys), reverse);
    }

    /** The column names for the help text. */
    static final class ColumnNames extends ArrayList<String> {
        ColumnNames() {
            for (Column c : Column.values()) {
                add(c.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
