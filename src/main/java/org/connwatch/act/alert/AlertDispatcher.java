package org.connwatch.act.alert;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.connwatch.monitor.FindingListener;
import org.connwatch.present.FieldContext;
import org.connwatch.store.FindingState;

/**
 * The alert stage of {@code connwatch serve}: told of each new or recurring finding, it asks every
 * sink's gate (de-duplication, quiet period, token bucket; {@link SinkGate}) and hands the alert to
 * the sinks that may send it. When a sink's bucket refills after holding alerts back, that sink gets
 * one summary ({@link HeldBackAlert}) before anything else; {@link #tick} checks for that, and
 * {@link #start} calls it every second.
 *
 * <p>Threads: {@link #changed} (the monitor's thread) and {@link #tick} (the ticker or a test) hold
 * the dispatcher's lock; they return quickly because slow sinks queue. {@link #counts},
 * {@link #notices} and {@link #close} may be called from any thread.
 */
public final class AlertDispatcher implements FindingListener, AutoCloseable {
    private static final Duration TICK = Duration.ofSeconds(1);

    private final List<AlertSink> sinks;
    private final List<SinkGate> gates = new ArrayList<>();
    private final long[] errors;
    private final Clock clock;
    private final List<String> notices;
    private final Consumer<String> noticeSink;
    private volatile Thread ticker;
    private volatile boolean closed;

    /**
     * A dispatcher over these sinks.
     *
     * @param notices told, once each, what the user should know (a sink disabled, a sink's first failure)
     */
    public AlertDispatcher(List<AlertSink> sinks, AlertLimits limits, Clock clock, List<String> startNotices,
                           Consumer<String> notices) {
        this.sinks = List.copyOf(sinks);
        this.clock = clock;
        for (int i = 0; i < this.sinks.size(); i++) {
            gates.add(new SinkGate(limits, clock.instant()));
        }
        this.errors = new long[this.sinks.size()];
        this.notices = List.copyOf(startNotices);
        this.noticeSink = notices;
    }

    /**
     * Opens the sinks the settings name. A desktop target without {@code notify-send} on the PATH
     * is left out with a notice; a syslog or webhook target that cannot be opened (an unknown host,
     * no Unix sockets) is an error.
     *
     * @param context     the host name and Community ID hasher of the JSON documents; used on the
     *                    dispatcher's lock only
     * @param out         where the stdout sink writes
     * @param environment the environment whose PATH is searched for notify-send
     * @param notices     told of disabled sinks and first failures (normally standard error)
     * @throws IOException when a sink cannot be opened (the message names it)
     */
    public static AlertDispatcher open(AlertSettings settings, FieldContext context, PrintWriter out,
                                       Map<String, String> environment, Clock clock, Consumer<String> notices)
            throws IOException {
        AlertJson json = new AlertJson(context);
        List<AlertSink> sinks = new ArrayList<>();
        List<String> startNotices = new ArrayList<>();
        try {
            for (AlertTarget target : settings.targets()) {
                switch (target) {
                    case AlertTarget.Stdout s -> sinks.add(new JsonLinesSink(out, json, notices));
                    case AlertTarget.SyslogUdp u -> {
                        InetSocketAddress address = new InetSocketAddress(u.host(), u.port());
                        if (address.isUnresolved()) {
                            throw new IOException("syslog host '" + u.host() + "' cannot be resolved");
                        }
                        String name = "syslog udp://" + (u.host().contains(":") ? "[" + u.host() + "]" : u.host())
                                + ":" + u.port();
                        sinks.add(new SyslogSink(name, syslogFormat(settings, context),
                                SyslogTransport.Udp.open(address), notices));
                    }
                    case AlertTarget.SyslogUnix x -> sinks.add(new SyslogSink("syslog unix:" + x.socket(),
                            syslogFormat(settings, context), SyslogTransport.Unix.open(x.socket()), notices));
                    case AlertTarget.Webhook w -> sinks.add(new WebhookSink(settings.webhook(w), json, notices));
                    case AlertTarget.Desktop d -> {
                        Optional<Path> program = DesktopSink.find(environment);
                        if (program.isPresent()) {
                            sinks.add(new DesktopSink(program.get(), notices));
                        } else {
                            String notice = "desktop alerts are off: " + DesktopSink.PROGRAM
                                    + " is not on the PATH (Debian and Ubuntu: apt install libnotify-bin)";
                            startNotices.add(notice);
                            notices.accept(notice);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            sinks.forEach(AlertSink::close);
            throw e;
        }
        return new AlertDispatcher(sinks, settings.limits(), clock, startNotices, notices);
    }

    private static SyslogFormat syslogFormat(AlertSettings settings, FieldContext context) {
        return new SyslogFormat(context.hostName(), ProcessHandle.current().pid(), settings.syslogMaxBytes());
    }

    /** Starts the ticker: a virtual thread that calls {@link #tick} every second until {@link #close}. */
    public AlertDispatcher start() {
        synchronized (this) {
            if (ticker == null && !closed && !sinks.isEmpty()) {
                ticker = Thread.ofVirtual().name("alerts ticker").start(() -> {
                    try {
                        while (!closed) {
                            Thread.sleep(TICK);
                            tick();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // close() stops the ticker this way
                    }
                });
            }
        }
        return this;
    }

    @Override
    public synchronized void changed(FindingState state, boolean isNew) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        FindingAlert alert = null;
        for (int i = 0; i < sinks.size(); i++) {
            SinkGate gate = gates.get(i);
            int sink = i;
            gate.releaseHeldBack(now).ifPresent(summary -> deliver(sink, summary));
            if (gate.judge(state, isNew, now) == SinkGate.Verdict.SEND) {
                if (alert == null) {
                    alert = new FindingAlert(state, isNew, now);
                }
                deliver(i, alert);
            }
        }
    }

    /** Sends the summaries of sinks whose bucket has refilled after holding alerts back. */
    public synchronized void tick() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        for (int i = 0; i < sinks.size(); i++) {
            int sink = i;
            gates.get(i).releaseHeldBack(now).ifPresent(summary -> deliver(sink, summary));
        }
    }

    private void deliver(int sink, Alert alert) {
        try {
            sinks.get(sink).deliver(alert);
        } catch (RuntimeException e) {
            errors[sink]++; // a sink must not throw; if one does, the alert counts as failed and the rest go on
            if (errors[sink] == 1) {
                noticeSink.accept("alerts to " + sinks.get(sink).name() + " failed: " + e);
            }
        }
    }

    /** What each sink has done, in the order of the settings. */
    public synchronized List<SinkCounts> counts() {
        List<SinkCounts> all = new ArrayList<>(sinks.size());
        for (int i = 0; i < sinks.size(); i++) {
            SinkCounts c = sinks.get(i).counts();
            SinkGate g = gates.get(i);
            all.add(new SinkCounts(c.sink(), c.sent(), g.suppressed(), g.heldBack(), c.failed() + errors[i],
                    c.dropped()));
        }
        return all;
    }

    /** The sinks in use, by name. */
    public List<String> sinkNames() {
        return sinks.stream().map(AlertSink::name).toList();
    }

    /** What was said when the dispatcher opened (a sink left out and why). */
    public List<String> notices() {
        return notices;
    }

    /** Stops the ticker and closes the sinks (queued webhook and desktop alerts get a short time to go). */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = ticker;
        }
        if (t != null) {
            t.interrupt();
        }
        sinks.forEach(AlertSink::close);
    }
}
