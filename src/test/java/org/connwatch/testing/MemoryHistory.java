package org.connwatch.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.connwatch.detect.DetectionEngine;
import org.connwatch.records.Connection;
import org.connwatch.store.ConnectionQuery;
import org.connwatch.store.FindingQuery;
import org.connwatch.store.FindingState;
import org.connwatch.store.History;
import org.connwatch.store.HistoryBatch;
import org.connwatch.store.StoreStats;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficBucket;
import org.connwatch.store.TrafficDelta;
import org.connwatch.store.Usage;
import org.connwatch.store.UsageGroup;

/**
 * A history in memory, for the monitor's and the serve command's tests only: it keeps every batch as written (each
 * connection and finding in its latest form, every delta) and answers the queries by scanning.
 */
public final class MemoryHistory implements History {
    public final List<HistoryBatch> batches = new ArrayList<>();
    public final Map<Long, TrackedConnection> connections = new LinkedHashMap<>();
    public final List<TrafficDelta> deltas = new ArrayList<>();
    public final Map<Long, FindingState> findings = new LinkedHashMap<>();
    private long lastConnectionId;
    private long lastFindingId;

    /** Every connection written so far, in its latest form (a copy, safe while the monitor writes). */
    public synchronized List<TrackedConnection> allConnections() {
        return List.copyOf(connections.values());
    }

    /** Every delta written so far (a copy). */
    public synchronized List<TrafficDelta> allDeltas() {
        return List.copyOf(deltas);
    }

    /** Every finding written so far, in its latest form (a copy). */
    public synchronized List<FindingState> allFindings() {
        return List.copyOf(findings.values());
    }

    @Override
    public synchronized long lastConnectionId() {
        return lastConnectionId;
    }

    @Override
    public synchronized long lastFindingId() {
        return lastFindingId;
    }

    @Override
    public synchronized void write(HistoryBatch batch) {
        batches.add(batch);
        for (TrackedConnection t : batch.connections()) {
            connections.put(t.id(), t);
            lastConnectionId = Math.max(lastConnectionId, t.id());
        }
        deltas.addAll(batch.traffic());
        for (FindingState f : batch.findings()) {
            findings.put(f.id(), f);
            lastFindingId = Math.max(lastFindingId, f.id());
        }
    }

    @Override
    public synchronized List<TrackedConnection> connections(ConnectionQuery q) {
        return connections.values().stream()
                .filter(t -> !t.connection().lastSeen().isBefore(q.from()) && t.connection().firstSeen().isBefore(q.to()))
                .filter(t -> !q.openOnly() || t.open())
                .sorted(Comparator.comparing((TrackedConnection t) -> t.connection().lastSeen()).reversed())
                .limit(q.limit()).toList();
    }

    @Override
    public synchronized Optional<TrackedConnection> connection(long id) {
        return Optional.ofNullable(connections.get(id));
    }

    @Override
    public synchronized List<TrafficDelta> trafficOf(long connectionId, int limit) {
        return deltas.stream().filter(d -> d.connectionId() == connectionId).limit(limit).toList();
    }

    @Override
    public synchronized List<TrafficBucket> traffic(Instant from, Instant to, Duration step, ConnectionQuery filter) {
        List<TrafficBucket> out = new ArrayList<>();
        for (Instant s = from; s.isBefore(to); s = s.plus(step)) {
            Instant start = s;
            Instant end = s.plus(step);
            long sent = 0;
            long received = 0;
            for (TrafficDelta d : deltas) {
                if (!d.at().isBefore(start) && d.at().isBefore(end)) {
                    sent += d.bytesSent();
                    received += d.bytesReceived();
                }
            }
            out.add(new TrafficBucket(start, sent, received));
        }
        return out;
    }

    @Override
    public synchronized List<Usage> usage(Instant from, Instant to, UsageGroup by, int limit) {
        Map<String, long[]> sums = new HashMap<>();
        for (TrafficDelta d : deltas) {
            if (d.at().isBefore(from) || !d.at().isBefore(to)) {
                continue;
            }
            Connection c = connections.get(d.connectionId()).connection();
            String key = by == UsageGroup.PROGRAM ? (c.process() == null ? "-" : c.process().name())
                    : c.remote().ip();
            long[] s = sums.computeIfAbsent(key, k -> new long[3]);
            s[0] += d.bytesSent();
            s[1] += d.bytesReceived();
            s[2]++;
        }
        return sums.entrySet().stream().map(e -> new Usage(e.getKey(), "", e.getValue()[0], e.getValue()[1],
                        e.getValue()[2]))
                .sorted(Comparator.comparingLong((Usage u) -> u.bytesSent() + u.bytesReceived()).reversed())
                .limit(limit).toList();
    }

    @Override
    public synchronized List<FindingState> findings(FindingQuery q) {
        return findings.values().stream()
                .filter(f -> !f.lastSeen().isBefore(q.from()) && f.firstSeen().isBefore(q.to()))
                .filter(f -> q.detector() == null || q.detector().isEmpty() || q.detector().equals(f.latest().detector()))
                .filter(f -> q.statuses().isEmpty() || q.statuses().contains(f.status()))
                .sorted(Comparator.comparing((FindingState f) -> f.latest(), DetectionEngine.WORST_FIRST::compare))
                .limit(q.limit()).toList();
    }

    @Override
    public synchronized Optional<FindingState> finding(long id) {
        return Optional.ofNullable(findings.get(id));
    }

    @Override
    public synchronized StoreStats stats() {
        Instant oldest = connections.values().stream().map(t -> t.connection().firstSeen()).min(Instant::compareTo)
                .orElse(null);
        return new StoreStats(connections.size(), findings.size(), 0, oldest);
    }

    @Override
    public void close() {
    }
}
