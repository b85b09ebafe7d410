package org.connwatch.monitor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.connwatch.records.Connection;
import org.connwatch.source.capture.flow.FlowSettings;
import org.connwatch.source.capture.flow.FlowTracker;
import org.connwatch.source.capture.flow.LocalNetworks;
import org.connwatch.source.capture.live.LiveCapture;
import org.connwatch.source.capture.live.LiveCaptureOptions;

/**
 * The network around this machine for the monitor ({@code --interface}): a live capture on one interface
 * turned into flows (as {@code connwatch capture} does), on a thread of its own. Flows that end are queued
 * for the poll thread (bounded); the flows still open are published as one snapshot once per poll
 * interval, taken on the capture thread, which alone touches the flow tracker.
 *
 * <p>Threads: {@link #start()} and {@link #close()} from the monitor's owner; {@link #takeOpen()} and
 * {@link #drainEnded()} from the poll thread; {@link #notices()} from any thread.
 */
final class CaptureFeed implements AutoCloseable {
    /** Flows followed at once at most (the flow table's bound; the least recently seen is evicted). */
    static final int MAX_FLOWS = 100_000;
    /** Ended flows waiting for the poll thread at most; beyond, they are counted and dropped. */
    static final int QUEUE = 200_000;

    private final LiveCapture capture;
    private final long publishNanos;
    private final ArrayBlockingQueue<ConnectionTracker.Keyed> ended = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile Map<ConnectionKey, Connection> open;
    private volatile String failure;

    private CaptureFeed(LiveCapture capture, Duration publishEvery) {
        this.capture = capture;
        this.publishNanos = publishEvery.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("connwatch-capture").unstarted(this::run);
    }

    /**
     * Opens the capture on {@code interfaceName} (needs CAP_NET_RAW).
     *
     * @throws IOException naming an unknown interface, a refused privilege or a missing libpcap
     */
    static CaptureFeed open(String interfaceName, Duration publishEvery) throws IOException {
        return new CaptureFeed(LiveCapture.open(LiveCaptureOptions.onInterface(interfaceName)), publishEvery);
    }

    void start() {
        thread.start();
    }

    private void run() {
        FlowTracker tracker = new FlowTracker(FlowSettings.DEFAULTS.withMaxFlows(MAX_FLOWS), LocalNetworks.defaults(),
                (id, c, isEnded) -> {
                    if (isEnded && !ended.offer(new ConnectionTracker.Keyed(ConnectionKey.ofFlow(c, id), c))) {
                        dropped.incrementAndGet();
                    }
                });
        long[] lastPublished = {0};
        try {
            capture.run(tracker, nowNanos -> {
                tracker.advanceTo(nowNanos);
                long now = System.nanoTime();
                if (now - lastPublished[0] >= publishNanos) {
                    lastPublished[0] = now;
                    Map<ConnectionKey, Connection> flows = new HashMap<>();
                    tracker.snapshot((id, c, isEnded) -> flows.put(ConnectionKey.ofFlow(c, id), c));
                    open = flows;
                }
            });
            tracker.finish();
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage();
        }
    }

    /** The open flows as last published, or null when none was published since the last call. */
    Map<ConnectionKey, Connection> takeOpen() {
        Map<ConnectionKey, Connection> o = open;
        open = null;
        return o;
    }

    /** The flows that ended since the last call, oldest first. */
    List<ConnectionTracker.Keyed> drainEnded() {
        List<ConnectionTracker.Keyed> out = new ArrayList<>(ended.size());
        ended.drainTo(out);
        return out;
    }

    String description() {
        return "flows captured on " + capture.description();
    }

    List<String> notices() {
        List<String> out = new ArrayList<>();
        if (dropped.get() > 0) {
            out.add("capture: " + dropped.get() + " ended flows dropped because the monitor fell behind");
        }
        if (failure != null) {
            out.add("capture stopped: " + failure);
        }
        try {
            var stats = capture.statistics();
            if (stats.dropped() > 0) {
                out.add("capture: " + stats.summary());
            }
        } catch (IOException | RuntimeException e) {
            // closed or failed: the failure above says so
        }
        return out;
    }

    @Override
    public void close() {
        capture.stop();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        capture.close();
    }
}
