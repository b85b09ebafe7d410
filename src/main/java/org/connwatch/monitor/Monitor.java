package org.connwatch.monitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.policy.Acknowledgement;
import org.connwatch.policy.PolicyException;
import org.connwatch.policy.PolicyLoader;
import org.connwatch.records.Connection;
import org.connwatch.source.Snapshot;
import org.connwatch.source.SnapshotSource;
import org.connwatch.store.ConnectionQuery;
import org.connwatch.store.FindingQuery;
import org.connwatch.store.FindingState;
import org.connwatch.store.FindingStatus;
import org.connwatch.store.History;
import org.connwatch.store.HistoryBatch;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficDelta;

/**
 * The monitor of {@code connwatch serve}: polls the socket source, follows each connection through its
 * life ({@link ConnectionTracker}), catches the short-lived ones through the kernel's close announcements
 * ({@link CloseEventFeed}), runs the detectors continuously ({@link ContinuousDetection}), writes each poll's
 * changes to the {@link History} as one batch, then tells the {@link FindingListener}s.
 *
 * <p>Threads: {@link #run()} polls on the calling thread until {@link #stop()} (from any thread, such as
 * a signal handler); the last poll's batch is written before it returns. {@link LiveView} and
 * {@link FindingActions} may be called from any thread. The source and the history belong to the caller,
 * who closes them after {@link #close()}.
 */
public final class Monitor implements LiveView, FindingActions, AutoCloseable {
    /** Findings of the last 30 days (at most this many) are taken back from the history at start. */
    static final int FINDINGS_LOADED = 10_000;

    private final MonitorSettings settings;
    private final SnapshotSource source;
    private final CloseEventFeed feed;
    private final CaptureFeed capture;
    private final ConnectionTracker flows;
    private final History history;
    private final DetectionSetup setup;
    private final Clock clock;
    private final ConnectionTracker tracker;
    private final IdSequence connectionIds;
    private final RecordEnricher enricher = new RecordEnricher();
    private final FindingBook book;
    private final AlertRateLimit limit;
    private final ContinuousDetection detection;
    private final List<FindingListener> listeners = new CopyOnWriteArrayList<>();
    private final List<String> startNotices;
    private final List<String> sources = new ArrayList<>();
    private final Instant startedAt;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object pollLock = new Object();
    private volatile boolean stopping;
    private volatile List<TrackedConnection> open = List.of();
    private volatile List<String> pollNotices = List.of();
    private volatile Instant lastPoll;
    private volatile Duration lastPollTook = Duration.ZERO;
    private volatile long polls;
    private volatile long recordsSeen;
    private volatile long shortLived;
    private volatile long writeFailures;
    private volatile String lastWriteFailure;

    private Monitor(MonitorSettings settings, SnapshotSource source, CloseEventFeed feed, CaptureFeed capture,
                    History history, DetectionSetup setup, DetectionEngine engine, Clock clock, List<String> notices) {
        this.settings = settings;
        this.source = source;
        this.feed = feed;
        this.capture = capture;
        this.history = history;
        this.setup = setup;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.connectionIds = new IdSequence(history.lastConnectionId());
        this.tracker = new ConnectionTracker(connectionIds, settings.refresh());
        this.flows = new ConnectionTracker(connectionIds, settings.refresh());
        this.book = new FindingBook(new IdSequence(history.lastFindingId()), settings.recurAfter(), settings.refresh());
        this.limit = new AlertRateLimit(settings);
        this.detection = new ContinuousDetection(engine, settings, book, limit);
        this.startNotices = List.copyOf(notices);
        sources.add("sockets via " + source.description() + ", every " + settings.pollInterval().toMillis() + " ms");
        if (feed != null) {
            sources.add("socket close events (netlink sock_diag destroy groups)");
        }
        if (capture != null) {
            sources.add(capture.description());
        }
    }

    /**
     * Makes a monitor: loads the detectors, opens the close announcements when asked (a notice says why
     * when they cannot be had), takes back from the history the recent connections (for the detectors that
     * need history) and the findings (so their status and counts carry on).
     *
     * @param notices what the caller wants shown among the monitor's notices (a missing baseline ...)
     * @throws IOException when the capture interface asked for cannot be opened (unknown, no privilege)
     */
    public static Monitor open(MonitorSettings settings, SnapshotSource source, History history,
                               DetectionSetup setup, Clock clock, List<String> notices)
            throws IOException, PolicyException {
        DetectionEngine engine = setup.load();
        List<String> all = new ArrayList<>(notices);
        CloseEventFeed feed = null;
        if (settings.closeEvents()) {
            try {
                feed = CloseEventFeed.open(clock);
            } catch (IOException e) {
                all.add("socket close events unavailable (" + e.getMessage() + "): connections that open and "
                        + "close between two polls are missed");
            }
        }
        CaptureFeed capture = null;
        if (settings.captureInterface() != null) {
            try {
                capture = CaptureFeed.open(settings.captureInterface(), settings.pollInterval());
            } catch (IOException | RuntimeException e) {
                if (feed != null) {
                    feed.close();
                }
                throw e;
            }
        }
        Monitor m = new Monitor(settings, source, feed, capture, history, setup, engine, clock, all);
        Instant now = clock.instant();
        m.book.load(history.findings(new FindingQuery(now.minus(Duration.ofDays(30)), now.plusSeconds(1), null,
                Set.of(), FINDINGS_LOADED)));
        m.detection.preload(history.connections(new ConnectionQuery(now.minus(settings.windowAge()),
                now.plusSeconds(1), null, null, null, null, false,
                Math.min(settings.windowRecords(), ConnectionQuery.MAX_LIMIT))));
        if (feed != null) {
            feed.start();
        }
        if (capture != null) {
            capture.start();
        }
        return m;
    }

    /** Adds a receiver of findings as they are raised. */
    public void addListener(FindingListener listener) {
        listeners.add(listener);
    }

    /** Polls every {@link MonitorSettings#pollInterval()} until {@link #stop()}; the last poll is written. */
    public void run() throws InterruptedException {
        long interval = settings.pollInterval().toNanos();
        long next = System.nanoTime();
        while (!stopping) {
            pollOnce();
            next += interval;
            long wait = next - System.nanoTime();
            if (wait < 0) {
                next = System.nanoTime(); // fell behind: poll again now, without trying to catch up
            } else if (stopped.await(wait, TimeUnit.NANOSECONDS)) {
                break;
            }
        }
        pollOnce(); // what changed since the last poll, written before returning
    }

    /** Asks {@link #run()} to return after one last poll; returns at once. Any thread. */
    public void stop() {
        stopping = true;
        stopped.countDown();
    }

    /** One poll: snapshot, close events, tracking, detection, one batch to the history, then the listeners. */
    public void pollOnce() {
        synchronized (pollLock) {
            long t0 = System.nanoTime();
            Instant at = clock.instant();
            List<String> notices = new ArrayList<>();
            Map<ConnectionKey, Connection> current = new HashMap<>();
            boolean snapshotOk = true;
            try {
                Snapshot s = source.snapshot();
                notices.addAll(s.notices());
                at = s.takenAt();
                for (Connection c : enricher.snapshot(s.connections())) {
                    current.put(ConnectionKey.of(c), c);
                }
                recordsSeen += s.connections().size();
            } catch (IOException | RuntimeException e) {
                snapshotOk = false;
                notices.add("the last snapshot failed: " + e.getMessage());
            }
            List<ConnectionTracker.Keyed> events = new ArrayList<>();
            if (feed != null) {
                for (Connection c : enricher.closed(feed.drain())) {
                    events.add(new ConnectionTracker.Keyed(ConnectionKey.of(c), c));
                }
                recordsSeen += events.size();
            }
            PollChanges changes = tracker.poll(at, snapshotOk ? current : null, events);
            List<TrackedConnection> changed = changes.changed();
            List<TrafficDelta> traffic = changes.traffic();
            if (capture != null) {
                PollChanges f = flows(at);
                changed = concat(changed, f.changed());
                traffic = concat(traffic, f.traffic());
            }
            List<ContinuousDetection.Alert> alerts = detection.poll(at, changed);
            HistoryBatch batch = new HistoryBatch(at, changed, traffic, book.takeChanged());
            write(batch);
            open = capture == null ? List.copyOf(tracker.open()) : concat(tracker.open(), flows.open());
            shortLived += changes.shortLived();
            pollNotices = List.copyOf(notices);
            polls++;
            lastPoll = clock.instant();
            lastPollTook = Duration.ofNanos(System.nanoTime() - t0);
            for (ContinuousDetection.Alert a : alerts) {
                for (FindingListener l : listeners) {
                    try {
                        l.changed(a.state(), a.isNew());
                    } catch (RuntimeException e) {
                        // a listener must not throw; one that does loses this alert, the others still get it
                    }
                }
            }
        }
    }

    /** The captured flows' changes: the open ones as last published, the ended ones as events. */
    private PollChanges flows(Instant at) {
        Map<ConnectionKey, Connection> openFlows = capture.takeOpen();
        List<ConnectionTracker.Keyed> ended = new ArrayList<>();
        for (ConnectionTracker.Keyed k : capture.drainEnded()) {
            ended.add(new ConnectionTracker.Keyed(k.key(), enricher.flow(k.connection())));
        }
        Map<ConnectionKey, Connection> enriched = null;
        if (openFlows != null) {
            enriched = new HashMap<>();
            for (Map.Entry<ConnectionKey, Connection> e : openFlows.entrySet()) {
                enriched.put(e.getKey(), enricher.flow(e.getValue()));
            }
        }
        recordsSeen += ended.size() + (openFlows == null ? 0 : openFlows.size());
        return flows.poll(at, enriched, ended);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<T> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private void write(HistoryBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            history.write(batch);
        } catch (RuntimeException e) {
            writeFailures++;
            lastWriteFailure = e.getMessage();
        }
    }

    @Override
    public List<TrackedConnection> open() {
        return open;
    }

    @Override
    public MonitorStatus status() {
        List<String> notices = new ArrayList<>(startNotices);
        notices.addAll(pollNotices);
        if (feed != null) {
            notices.addAll(feed.notices());
        }
        if (capture != null) {
            notices.addAll(capture.notices());
        }
        if (writeFailures > 0) {
            notices.add(writeFailures + " batch(es) could not be written to the history, the last: " + lastWriteFailure);
        }
        return new MonitorStatus(startedAt, lastPoll, settings.pollInterval(), lastPollTook, polls, recordsSeen,
                open.size(), connectionIds.issued(), shortLived, book.raised(), limit.suppressed(), sources, notices);
    }

    @Override
    public Optional<FindingState> acknowledge(long findingId, String note) {
        known(findingId);
        return book.setStatus(findingId, FindingStatus.ACKNOWLEDGED, note, clock.instant());
    }

    @Override
    public Optional<FindingState> allow(long findingId, String reason) throws PolicyException {
        Optional<FindingState> state = known(findingId);
        if (state.isEmpty()) {
            return Optional.empty();
        }
        String why = reason == null || reason.isBlank() ? "allowed from connwatch serve" : reason;
        try {
            new Acknowledgement(PolicyLoader.standard()).allow(setup.policyFile(), "serve-finding-" + findingId,
                    AllowRule.conditions(state.get().latest()), why);
            detection.replace(setup.load());
        } catch (IOException e) {
            throw new UncheckedIOException("the policy " + setup.policyFile() + " could not be written or read", e);
        }
        return book.setStatus(findingId, FindingStatus.ALLOWED, why, clock.instant());
    }

    /** The finding from the book, or else from the history (then put into the book). */
    private Optional<FindingState> known(long id) {
        Optional<FindingState> s = book.get(id);
        if (s.isPresent()) {
            return s;
        }
        Optional<FindingState> stored = history.finding(id);
        stored.ifPresent(f -> book.load(List.of(f)));
        return stored;
    }

    /** Stops the close announcements; the source and the history stay open (the caller's). */
    @Override
    public void close() {
        stop();
        if (feed != null) {
            feed.close();
        }
        if (capture != null) {
            capture.close();
        }
    }
}
