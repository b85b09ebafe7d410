package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.detect.Finding;
import org.connwatch.enrich.AddressClassEnricher;
import org.connwatch.enrich.AddressClassifier;
import org.connwatch.enrich.ServiceEnricher;
import org.connwatch.enrich.ServiceRegistry;
import org.connwatch.present.ExportFields;
import org.connwatch.present.FieldContext;
import org.connwatch.present.FindingsJson;
import org.connwatch.present.FindingsReport;
import org.connwatch.present.HumanBytes;
import org.connwatch.present.JsonExport;
import org.connwatch.present.SafeText;
import org.connwatch.records.CommunityId;
import org.connwatch.records.Connection;
import org.connwatch.source.capture.file.PcapngWriter;
import org.connwatch.source.capture.flow.FlowTracker;
import org.connwatch.source.capture.live.CaptureInterface;
import org.connwatch.source.capture.live.CaptureStatistics;
import org.connwatch.source.capture.live.FilterSyntaxException;
import org.connwatch.source.capture.live.LiveCapture;
import org.connwatch.source.capture.live.LiveCaptureOptions;
import org.connwatch.source.capture.live.UnknownInterfaceException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code connwatch capture}: live capture into flows, shown as they end, judged by the detectors
 * as they go, optionally written to a pcapng file (all packets, or only those of flagged flows).
 *
 * <p>Threads: the capture loop runs on the command's thread. Ctrl-C and SIGTERM stop it (through
 * {@link StopSignals}), and the command finishes as after {@code --duration}: the flows still open
 * are shown, the findings printed, the file completed, and the exit code is 0. Any other shutdown
 * of the JVM runs a hook that stops the loop the same way and waits (up to 30 s) for that.
 */
@Command(name = "capture", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = VersionProvider.class,
        description = {
            "Captures packets on an interface and shows the flows they make as they end, with the devices",
            "(MAC, DHCP name) and the names their clients looked up, and the findings of the detectors as they",
            "arise. Runs until Ctrl-C (or --duration). Needs CAP_NET_RAW (root)."
        })
final class CaptureCommand implements Callable<Integer> {
    /** Output formats. */
    enum CaptureFormat { TEXT, NDJSON }

    /** How often the detectors look at the flows seen so far. */
    static final Duration DETECT_EVERY = Duration.ofSeconds(5);
    /** Ended flows kept for the detectors that need history (beacon, traffic peaks). */
    static final int WINDOW = 200_000;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DetectionOptions detection = new DetectionOptions();

    @Mixin
    private FlowOptions flowOptions = new FlowOptions();

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
            description = "The interface to capture on. Default: every interface.")
    private String interfaceName;

    @Option(names = "--filter", paramLabel = "BPF",
            description = "A capture filter in tcpdump syntax, such as 'tcp port 443 or udp port 53'.")
    private String filter;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE.pcapng",
            description = "Also write the packets to this pcapng file (Wireshark and tshark read it).")
    private Path write;

    @Option(names = "--only-suspicious",
            description = "With --write: keep only the packets of flows that a detector flagged.")
    private boolean onlySuspicious;

    @Option(names = "--buffer", paramLabel = "MiB", defaultValue = "256",
            description = "With --only-suspicious: memory for packets waiting for a verdict. Default: ${DEFAULT-VALUE}.")
    private long bufferMiB;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Stop after this long (90s, 10m, 2h). Default: until Ctrl-C.")
    private Duration duration;

    @Option(names = "--promisc", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Put the named interface in promiscuous mode while capturing, as tcpdump does, so that a "
                    + "bridge or a mirror port shows other hosts' traffic (--no-promisc: only this host's). Default: on.")
    private boolean promiscuous;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a line per flow and per finding) or ndjson (a JSON document per line: flows and, "
                    + "with event.kind alert, findings). Default: ${DEFAULT-VALUE}.")
    private CaptureFormat format;

    @Option(names = "--quiet-flows", description = "Show only the findings, not every flow.")
    private boolean quietFlows;

    private final ServiceEnricher service = new ServiceEnricher(ServiceRegistry.bundled());
    private final AddressClassEnricher addressClass = new AddressClassEnricher(new AddressClassifier());
    private final ArrayDeque<Connection> window = new ArrayDeque<>();
    private final Map<Connection, Long> flowIds = new IdentityHashMap<>();
    private final Set<String> reported = new HashSet<>();
    private final List<Finding> findings = new ArrayList<>();
    private PrintWriter out;
    private FieldContext context;
    private JsonExport json;
    private long flowsShown;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (onlySuspicious && write == null) {
            throw new UsageException("--only-suspicious needs --write FILE.pcapng: it chooses what is written");
        }
        if (bufferMiB < 1) {
            throw new UsageException("--buffer must be at least 1 MiB, not " + bufferMiB);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new UsageException("--duration must be positive, not " + duration);
        }
        out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        DetectionEngine engine = detection.engine("capture", err);
        context = new FieldContext(HostName.local(), new CommunityId(0));
        json = new JsonExport(ExportFields.ALL);

        LiveCaptureOptions options = (interfaceName == null ? LiveCaptureOptions.allInterfaces()
                : LiveCaptureOptions.onInterface(interfaceName)).withFilter(filter).withPromiscuous(promiscuous && interfaceName != null);
        LiveCapture capture;
        try {
            capture = LiveCapture.open(options);
        } catch (UnknownInterfaceException | FilterSyntaxException e) {
            throw new UsageException(e.getMessage());
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            capture.stop();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "connwatch-capture-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (capture; PcapngWriter writer = write == null ? null : openWriter(write);
             StopSignals _ = StopSignals.install(capture::stop)) {
            SuspiciousPackets suspicious = onlySuspicious ? new SuspiciousPackets(writer, bufferMiB << 20) : null;
            FlowTracker tracker = new FlowTracker(flowOptions.settings(), flowOptions.localNetworks(),
                    (id, c, ended) -> {
                        if (ended) {
                            flowEnded(id, c);
                        }
                    });
            // The description names the interface and the filter (made one line, cut); terminal-safe too.
            err.println(name + ": capturing on " + SafeText.terminal(capture.description(), 400)
                    + (write == null ? "" : ", writing " + (onlySuspicious ? "the packets of flagged flows"
                    : "every packet") + " to " + write) + "; Ctrl-C stops");
            long started = System.nanoTime();
            long[] lastDetect = {started};
            capture.run((ns, ifId, link, data, off, cap, orig) -> {
                tracker.packet(ns, ifId, link, data, off, cap, orig);
                if (suspicious != null) {
                    suspicious.packet(tracker.lastFlowId(), ns, ifId, link, data, off, cap, orig);
                } else if (writer != null) {
                    writer.packet(ns, ifId, link, data, off, cap, orig);
                }
            }, nowNanos -> {
                tracker.advanceTo(nowNanos);
                long now = System.nanoTime();
                if (now - lastDetect[0] >= DETECT_EVERY.toNanos()) {
                    lastDetect[0] = now;
                    try {
                        detect(engine, tracker, suspicious);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                if (duration != null && now - started >= duration.toNanos()) {
                    capture.stop();
                }
                out.flush();
            });
            tracker.finish();
            detect(engine, tracker, suspicious);
            CaptureStatistics stats = capture.statistics();
            for (String line : tracker.stats().summary()) {
                err.println(name + ": " + line);
            }
            err.println(name + ": " + stats.summary());
            if (writer != null) {
                writer.flush();
                err.println(name + ": wrote " + writer.packets() + " packets to " + write
                        + (suspicious == null || suspicious.droppedUnflagged() == 0 ? ""
                        : " (" + suspicious.droppedUnflagged() + " packets left the --buffer before a verdict)"));
            }
            if (format == CaptureFormat.TEXT) {
                out.println();
                findings.sort(DetectionEngine.WORST_FIRST);
                new FindingsReport().write(findings, "the " + flowsShown + " flows captured on "
                        + (interfaceName == null ? "every interface" : SafeText.terminal(interfaceName, 40)), out);
            }
            out.flush();
            return 0;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is running and waits for done
            }
        }
    }

    /**
     * The pcapng writer, with the interfaces of this host named (what Wireshark shows for each
     * packet); one line saying why when the file cannot be written.
     */
    private PcapngWriter openWriter(Path file) throws IOException {
        PcapngWriter writer;
        try {
            writer = PcapngWriter.create(file);
        } catch (FileSystemException e) {
            throw new IOException("cannot write " + file + ": " + (e instanceof NoSuchFileException
                    ? "its folder does not exist" : e instanceof AccessDeniedException ? "permission denied"
                    : e.getReason() != null ? e.getReason() : e.getMessage()), e);
        }
        for (CaptureInterface nic : LiveCapture.interfaces()) {
            if (interfaceName == null || interfaceName.equals(nic.name())) {
                writer.nameInterface(nic.index(), nic.name());
            }
        }
        return writer;
    }

    private void flowEnded(long id, Connection raw) {
        Connection c = addressClass.enrich(service.enrich(raw));
        flowsShown++;
        window.addLast(c);
        flowIds.put(c, id);
        while (window.size() > WINDOW) {
            flowIds.remove(window.removeFirst());
        }
        if (quietFlows) {
            return;
        }
        try {
            switch (format) {
                case TEXT -> out.println(TIME.format(LocalTime.ofInstant(c.lastSeen(), ZoneId.systemDefault())) + "  "
                        + FindingsReport.line(c) + "  " + HumanBytes.format(c.traffic().bytesSent()) + " out, "
                        + HumanBytes.format(c.traffic().bytesReceived()) + " in");
                case NDJSON -> json.writeLines(List.of(c), context, out);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** Runs the detectors over the window and the flows still open; prints each finding once. */
    private void detect(DetectionEngine engine, FlowTracker tracker, SuspiciousPackets suspicious)
            throws IOException {
        List<Connection> records = new ArrayList<>(window);
        Map<Connection, Long> open = new IdentityHashMap<>();
        tracker.snapshot((id, c, ended) -> {
            Connection e = addressClass.enrich(service.enrich(c));
            records.add(e);
            open.put(e, id);
        });
        Set<Long> flagged = new HashSet<>();
        for (Finding f : engine.run(records)) {
            for (Connection c : f.connections()) {
                Long id = flowIds.containsKey(c) ? flowIds.get(c) : open.get(c);
                if (id != null) {
                    flagged.add(id);
                }
            }
            Connection first = f.connections().get(0);
            String key = f.detector() + " " + first.transport() + " " + first.local() + " " + first.remote();
            if (reported.add(key)) {
                findings.add(f);
                switch (format) {
                    case TEXT -> out.println(TIME.format(LocalTime.ofInstant(Instant.now(), ZoneId.systemDefault()))
                            + "  FINDING " + f.severity().name() + " [" + f.detector() + "] "
                            + SafeText.terminal(f.reason(), 400));
                    case NDJSON -> new FindingsJson().writeLine(f, context, out);
                }
            }
        }
        if (suspicious != null && !flagged.isEmpty()) {
            suspicious.flag(flagged);
        }
    }
}
