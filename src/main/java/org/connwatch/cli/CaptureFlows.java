package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.enrich.AddressClassEnricher;
import org.connwatch.enrich.AddressClassifier;
import org.connwatch.enrich.ServiceEnricher;
import org.connwatch.enrich.ServiceRegistry;
import org.connwatch.records.Connection;
import org.connwatch.source.capture.file.CaptureFile;
import org.connwatch.source.capture.file.CaptureReadReport;
import org.connwatch.source.capture.flow.CaptureStats;
import org.connwatch.source.capture.flow.FlowTracker;

/**
 * Capture files read into flows for {@code analyze} and {@code ls --from}: the files in the order
 * given through one flow tracker (so a capture split into several files joins up), each finished
 * flow enriched with its service and address class. The tracker's clock is the packets' own time,
 * as in a live capture.
 *
 * @param flows    the finished flows, at most {@code maxRecords}
 * @param leftOut  flows beyond {@code maxRecords}, counted
 * @param reads    what each file held and what was skipped in it, in the order read
 * @param stats    what the decoder and the flow table made of the packets
 */
record CaptureFlows(List<Connection> flows, long leftOut, List<CaptureReadReport> reads, CaptureStats stats) {

    /** Reads the files; a progress bar on a terminal for files that take a moment. */
    static CaptureFlows load(List<Path> files, FlowOptions options, long maxRecords, boolean progress)
            throws IOException {
        ServiceEnricher service = new ServiceEnricher(ServiceRegistry.bundled());
        AddressClassEnricher addressClass = new AddressClassEnricher(new AddressClassifier());
        List<Connection> flows = new ArrayList<>();
        long[] leftOut = {0};
        FlowTracker tracker = new FlowTracker(options.settings(), options.localNetworks(), (id, c, ended) -> {
            if (!ended) {
                return;
            }
            if (flows.size() < maxRecords) {
                flows.add(addressClass.enrich(service.enrich(c)));
            } else {
                leftOut[0]++;
            }
        });
        List<CaptureReadReport> reads = new ArrayList<>();
        for (Path file : files) {
            try (FileProgress bar = progress ? FileProgress.of(file) : FileProgress.none()) {
                reads.add(CaptureFile.read(file, tracker, bar));
            }
        }
        tracker.finish();
        return new CaptureFlows(flows, leftOut[0], reads, tracker.stats());
    }

    /** A scope for reports: {@code the 42 flows of lab.pcapng} or {@code ... of 3 capture files}. */
    String scope(List<Path> files) {
        return "the " + flows.size() + (flows.size() == 1 ? " flow of " : " flows of ") + (files.size() == 1 ? files.get(0) : files.size() + " capture files");
    }

    /**
     * What was read and skipped, on stderr (so a report on stdout stays clean): one line per file, the
     * decoder's and the flow table's counts, and a warning for each file that ended early.
     */
    void tellAbout(List<Path> files, String name, PrintWriter err) {
        for (int i = 0; i < reads.size(); i++) {
            CaptureReadReport r = reads.get(i);
            err.println(name + ": " + files.get(i) + ": " + r.summary());
            if (!r.complete()) {
                err.println(name + ": warning: " + files.get(i) + " was not read to its end: the flows are those"
                        + " of the " + r.packets() + " packet(s) before the break");
            }
        }
        for (String line : stats.summary()) {
            err.println(name + ": " + line);
        }
        if (leftOut > 0) {
            err.println(name + ": kept the first " + flows.size() + " flows only; " + leftOut
                    + " more were left out (--max-records)");
        }
    }

    /** True when some file could not be read to its end or was not a capture at all. */
    boolean incomplete() {
        return reads.stream().anyMatch(r -> !r.complete());
    }
}
