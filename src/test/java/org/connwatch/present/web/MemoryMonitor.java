package org.connwatch.present.web;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.connwatch.monitor.FindingActions;
import org.connwatch.monitor.LiveView;
import org.connwatch.monitor.MonitorStatus;
import org.connwatch.store.FindingState;
import org.connwatch.store.History;
import org.connwatch.store.FindingStatus;
import org.connwatch.store.HistoryBatch;
import org.connwatch.store.TrackedConnection;

/** The monitor's live view and finding actions over a {@link MemoryHistory}, for the web tests. */
final class MemoryMonitor implements LiveView, FindingActions {
    private final History history;
    private final Clock clock;
    private final List<String> allowed = new java.util.concurrent.CopyOnWriteArrayList<>();

    MemoryMonitor(History history, Clock clock) {
        this.history = history;
        this.clock = clock;
    }

    @Override
    public List<TrackedConnection> open() {
        return history.connections(new org.connwatch.store.ConnectionQuery(java.time.Instant.EPOCH,
                clock.instant().plusSeconds(60), null, null, null, null, true, 100_000));
    }

    @Override
    public MonitorStatus status() {
        int open = open().size();
        return new MonitorStatus(clock.instant().minus(Duration.ofHours(3)), clock.instant().minusMillis(400),
                Duration.ofSeconds(1), Duration.ofMillis(12), 10_800, 2_500_000, open,
                history.stats().connections(), 17, history.stats().findings(), 2,
                List.of("sockets via netlink"), List.of());
    }

    @Override
    public Optional<FindingState> acknowledge(long findingId, String note) {
        return change(findingId, FindingStatus.ACKNOWLEDGED, note);
    }

    @Override
    public Optional<FindingState> allow(long findingId, String reason) {
        Optional<FindingState> f = change(findingId, FindingStatus.ALLOWED, reason);
        f.ifPresent(s -> allowed.add(s.key()));
        return f;
    }

    /** The keys of the findings allowed, in order. */
    List<String> allowed() {
        return allowed;
    }

    private Optional<FindingState> change(long id, FindingStatus status, String note) {
        Optional<FindingState> f = history.finding(id).map(s -> s.withStatus(status, note));
        f.ifPresent(s -> history.write(new HistoryBatch(clock.instant(), List.of(), List.of(), List.of(s))));
        return f;
    }
}
