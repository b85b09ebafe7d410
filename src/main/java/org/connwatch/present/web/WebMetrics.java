package org.connwatch.present.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.connwatch.act.alert.SinkCounts;
import org.connwatch.detect.Finding;
import org.connwatch.monitor.FindingListener;
import org.connwatch.monitor.LiveView;
import org.connwatch.monitor.MonitorStatus;
import org.connwatch.store.FindingState;
import org.connwatch.store.History;
import org.connwatch.store.StoreStats;

/**
 * The daemon's metrics in the Prometheus text format ({@code GET /metrics}), through Micrometer's
 * Prometheus registry. The monitor's and the store's figures are read once per scrape; findings by
 * detector and severity are counted as the monitor reports them ({@link #changed}, on the monitor's
 * thread). Thread-safe.
 *
 * <pre>
 * connwatch_records_seen_total              socket/flow records looked at
 * connwatch_polls_total                     polls done
 * connwatch_poll_duration_seconds           how long the last poll took
 * connwatch_poll_lag_seconds                time since the last poll finished (about the interval when healthy)
 * connwatch_poll_interval_seconds           the time between polls
 * connwatch_open_connections                connections open now
 * connwatch_connections_seen_total          connections followed since start
 * connwatch_short_lived_connections_total   opened and closed between two polls, caught by the event source
 * connwatch_findings_total                  findings raised since start (the monitor's count)
 * connwatch_findings_raised_total{detector,severity}  new findings the monitor reported, by detector and severity
 * connwatch_alerts_suppressed_total         alerts held back by the rate limit
 * connwatch_store_size_bytes                the history's files on disk
 * connwatch_store_connections               connection rows kept
 * connwatch_store_findings                  findings kept
 * connwatch_store_oldest_timestamp_seconds  the oldest record kept (Unix time), 0 when empty
 * connwatch_alert_sink_{sent,suppressed,held_back,failed,dropped}_total{sink}  what each alert sink did
 * </pre>
 * plus Micrometer's JVM memory and thread gauges (the daemon's own cost).
 */
public final class WebMetrics implements FindingListener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LiveView live;
    private final History history;
    private final Clock clock;
    private final Supplier<List<SinkCounts>> alerts;
    private final Set<String> sinks = new HashSet<>();
    private volatile Sample sample;

    /** The figures of one scrape. */
    private record Sample(MonitorStatus monitor, StoreStats store, long nowMillis, Map<String, SinkCounts> sinks) {
    }

    public WebMetrics(LiveView live, History history, Clock clock, Supplier<List<SinkCounts>> alerts) {
        this.live = live;
        this.history = history;
        this.clock = clock;
        this.alerts = alerts;
        this.sample = new Sample(live.status(), new StoreStats(0, 0, 0, null), clock.millis(), Map.of());
        counter("connwatch.records.seen", "socket and flow records looked at", s -> s.monitor().recordsSeen());
        counter("connwatch.polls", "polls done", s -> s.monitor().polls());
        gauge("connwatch.poll.duration", "how long the last poll took", "seconds",
                s -> seconds(s.monitor().lastPollTook()));
        gauge("connwatch.poll.lag", "time since the last poll finished; about the poll interval when healthy",
                "seconds", s -> s.monitor().lastPoll() == null ? 0
                        : Math.max(0, (s.nowMillis() - s.monitor().lastPoll().toEpochMilli()) / 1000.0));
        gauge("connwatch.poll.interval", "the time between polls", "seconds",
                s -> seconds(s.monitor().pollInterval()));
        gauge("connwatch.open.connections", "connections open now", null, s -> s.monitor().openConnections());
        counter("connwatch.connections.seen", "connections followed since start", s -> s.monitor().connectionsSeen());
        counter("connwatch.short.lived.connections", "connections that opened and closed between two polls",
                s -> s.monitor().shortLived());
        counter("connwatch.findings", "findings raised since start", s -> s.monitor().findingsRaised());
        counter("connwatch.alerts.suppressed", "alerts held back by the rate limit",
                s -> s.monitor().alertsSuppressed());
        gauge("connwatch.store.size", "the history's files on disk", "bytes", s -> s.store().bytesOnDisk());
        gauge("connwatch.store.connections", "connection rows kept in the history", null,
                s -> s.store().connections());
        gauge("connwatch.store.findings", "findings kept in the history", null, s -> s.store().findings());
        gauge("connwatch.store.oldest.timestamp", "the oldest record kept, 0 when empty", "seconds",
                s -> s.store().oldest() == null ? 0 : s.store().oldest().toEpochMilli() / 1000.0);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
    }

    /** The metrics now, in the Prometheus text format 0.0.4. */
    public synchronized String scrape() {
        Map<String, SinkCounts> bySink = new HashMap<>();
        for (SinkCounts c : alerts.get()) {
            bySink.put(c.sink(), c);
            if (sinks.add(c.sink())) {
                sinkCounter(c.sink(), "sent", "alerts delivered", SinkCounts::sent);
                sinkCounter(c.sink(), "suppressed", "alerts left out on purpose (quiet period, acknowledged)",
                        SinkCounts::suppressed);
                sinkCounter(c.sink(), "held.back", "alerts held back by the rate limit", SinkCounts::heldBack);
                sinkCounter(c.sink(), "failed", "alerts that could not be delivered", SinkCounts::failed);
                sinkCounter(c.sink(), "dropped", "alerts dropped on a full queue", SinkCounts::dropped);
            }
        }
        sample = new Sample(live.status(), history.stats(), clock.millis(), bySink);
        return registry.scrape();
    }

    private void sinkCounter(String sink, String what, String help, ToDoubleFunction<SinkCounts> value) {
        FunctionCounter.builder("connwatch.alert.sink." + what, this, m -> {
            SinkCounts c = m.sample.sinks().get(sink);
            return c == null ? 0 : value.applyAsDouble(c);
        }).description(help).tag("sink", sink).register(registry);
    }

    /** Counts a new finding by detector and severity; a recurrence is not counted again. */
    @Override
    public void changed(FindingState state, boolean isNew) {
        if (!isNew) {
            return;
        }
        try {
            Finding f = state.latest();
            Counter.builder("connwatch.findings.raised")
                    .description("new findings the monitor reported, by detector and severity")
                    .tag("detector", f.detector()).tag("severity", f.severity().label())
                    .register(registry).increment();
        } catch (RuntimeException e) {
            // A listener never throws into the monitor; a metric that cannot register is only a metric.
        }
    }

    private void counter(String name, String help, ToDoubleFunction<Sample> value) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.sample)).description(help).register(registry);
    }

    private void gauge(String name, String help, String unit, ToDoubleFunction<Sample> value) {
        Gauge.Builder<WebMetrics> b = Gauge.builder(name, this, m -> value.applyAsDouble(m.sample)).description(help);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }

    private static double seconds(Duration d) {
        return d == null ? 0 : d.toNanos() / 1e9;
    }
}
