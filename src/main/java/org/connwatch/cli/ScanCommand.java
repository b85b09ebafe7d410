package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.detect.Detector;
import org.connwatch.detect.Finding;
import org.connwatch.enrich.HostNameLookup;
import org.connwatch.enrich.ReverseDns;
import org.connwatch.present.ConnectionFilter;
import org.connwatch.present.FieldContext;
import org.connwatch.present.FindingsJson;
import org.connwatch.present.FindingsReport;
import org.connwatch.records.CommunityId;
import org.connwatch.source.Snapshot;
import org.connwatch.source.linux.LinuxSocketSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code connwatch scan}: the findings report for this machine, worst first, each with its reason. */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = VersionProvider.class,
        description = {
            "Checks every connection of this machine with every detector and prints what looks wrong and why,",
            "worst first. Run as root to see every program."
        })
final class ScanCommand implements Callable<Integer> {

    /** How to print the findings. */
    enum ScanFormat { TEXT, JSON }

    @Spec
    private CommandSpec spec;

    @Mixin
    private DetectionOptions detection = new DetectionOptions();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (for a person) or json (one document, see docs/SCHEMA.md). Default: ${DEFAULT-VALUE}.")
    private ScanFormat format;

    @Option(names = "--resolve", description = "Name the remote addresses (reverse DNS, cached).")
    private boolean resolve;

    @Option(names = "--list-detectors", description = "List the detectors and what each flags, then exit.")
    private boolean listDetectors;

    @Option(names = "--socket-reader", paramLabel = "READER", defaultValue = "auto",
            description = "How to read the socket tables: auto (netlink, else /proc/net), netlink, procfs.")
    private LinuxSocketSource.Mechanism mechanism;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DetectionEngine engine = detection.engine("scan", err, DetectionOptions.machineIdentity());
        if (listDetectors) {
            for (Detector d : engine.detectors()) {
                out.printf("%-22s %s%n", d.id(), d.description());
            }
            return 0;
        }
        ConnectionPipeline pipeline = new ConnectionPipeline(resolve ? new ReverseDns(HostNameLookup.system()) : null,
                Duration.ofSeconds(1));
        FieldContext context = new FieldContext(HostName.local(), new CommunityId(0));
        try (LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults()
                .withMechanism(mechanism).withHashes(true))) {
            Snapshot snap = source.snapshot();
            snap.notices().forEach(n -> err.println("connwatch scan: note: " + n));
            List<Finding> findings = engine.run(pipeline.prepare(snap.connections(), ConnectionFilter.all()));
            switch (format) {
                case TEXT -> new FindingsReport().write(findings, "the " + snap.connections().size()
                        + " sockets of " + context.hostName(), out);
                case JSON -> new FindingsJson().write(findings, snap.takenAt(), context, out);
            }
            out.flush();
            return 0;
        }
    }
}
