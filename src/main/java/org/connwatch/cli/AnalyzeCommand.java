package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.detect.Finding;
import org.connwatch.enrich.AddressClassEnricher;
import org.connwatch.enrich.AddressClassifier;
import org.connwatch.enrich.ServiceEnricher;
import org.connwatch.enrich.ServiceRegistry;
import org.connwatch.present.Column;
import org.connwatch.present.CsvExport;
import org.connwatch.present.ExportFields;
import org.connwatch.present.FieldContext;
import org.connwatch.present.FindingsJson;
import org.connwatch.present.FindingsReport;
import org.connwatch.present.TableView;
import org.connwatch.records.CommunityId;
import org.connwatch.records.Connection;
import org.connwatch.source.zeek.ReadReport;
import org.connwatch.source.zeek.ZeekConnLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code connwatch analyze}: every detector over recorded traffic (pcap/pcapng captures, Zeek
 * conn.log), worst first.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = VersionProvider.class,
        description = {
            "Runs every detector over recorded traffic and prints the flows and what looks wrong and why, worst first.",
            "Reads packet captures (pcap or pcapng: they become flows named by the DNS names, TLS server names,",
            "HTTP hosts and DHCP device names in them) and Zeek conn.log files (TSV or JSON lines, gzip-compressed",
            "or not, or a directory of rotated logs). Several captures are read as one, in the order given."
        })
final class AnalyzeCommand implements Callable<Integer> {
    /** Output formats. */
    enum AnalyzeFormat { TEXT, JSON, CSV }

    @Spec
    private CommandSpec spec;

    @Mixin
    private DetectionOptions detection = new DetectionOptions();

    @Mixin
    private FlowOptions flowOptions = new FlowOptions();

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "Capture files (.pcap, .pcapng), conn.log files or directories of conn.logs.")
    private List<Path> inputs;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (for a person), json (the findings and every flow, one document, see docs/SCHEMA.md) "
                    + "or csv (every flow, one row each). Default: ${DEFAULT-VALUE}.")
    private AnalyzeFormat format;

    @Option(names = "--flows", paramLabel = "N", defaultValue = "20",
            description = "In text, list the N largest flows before the findings (0: none, all: every one). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String flowsShown;

    @Option(names = "--max-records", paramLabel = "N", defaultValue = "2000000",
            description = "Analyze at most N connections (memory grows with them); the rest are counted. "
                    + "Default: ${DEFAULT-VALUE}.")
    private long maxRecords;

    @Override
    public Integer call() throws IOException {
        if (maxRecords < 1) {
            throw new UsageException("--max-records must be at least 1, not " + maxRecords);
        }
        int shown = flowsShown();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        RecordedInputs sorted = RecordedInputs.sort(inputs);
        List<Path> captures = sorted.captures();
        List<Path> logs = sorted.logs();
        DetectionEngine engine = detection.engine("analyze", err);

        List<Connection> records = new ArrayList<>();
        List<String> scopes = new ArrayList<>();
        if (!captures.isEmpty()) {
            CaptureFlows read = CaptureFlows.load(captures, flowOptions, maxRecords, true);
            read.tellAbout(captures, name, err);
            records.addAll(read.flows());
            scopes.add(read.scope(captures));
        }
        if (!logs.isEmpty()) {
            scopes.add(readLogs(logs, records, err));
        }
        List<Finding> findings = engine.run(records);
        FieldContext context = new FieldContext(HostName.local(), new CommunityId(0));
        String scope = String.join(" and ", scopes);
        switch (format) {
            case TEXT -> {
                if (!captures.isEmpty() && shown != 0) {
                    listFlows(records, shown, out);
                }
                new FindingsReport().write(findings, scope, out);
            }
            case JSON -> new FindingsJson().write(findings, records.stream().map(Connection::lastSeen)
                    .max(Comparator.naturalOrder()).orElse(Instant.EPOCH), context, records, out);
            case CSV -> new CsvExport(ExportFields.ALL).write(records, context, out);
        }
        out.flush();
        return 0;
    }

    private int flowsShown() {
        if (flowsShown.equalsIgnoreCase("all")) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(flowsShown.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new UsageException("--flows takes a count (0 or more) or 'all', not '" + flowsShown + "'");
    }

    /** The largest flows by bytes both ways, in the table of {@code ls --from}. */
    private static void listFlows(List<Connection> flows, int shown, PrintWriter out) throws IOException {
        List<Connection> largest = flows.stream()
                .sorted(Comparator.comparingLong((Connection c) -> c.traffic().bytesSent() + c.traffic().bytesReceived())
                        .reversed())
                .limit(shown).toList();
        out.println(largest.size() == flows.size() ? "Flows (" + flows.size() + "):"
                : "The " + largest.size() + " largest of " + flows.size() + " flows (--flows all lists every one):");
        new TableView(Column.flowColumns(), false).write(largest, out);
        out.println();
    }

    private String readLogs(List<Path> logs, List<Connection> records, PrintWriter err) throws IOException {
        ServiceEnricher service = new ServiceEnricher(ServiceRegistry.bundled());
        AddressClassEnricher addressClass = new AddressClassEnricher(new AddressClassifier());
        long[] leftOut = {0};
        int before = records.size();
        ReadReport report = ZeekConnLog.read(logs, c -> {
            if (records.size() < maxRecords) {
                records.add(addressClass.enrich(service.enrich(c)));
            } else {
                leftOut[0]++;
            }
        });
        tellAbout(report, leftOut[0], err);
        return "the " + (records.size() - before) + " connections of "
                + (report.files().size() == 1 ? report.files().get(0) : report.files().size() + " files");
    }

    /** One line per kind of trouble, on stderr, so the report on stdout stays clean. */
    private static void tellAbout(ReadReport report, long leftOut, PrintWriter err) {
        String name = "connwatch analyze: note: ";
        if (report.malformed() > 0) {
            err.println(name + "skipped " + report.malformed() + " malformed line(s); the first: "
                    + report.malformedExamples().get(0));
        }
        report.skipped().forEach((why, n) -> err.println(name + "left out " + n + " " + why));
        report.problems().forEach(p -> err.println(name + p));
        if (leftOut > 0) {
            err.println(name + "analyzed the first records only; " + leftOut + " more were left out (--max-records)");
        }
    }
}
