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
import org.connwatch.present.FieldContext;
import org.connwatch.present.FindingsJson;
import org.connwatch.present.FindingsReport;
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

/** {@code connwatch analyze}: every detector over recorded traffic (Zeek conn.log), worst first. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = VersionProvider.class,
        description = {
            "Runs every detector over recorded connections and prints what looks wrong and why, worst first.",
            "Reads Zeek conn.log files: TSV or JSON lines, gzip-compressed or not, several files, or a",
            "directory of rotated logs."
        })
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private DetectionOptions detection = new DetectionOptions();

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "conn.log files or directories of them.")
    private List<Path> inputs;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (for a person) or json (one document, see docs/SCHEMA.md). Default: ${DEFAULT-VALUE}.")
    private ScanCommand.ScanFormat format;

    @Option(names = "--max-records", paramLabel = "N", defaultValue = "2000000",
            description = "Analyze at most N connections (memory grows with them); the rest are counted. "
                    + "Default: ${DEFAULT-VALUE}.")
    private long maxRecords;

    @Override
    public Integer call() throws IOException {
        if (maxRecords < 1) {
            throw new UsageException("--max-records must be at least 1, not " + maxRecords);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DetectionEngine engine = detection.engine("analyze", err);
        ServiceEnricher service = new ServiceEnricher(ServiceRegistry.bundled());
        AddressClassEnricher addressClass = new AddressClassEnricher(new AddressClassifier());
        List<Connection> records = new ArrayList<>();
        long[] leftOut = {0};
        ReadReport report = ZeekConnLog.read(inputs, c -> {
            if (records.size() < maxRecords) {
                records.add(addressClass.enrich(service.enrich(c)));
            } else {
                leftOut[0]++;
            }
        });
        tellAbout(report, leftOut[0], err);
        List<Finding> findings = engine.run(records);
        FieldContext context = new FieldContext(HostName.local(), new CommunityId(0));
        switch (format) {
            case TEXT -> new FindingsReport().write(findings, "the " + records.size() + " connections of "
                    + (report.files().size() == 1 ? report.files().get(0) : report.files().size() + " files"), out);
            case JSON -> new FindingsJson().write(findings, records.stream().map(Connection::lastSeen)
                    .max(Comparator.naturalOrder()).orElse(Instant.EPOCH), context, out);
        }
        out.flush();
        return 0;
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
