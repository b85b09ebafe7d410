package org.connwatch.act.alert;

/**
 * Where alerts go (stdout, syslog, a webhook, the desktop). The dispatcher calls {@link #deliver}
 * from one thread at a time (holding its lock), after its de-duplication and rate limit: a sink
 * must return quickly (one that may block hands the work to its own queue) and never throw.
 * {@link #counts} and {@link #close} may be called from any thread.
 */
public interface AlertSink extends AutoCloseable {

    /** The sink's name for counts and notices, e.g. {@code webhook https://example.org/hook}. */
    String name();

    /** Delivers one alert, or queues it; failures are counted, not thrown. */
    void deliver(Alert alert);

    /** What it has sent, failed and dropped so far (suppressed and held back are the dispatcher's). */
    SinkCounts counts();

    /** Stops the sink, giving queued alerts a short time to go out; never throws. */
    @Override
    void close();
}
