package org.connwatch.present.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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

/** A history in memory with the contract's semantics, for the web tests (the real one is the store's). */
final class MemoryHistory implements History {
    private final Map<Long, TrackedConnection> connections = new TreeMap<>();
    private final List<TrafficDelta> deltas = new ArrayList<>();
    private final Map<Long, FindingState> findings = new LinkedHashMap<>();

    @Override
    public synchronized long lastConnectionId() {
        return connections.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    @Override
    public synchronized long lastFindingId() {
        return findings.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    @Override
    public synchronized void write(HistoryBatch batch) {
        batch.connections().forEach(c -> connections.put(c.id(), c));
        deltas.addAll(batch.traffic());
        batch.findings().forEach(f -> findings.put(f.id(), f));
    }

    @Override
    public synchronized List<TrackedConnection> connections(ConnectionQuery q) {
        return connections.values().stream()
                .filter(t -> t.connection().firstSeen().isBefore(q.to()) && !t.connection().lastSeen().isBefore(q.from()))
                .filter(t -> matches(t, q))
                .sorted(Comparator.comparing((TrackedConnection t) -> t.connection().lastSeen()).reversed())
                .limit(q.limit())
                .toList();
    }

    private boolean matches(TrackedConnection t, ConnectionQuery q) {
        Connection c = t.connection();
        if (q.openOnly() && !t.open()) {
            return false;
        }
        if (!contains(q.program(), c.process() == null ? "" : c.process().name() + " " + c.process().executable())) {
            return false;
        }
        String local = c.local().ip() + " " + (c.flow() == null ? "" : c.flow().local().hostName() + " "
                + c.flow().local().mac());
        if (!contains(q.host(), local)) {
            return false;
        }
        String remote = c.remote().ip() + " " + c.enrichment().remoteDomain()
                + (c.flow() == null ? "" : " " + c.flow().dnsName() + " " + c.flow().tlsServerName());
        if (!contains(q.remote(), remote)) {
            return false;
        }
        if (q.finding() != null && !q.finding().isEmpty()) {
            return findings.values().stream().anyMatch(f -> f.latest().detector().equals(q.finding())
                    && f.connectionIds().contains(t.id()));
        }
        return true;
    }

    private static boolean contains(String needle, String hay) {
        return needle == null || needle.isEmpty() || hay.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
    }

    @Override
    public synchronized Optional<TrackedConnection> connection(long id) {
        return Optional.ofNullable(connections.get(id));
    }

    @Override
    public synchronized List<TrafficDelta> trafficOf(long connectionId, int limit) {
        return deltas.stream().filter(d -> d.connectionId() == connectionId)
                .sorted(Comparator.comparing(TrafficDelta::at)).limit(limit).toList();
    }

    @Override
    public synchronized List<TrafficBucket> traffic(Instant from, Instant to, Duration step, ConnectionQuery filter) {
        Set<Long> ids = null;
        if (filter != null) {
            ids = new HashSet<>();
            for (TrackedConnection t : connections.values()) {
                if (matches(t, filter)) {
                    ids.add(t.id());
                }
            }
        }
        long stepMs = step.toMillis();
        int n = (int) ((to.toEpochMilli() - from.toEpochMilli() + stepMs - 1) / stepMs);
        long[] sent = new long[n];
        long[] received = new long[n];
        for (TrafficDelta d : deltas) {
            if (d.at().isBefore(from) || !d.at().isBefore(to) || (ids != null && !ids.contains(d.connectionId()))) {
                continue;
            }
            int i = (int) ((d.at().toEpochMilli() - from.toEpochMilli()) / stepMs);
            sent[i] += d.bytesSent();
            received[i] += d.bytesReceived();
        }
        List<TrafficBucket> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new TrafficBucket(from.plusMillis(i * stepMs), sent[i], received[i]));
        }
        return out;
    }

    @Override
    public synchronized List<Usage> usage(Instant from, Instant to, UsageGroup by, int limit) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Set<Long>> conns = new LinkedHashMap<>();
        for (TrafficDelta d : deltas) {
            if (d.at().isBefore(from) || !d.at().isBefore(to)) {
                continue;
            }
            Connection c = connections.get(d.connectionId()).connection();
            String key = by == UsageGroup.PROGRAM ? (c.process() == null ? "-" : c.process().name()) : c.remote().ip();
            String label = by == UsageGroup.PROGRAM ? (c.process() == null ? "" : c.process().executable())
                    : (c.enrichment().remoteDomain() == null ? "" : c.enrichment().remoteDomain());
            long[] s = sums.computeIfAbsent(key, k -> new long[2]);
            s[0] += d.bytesSent();
            s[1] += d.bytesReceived();
            labels.putIfAbsent(key, label);
            conns.computeIfAbsent(key, k -> new HashSet<>()).add(d.connectionId());
        }
        return sums.entrySet().stream()
                .map(e -> new Usage(e.getKey(), labels.get(e.getKey()), e.getValue()[0], e.getValue()[1],
                        conns.get(e.getKey()).size()))
                .sorted(Comparator.comparingLong((Usage u) -> u.bytesSent() + u.bytesReceived()).reversed())
                .limit(limit).toList();
    }

    @Override
    public synchronized List<FindingState> findings(FindingQuery q) {
        return findings.values().stream()
                .filter(f -> !f.lastSeen().isBefore(q.from()) && f.firstSeen().isBefore(q.to()))
                .filter(f -> q.detector() == null || q.detector().isEmpty() || f.latest().detector().equals(q.detector()))
                .filter(f -> q.statuses().isEmpty() || q.statuses().contains(f.status()))
                .sorted(Comparator.comparing((FindingState f) -> f.latest().severity()).reversed()
                        .thenComparing(Comparator.comparingDouble((FindingState f) -> f.latest().score()).reversed())
                        .thenComparing(Comparator.comparing(FindingState::lastSeen).reversed()))
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
        return new StoreStats(connections.size(), findings.size(), 4096L * (connections.size() + deltas.size()), oldest);
    }

    @Override
    public void close() {
    }
}
