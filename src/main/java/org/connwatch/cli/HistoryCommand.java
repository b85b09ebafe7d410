package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.connwatch.baseline.BaselineStore;
import org.connwatch.detect.Finding;
import org.connwatch.present.Column;
import org.connwatch.present.CsvExport;
import org.connwatch.present.ExportFields;
import org.connwatch.present.FieldContext;
import org.connwatch.present.FindingsJson;
import org.connwatch.present.FindingsReport;
import org.connwatch.present.JsonExport;
import org.connwatch.present.OutputFormat;
import org.connwatch.present.TableView;
import org.connwatch.records.CommunityId;
import org.connwatch.records.Connection;
import org.connwatch.records.ObserverType;
import org.connwatch.store.ConnectionQuery;
import org.connwatch.store.FindingQuery;
import org.connwatch.store.FindingState;
import org.connwatch.store.HistoryException;
import org.connwatch.store.HistoryStore;
import org.connwatch.store.StoreSettings;
import org.connwatch.store.TrackedConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code connwatch history}: the connections and findings {@code connwatch serve} recorded, from the CLI. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = VersionProvider.class,
        description = {
            "Queries the history that 'connwatch serve' keeps: the connections seen over a time range (newest",
            "first), narrowed by program, local host, remote host or finding; or the findings themselves."
        })
final class HistoryCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Spec
    private CommandSpec spec;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "24h",
            description = "From this time: a duration back from now (90s, 30m, 2h, 7d, 2w) or an ISO time "
                    + "(2026-11-01T08:00, 2026-11-01T08:00:00Z, 2026-11-01). Default: ${DEFAULT-VALUE}.")
    private String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Up to this time (same forms). Default: now.")
    private String until;

    @Option(names = {"-p", "--program"}, paramLabel = "TEXT",
            description = "Only connections of a program whose name or executable contains TEXT.")
    private String program;

    @Option(names = "--host", paramLabel = "TEXT",
            description = "Only connections whose local host (address, MAC or device name) contains TEXT.")
    private String host;

    @Option(names = "--remote", paramLabel = "TEXT",
            description = "Only connections whose remote address or name (DNS, TLS, HTTP) contains TEXT.")
    private String remote;

    @Option(names = "--finding", paramLabel = "DETECTOR",
            description = "Only connections (or with --findings, findings) of this detector, e.g. beacon.")
    private String finding;

    @Option(names = "--findings", description = "List the findings (worst first) instead of the connections.")
    private boolean findings;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the history is (as for 'connwatch serve'). Default: $XDG_STATE_HOME/connwatch "
                    + "or ~/.local/state/connwatch.")
    private Path stateDir;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json, ndjson or csv. Default: ${DEFAULT-VALUE}.")
    private OutputFormat format;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "100",
            description = "At most N rows (1.." + ConnectionQuery.MAX_LIMIT + "). Default: ${DEFAULT-VALUE}.")
    private int limit;

    private final Clock clock;

    HistoryCommand() {
        this(Clock.systemUTC());
    }

    HistoryCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        Instant now = clock.instant();
        Instant from = TimeArgument.parse("--since", since, now);
        Instant to = until == null ? now : TimeArgument.parse("--until", until, now);
        if (!to.isAfter(from)) {
            throw new UsageException("--since " + since + " is not before --until " + (until == null ? "(now)" : until));
        }
        if (limit < 1 || limit > ConnectionQuery.MAX_LIMIT) {
            throw new UsageException("--limit " + limit + " is outside 1.." + ConnectionQuery.MAX_LIMIT);
        }
        Path dir = stateDir != null ? stateDir
                : BaselineStore.defaultStateDir(System.getenv(), System.getProperty("user.home"));
        PrintWriter out = spec.commandLine().getOut();
        if (!HistoryStore.exists(dir)) {
            out.println("No history in " + dir + ": 'connwatch serve' records one there.");
            return 0;
        }
        try (HistoryStore history = HistoryStore.open(dir, StoreSettings.DEFAULTS)) {
            String range = TIME.format(from.atZone(ZoneId.systemDefault())) + " .. "
                    + TIME.format(to.atZone(ZoneId.systemDefault()));
            if (findings) {
                writeFindings(history.findings(new FindingQuery(from, to, finding, Set.of(), limit)), range, now, out);
            } else {
                writeConnections(history.connections(new ConnectionQuery(from, to, program, host, remote, finding,
                        false, limit)), range, out);
            }
        } catch (HistoryException e) {
            throw new IOException(e.getMessage(), e);
        }
        out.flush();
        return 0;
    }

    private void writeConnections(List<TrackedConnection> rows, String range, PrintWriter out) throws IOException {
        List<Connection> cs = new ArrayList<>(rows.size());
        rows.forEach(t -> cs.add(t.connection()));
        if (cs.isEmpty() && format == OutputFormat.TABLE) {
            out.println("No connections in the history over " + range + " match.");
            return;
        }
        FieldContext context = new FieldContext(HostName.local(), new CommunityId(0));
        switch (format) {
            case TABLE -> {
                boolean flows = cs.stream().anyMatch(c -> c.observer() != ObserverType.SOCKET);
                StringWriter table = new StringWriter();
                new TableView(flows ? Column.flowColumns() : Column.socketColumns(), false).write(cs, table);
                String[] lines = table.toString().split("\n");
                out.printf("%-19s  %s%n", "LAST SEEN", lines[0]);
                for (int i = 1; i < lines.length; i++) {
                    out.printf("%-19s  %s%n", TIME.format(cs.get(i - 1).lastSeen().atZone(ZoneId.systemDefault())),
                            lines[i]);
                }
                out.println(cs.size() + (cs.size() == 1 ? " connection" : " connections") + " over " + range
                        + (cs.size() == limit ? " (the newest " + limit + "; --limit shows more)" : ""));
            }
            case JSON -> new JsonExport(ExportFields.ALL).writeArray(cs, context, out);
            case NDJSON -> new JsonExport(ExportFields.ALL).writeLines(cs, context, out);
            case CSV -> new CsvExport(ExportFields.ALL).write(cs, context, out);
        }
    }

    private void writeFindings(List<FindingState> states, String range, Instant now, PrintWriter out)
            throws IOException {
        List<Finding> latest = states.stream().map(FindingState::latest).toList();
        switch (format) {
            case TABLE -> new FindingsReport().write(latest, "the history over " + range, out);
            case JSON -> new FindingsJson().write(latest, now, new FieldContext(HostName.local(), new CommunityId(0)),
                    out);
            case NDJSON -> {
                FindingsJson json = new FindingsJson();
                FieldContext context = new FieldContext(HostName.local(), new CommunityId(0));
                for (Finding f : latest) {
                    json.writeLine(f, context, out);
                }
            }
            case CSV -> {
                out.println("id,rule.id,event.severity,event.risk_score,first_seen,last_seen,occurrences,status,message");
                for (FindingState s : states) {
                    Finding f = s.latest();
                    out.println(s.id() + "," + csv(f.detector()) + "," + f.severity().label() + ","
                            + Math.round(f.score()) + "," + s.firstSeen() + "," + s.lastSeen() + "," + s.occurrences()
                            + "," + s.status().name().toLowerCase(java.util.Locale.ROOT) + "," + csv(f.reason()));
                }
            }
        }
    }

    /** An RFC 4180 field: quoted when it holds a comma, quote or line break. */
    private static String csv(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
