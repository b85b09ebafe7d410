package org.connwatch.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.connwatch.records.Connection;
import org.connwatch.store.TrackedConnection;

/**
 * The recent connections the detectors that need history look at (beacon, traffic-peak): the latest
 * record of each, bounded by count and by age (the least recently updated go first). Filled from the
 * history at start, so a restart keeps what was seen. Not thread-safe (the poll thread only).
 */
final class RecordWindow {
    private final int maxRecords;
    private final Duration maxAge;
    /** By connection id, least recently updated first. */
    private final LinkedHashMap<Long, Connection> records = new LinkedHashMap<>();

    RecordWindow(int maxRecords, Duration maxAge) {
        this.maxRecords = maxRecords;
        this.maxAge = maxAge;
    }

    /** Puts in (or updates) connections. */
    void add(List<TrackedConnection> changed) {
        for (TrackedConnection t : changed) {
            records.remove(t.id());
            records.put(t.id(), t.connection());
        }
        while (records.size() > maxRecords) {
            Iterator<Long> it = records.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    /** Drops the records last seen before {@code now - maxAge}. */
    void expire(Instant now) {
        Instant horizon = now.minus(maxAge);
        records.values().removeIf(c -> c.lastSeen().isBefore(horizon));
    }

    /** The records, least recently updated first, with the id of each (by identity). */
    List<Connection> records(Map<Connection, Long> ids) {
        List<Connection> list = new ArrayList<>(records.size());
        for (Map.Entry<Long, Connection> e : records.entrySet()) {
            list.add(e.getValue());
            ids.put(e.getValue(), e.getKey());
        }
        return list;
    }

    int size() {
        return records.size();
    }

    /** A fresh identity map for {@link #records(Map)}. */
    static Map<Connection, Long> idMap() {
        return new IdentityHashMap<>();
    }
}
