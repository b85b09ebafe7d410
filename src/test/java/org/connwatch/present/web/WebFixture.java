package org.connwatch.present.web;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;
import org.connwatch.act.alert.SinkCounts;
import org.connwatch.store.History;

/** A dashboard on a free loopback port over the sample data, for the web tests. Close it after. */
final class WebFixture implements AutoCloseable {
    final History history;
    final MemoryMonitor monitor;
    final WebServer server;
    final Instant now;

    private WebFixture(Instant now, Clock clock, WebSettings settings, ApplicableRules rules, History history,
                       Supplier<List<SinkCounts>> alerts) throws WebStartException {
        this.now = now;
        this.history = history;
        this.monitor = new MemoryMonitor(history, clock);
        SampleData.fill(history, now);
        this.server = WebServer.start(settings, new WebBackend(history, monitor, monitor, rules, "box1", clock, alerts));
    }

    /** Loopback, no token, time fixed at {@code now}. */
    static WebFixture fixed(Instant now, Path stateDir) throws WebStartException {
        return fixed(now, stateDir, new MemoryHistory());
    }

    /** The same over the given (empty) history. */
    static WebFixture fixed(Instant now, Path stateDir, History history) throws WebStartException {
        return fixed(now, stateDir, history, List::of);
    }

    /** The same with alert sinks. */
    static WebFixture fixed(Instant now, Path stateDir, History history, Supplier<List<SinkCounts>> alerts)
            throws WebStartException {
        return new WebFixture(now, Clock.fixed(now, ZoneOffset.UTC), new WebSettings("127.0.0.1", 0, stateDir, false),
                ApplicableRules.NONE, history, alerts);
    }

    /** The given settings and rules, the sample ending now, the clock running (for the browser). */
    static WebFixture live(WebSettings settings, ApplicableRules rules) throws WebStartException {
        return new WebFixture(Instant.now(), Clock.systemUTC(), settings, rules, new MemoryHistory(), List::of);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        history.close();
    }
}
