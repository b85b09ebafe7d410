package org.connwatch.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.detect.Detector;
import org.connwatch.detect.Finding;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.records.Connection;
import org.connwatch.store.FindingState;
import org.connwatch.store.FindingStatus;
import org.connwatch.store.TrackedConnection;

/**
 * Runs the detectors as the monitor goes: those that judge one connection at a time on the connections
 * new or changed at each poll, the others (beacon, traffic-peak, the per-program ones) over the window of
 * recent connections every {@link MonitorSettings#detectEvery()}. Findings go into the {@link FindingBook};
 * new and recurring open ones become alerts when the {@link AlertRateLimit} lets them through.
 *
 * <p>Not thread-safe (the poll thread), except {@link #replace(DetectionEngine)}, which may be called from
 * any thread (after a policy change) and takes effect at the next poll.
 */
final class ContinuousDetection {
    private final MonitorSettings settings;
    private final FindingBook book;
    private final AlertRateLimit limit;
    private final RecordWindow window;
    private volatile Engines engines;
    private Instant lastWindowRun;

    /** The engine split in two: per poll and over the window. */
    private record Engines(DetectionEngine perPoll, DetectionEngine overWindow) {
        static Engines of(DetectionEngine engine) {
            return new Engines(engine.only(d -> d instanceof PerConnectionDetector),
                    engine.only(d -> !(d instanceof PerConnectionDetector)));
        }
    }

    /** A finding to tell the listeners about, once it is in the history. */
    record Alert(FindingState state, boolean isNew) {
    }

    ContinuousDetection(DetectionEngine engine, MonitorSettings settings, FindingBook book, AlertRateLimit limit) {
        this.settings = settings;
        this.book = book;
        this.limit = limit;
        this.window = new RecordWindow(settings.windowRecords(), settings.windowAge());
        this.engines = Engines.of(engine);
    }

    /** Puts the connections the history kept from before (at start) into the window. */
    void preload(List<TrackedConnection> earlier) {
        window.add(earlier);
    }

    /** Uses a new engine from the next poll on (the policy was changed). */
    void replace(DetectionEngine engine) {
        engines = Engines.of(engine);
    }

    /** The detector ids in use, per poll and over the window. */
    List<String> detectorIds() {
        Engines e = engines;
        List<String> ids = new ArrayList<>();
        e.perPoll().detectors().forEach(d -> ids.add(d.id()));
        e.overWindow().detectors().forEach(d -> ids.add(d.id()));
        return ids;
    }

    /**
     * One poll's detection.
     *
     * @param now     the poll's time
     * @param changed the connections the poll found new, changed or closed
     * @return the alerts to send once the poll's batch is written
     */
    List<Alert> poll(Instant now, List<TrackedConnection> changed) {
        Engines e = engines;
        window.add(changed);
        List<Alert> alerts = new ArrayList<>();
        if (!changed.isEmpty() && !e.perPoll().detectors().isEmpty()) {
            Map<Connection, Long> ids = RecordWindow.idMap();
            List<Connection> records = new ArrayList<>(changed.size());
            for (TrackedConnection t : changed) {
                records.add(t.connection());
                ids.put(t.connection(), t.id());
            }
            raise(e.perPoll().run(records), ids, now, alerts);
        }
        if (lastWindowRun == null || !lastWindowRun.plus(settings.detectEvery()).isAfter(now)) {
            lastWindowRun = now;
            window.expire(now);
            if (!e.overWindow().detectors().isEmpty() && window.size() > 0) {
                Map<Connection, Long> ids = RecordWindow.idMap();
                List<Connection> records = window.records(ids);
                raise(e.overWindow().run(records), ids, now, alerts);
            }
        }
        return alerts;
    }

    private void raise(List<Finding> findings, Map<Connection, Long> ids, Instant now, List<Alert> alerts) {
        for (Finding f : findings) {
            List<Long> connectionIds = new ArrayList<>();
            for (Connection c : f.connections()) {
                Long id = ids.get(c);
                if (id != null) {
                    connectionIds.add(id);
                }
            }
            FindingBook.Raised r = book.raise(f, connectionIds, now);
            if ((r.isNew() || r.recurred()) && r.state().status() == FindingStatus.OPEN) {
                if (limit.allow(f.detector(), now)) {
                    alerts.add(new Alert(r.state(), r.isNew()));
                }
            }
        }
    }

    /** How many records the window holds. */
    int windowSize() {
        return window.size();
    }

    /** True when a detector that needs history is in use. */
    boolean usesHistory() {
        return engines.overWindow().detectors().stream().map(Detector::id).findAny().isPresent();
    }
}
