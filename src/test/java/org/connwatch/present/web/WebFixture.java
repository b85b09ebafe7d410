package org.connwatch.present.web;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** A dashboard on a free loopback port over the sample data, for the web tests. Close it after. */
final class WebFixture implements AutoCloseable {
    final MemoryHistory history = new MemoryHistory();
    final MemoryMonitor monitor;
    final WebServer server;
    final Instant now;

    private WebFixture(Instant now, Clock clock, WebSettings settings, ApplicableRules rules) throws WebStartException {
        this.now = now;
        this.monitor = new MemoryMonitor(history, clock);
        SampleData.fill(history, now);
        this.server = WebServer.start(settings, new WebBackend(history, monitor, monitor, rules, "box1", clock));
    }

    /** Loopback, no token, time fixed at {@code now}. */
    static WebFixture fixed(Instant now, Path stateDir) throws WebStartException {
        return new WebFixture(now, Clock.fixed(now, ZoneOffset.UTC), new WebSettings("127.0.0.1", 0, stateDir, false),
                ApplicableRules.NONE);
    }

    /** The given settings and rules, the sample ending now, the clock running (for the browser). */
    static WebFixture live(WebSettings settings, ApplicableRules rules) throws WebStartException {
        return new WebFixture(Instant.now(), Clock.systemUTC(), settings, rules);
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
