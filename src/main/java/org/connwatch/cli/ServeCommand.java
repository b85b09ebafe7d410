package org.connwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.connwatch.act.alert.AlertDispatcher;
import org.connwatch.act.alert.AlertTarget;
import org.connwatch.baseline.BaselineStore;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.monitor.DetectionSetup;
import org.connwatch.monitor.FindingListener;
import org.connwatch.monitor.Monitor;
import org.connwatch.monitor.MonitorSettings;
import org.connwatch.monitor.MonitorStatus;
import org.connwatch.policy.PolicyException;
import org.connwatch.policy.PolicyLocation;
import org.connwatch.present.FindingsReport;
import org.connwatch.present.SafeText;
import org.connwatch.present.web.ApplicableRules;
import org.connwatch.present.web.PolicyFileRules;
import org.connwatch.present.web.WebBackend;
import org.connwatch.present.web.WebServer;
import org.connwatch.present.web.WebSettings;
import org.connwatch.present.web.WebStartException;
import org.connwatch.records.IpAddresses;
import org.connwatch.source.capture.live.UnknownInterfaceException;
import org.connwatch.source.linux.LinuxSocketSource;
import org.connwatch.store.FindingState;
import org.connwatch.store.History;
import org.connwatch.store.HistoryOpener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code connwatch serve}: the always-on monitor. Polls the socket table, follows every connection, keeps
 * it in the history of the state directory, runs the detectors continuously and prints each finding as it
 * is raised, one line on stdout (unless {@code --alert stdout} puts JSON lines there), and sends the alerts
 * {@link AlertOptions} asks for.
 *
 * <p>Threads: the monitor polls on the command's thread. Ctrl-C and SIGTERM stop it (through
 * {@link StopSignals}) after one last poll, whose batch is written, and the command exits 0; any other
 * shutdown of the JVM runs a hook that does the same and waits (up to 30 s) for it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, versionProvider = VersionProvider.class,
        description = {
            "Watches this machine's connections continuously: every connection with its program, from first",
            "to last sight with its bytes, kept in the history of the state directory; findings are raised as",
            "they happen and printed, one line each. Starts with no configuration; Ctrl-C stops.",
            "Root (CAP_NET_ADMIN) also sees the connections that open and close between two polls."
        })
final class ServeCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    static final Duration MIN_POLL = Duration.ofMillis(100);

    @Spec
    private CommandSpec spec;

    @Mixin
    private DetectionOptions detection = new DetectionOptions();

    @Mixin
    private AlertOptions alerts = new AlertOptions();

    @Option(names = "--poll", paramLabel = "DURATION", defaultValue = "1s", converter = Converters.DurationConverter.class,
            description = "Time between two looks at the socket table. Default: ${DEFAULT-VALUE}.")
    private Duration poll;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
            description = "Also capture on this interface, so the flows of the network it sits on are followed and "
                    + "judged too (needs CAP_NET_RAW). Default: none.")
    private String interfaceName;

    @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "30d",
            converter = Converters.DurationConverter.class,
            description = "How long the history keeps records. Default: ${DEFAULT-VALUE}.")
    private Duration retention;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7878",
            converter = ListenAddress.class,
            description = "Where the dashboard and API listen. Default: ${DEFAULT-VALUE} (this machine only).")
    private InetSocketAddress listen;

    @Option(names = "--token", description = "Ask for the dashboard's token on loopback too (it is always asked "
            + "for on any other address): the token is in web-token in the state directory. Default: off.")
    private boolean token;

    @Option(names = "--close-events", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Read the kernel's socket close announcements, which show the connections that open and "
                    + "close between two polls (needs CAP_NET_ADMIN). Default: on.")
    private boolean closeEvents;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Converters.DurationConverter.class,
            description = "Stop after this long (90s, 10m, 2h). Default: until Ctrl-C.")
    private Duration duration;

    private final HistoryOpener opener;

    /** The command as the command line makes it: the SQLite history in the state directory. */
    ServeCommand() {
        this(null);
    }

    /** With the history given by {@code opener} (tests); null for the standard one. */
    ServeCommand(HistoryOpener opener) {
        this.opener = opener;
    }

    /** Where the dashboard is to listen, once the command line is parsed. */
    InetSocketAddress listen() {
        return listen;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (poll.compareTo(MIN_POLL) < 0) {
            throw new UsageException("--poll must be at least " + MIN_POLL.toMillis() + " ms, not " + poll);
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new UsageException("--duration must be positive, not " + duration);
        }
        if (retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new UsageException("--retention must be at least 1h, not " + retention);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        Path stateDir = detection.stateDir();
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UsageException("cannot make the state directory " + stateDir + ": " + e.getMessage());
        }
        DetectionSetup setup = setup(err);
        List<String> notices = new ArrayList<>();
        if (new BaselineStore(stateDir).loadOrEmpty().isEmpty()) {
            notices.add("no learned baseline in " + stateDir + ": new-destination, new-listener, unknown-program and "
                    + "changed-executable are off, and traffic-peak has no usual volumes; run 'connwatch learn' "
                    + "(with the same --state-dir; after a few days of serve, 'connwatch learn --from-history')");
        }
        boolean jsonOnStdout = alerts.settings().targets().stream().anyMatch(t -> t instanceof AlertTarget.Stdout);
        try (AlertDispatcher alerting = alerts.dispatcher(out, err);
             History history = historyOpener().open(stateDir, retention);
             LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults())) {
            Monitor monitor;
            try {
                monitor = Monitor.open(MonitorSettings.defaults().withPollInterval(poll).withCloseEvents(closeEvents)
                        .withCaptureInterface(interfaceName), source, history, setup, Clock.systemUTC(), notices);
            } catch (UnknownInterfaceException e) {
                throw new UsageException(e.getMessage());
            } catch (PolicyException e) {
                throw new UsageException("the policy does not load: " + e.getMessage());
            }
            if (!jsonOnStdout) {
                monitor.addListener(printer(out)); // with --alert stdout, stdout carries the JSON lines only
            }
            monitor.addListener(alerting);
            WebServer web;
            try {
                ApplicableRules rules;
                try {
                    rules = PolicyFileRules.of(setup.policyFile(), DetectionOptions.machineIdentity());
                } catch (UsageException e) {
                    rules = ApplicableRules.NONE; // no policy file can exist: no rule applies
                }
                web = WebServer.start(new WebSettings(IpAddresses.format(listen.getAddress()), listen.getPort(), stateDir,
                        token), new WebBackend(history, monitor, monitor, rules, HostName.local(), Clock.systemUTC(),
                        alerting::counts));
            } catch (WebStartException e) {
                monitor.close();
                throw new UsageException("the dashboard cannot start: " + e.getMessage());
            }
            try (web) {
                monitor.addListener(web.findingListener());
                err.println(name + ": dashboard at " + web.openUrl());
                return run(monitor, name, stateDir, err);
            }
        }
    }

    private Integer run(Monitor monitor, String name, Path stateDir, PrintWriter err) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            monitor.stop();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "connwatch-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (monitor; StopSignals _ = StopSignals.install(monitor::stop)) {
            MonitorStatus start = monitor.status();
            err.println(name + ": watching " + String.join("; ", start.sources()) + "; history in " + stateDir
                    + "; Ctrl-C stops");
            for (String n : start.notices()) {
                err.println(name + ": note: " + SafeText.terminal(n, 400));
            }
            err.flush();
            if (duration != null) {
                Thread.ofVirtual().name("connwatch-serve-duration").start(() -> {
                    try {
                        Thread.sleep(duration);
                        monitor.stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            monitor.run();
            MonitorStatus end = monitor.status();
            err.println(name + ": stopped after " + end.polls() + " polls: " + end.connectionsSeen()
                    + " connections followed (" + end.shortLived() + " seen only as they closed), "
                    + end.findingsRaised() + " findings raised, " + end.alertsSuppressed() + " alerts held back");
            err.flush();
            return 0;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running and waits for done
            }
        }
    }

    /** Prints each finding as it is raised: time, severity, detector, reason, and the connection it is about. */
    static FindingListener printer(PrintWriter out) {
        return (FindingState s, boolean isNew) -> {
            var f = s.latest();
            synchronized (out) {
                out.println(TIME.format(LocalTime.ofInstant(s.lastSeen(), ZoneId.systemDefault())) + "  "
                        + (isNew ? "FINDING " : "AGAIN ") + f.severity().name() + " [" + f.detector() + "] "
                        + SafeText.terminal(f.reason(), 400) + "  (" + FindingsReport.line(f.connections().get(0))
                        + (f.connections().size() > 1 ? " and " + (f.connections().size() - 1) + " more" : "")
                        + ", finding " + s.id() + (isNew ? "" : ", seen " + s.occurrences() + " times") + ")");
                out.flush();
            }
        };
    }

    private DetectionSetup setup(PrintWriter err) {
        return new DetectionSetup() {
            @Override
            public DetectionEngine load() throws IOException {
                return detection.engine("serve", err, DetectionOptions.machineIdentity());
            }

            @Override
            public Path policyFile() {
                return detection.policy().or(() -> PolicyLocation.defaultFile(System.getenv())).orElseThrow(
                        () -> new UsageException("no home or XDG_CONFIG_HOME to find the policy in: name it with "
                                + "--policy"));
            }
        };
    }

    private HistoryOpener historyOpener() {
        return opener != null ? opener : HistoryOpener.STANDARD;
    }
}
