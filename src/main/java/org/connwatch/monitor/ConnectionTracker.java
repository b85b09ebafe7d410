package org.connwatch.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.Endpoint;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Traffic;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficDelta;

/**
 * Follows the connections of one source from poll to poll: first seen, last seen, bytes each way as
 * deltas, state changes, closing. Pure: it is given the records and the time, and does no I/O.
 *
 * <p>Each poll hands in the source's snapshot (every connection open at that moment) and the close
 * events received since the previous poll. A connection is closed when
 * <ul>
 *   <li>a close event names it (its final byte counts come with it, when the source has them);</li>
 *   <li>it is seen in TIME_WAIT: the connection is over, dated by the TIME_WAIT timer (the socket
 *       that remains for 60 s keeps the cookie, so it is not taken for a new connection);</li>
 *   <li>or it is missing from a snapshot: closed at that poll, its bytes after the previous poll unknown.</li>
 * </ul>
 * A close event of a connection no poll saw is a short-lived one: recorded, first and last seen when
 * the event came, with the event's bytes as its one delta.
 *
 * <p>An open connection is written again when its bytes, state or process changed, and at least every
 * {@code refresh} while it lasts (so its last-seen time in the history lags by at most that much
 * without writing every connection at every poll).
 *
 * <p>Not thread-safe: one poll at a time, from one thread.
 */
final class ConnectionTracker {
    /** How long the key of a closed connection is kept: longer than the 60 s of TIME_WAIT. */
    static final Duration REMEMBER_CLOSED = Duration.ofSeconds(130);
    /** At most this many closed keys are kept; beyond, the oldest go first. */
    static final int MAX_CLOSED = 200_000;

    private final IdSequence ids;
    private final Duration refresh;
    private final Map<ConnectionKey, Entry> open = new HashMap<>();
    private final LinkedHashMap<ConnectionKey, Entry> closed = new LinkedHashMap<>();
    private long generation;
    private long shortLived;

    /** The state kept for one connection. */
    private static final class Entry {
        final long id;
        Connection current;
        Instant closedAt;
        Instant written;
        long seen;
        boolean finalCounts;

        Entry(long id, Connection current) {
            this.id = id;
            this.current = current;
        }

        TrackedConnection tracked() {
            return new TrackedConnection(id, current, closedAt);
        }
    }

    ConnectionTracker(IdSequence ids, Duration refresh) {
        this.ids = ids;
        this.refresh = refresh;
    }

    /**
     * One poll.
     *
     * @param at       the poll's time
     * @param snapshot every connection of the source now, keyed; null when the snapshot failed (then only the
     *                 events are applied, and nothing is taken as gone)
     * @param events   connections the source announced closed since the previous poll, keyed, oldest first
     */
    PollChanges poll(Instant at, Map<ConnectionKey, Connection> snapshot, List<Keyed> events) {
        generation++;
        Changes out = new Changes();
        int fresh = 0;
        for (Keyed e : events) {
            fresh += closeEvent(e.key(), e.connection(), out) ? 1 : 0;
        }
        if (snapshot == null) {
            shortLived += fresh;
            return new PollChanges(out.changed(), out.deltas(at), fresh);
        }
        for (Map.Entry<ConnectionKey, Connection> s : snapshot.entrySet()) {
            observe(at, s.getKey(), s.getValue(), out);
        }
        for (Iterator<Map.Entry<ConnectionKey, Entry>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<ConnectionKey, Entry> m = it.next();
            Entry entry = m.getValue();
            if (entry.seen != generation) {
                it.remove();
                entry.closedAt = max(at, entry.current.lastSeen());
                remember(m.getKey(), entry);
                out.changed(entry, at);
            }
        }
        forget(at);
        shortLived += fresh;
        return new PollChanges(out.changed(), out.deltas(at), fresh);
    }

    /** The connections open now, in no particular order. */
    List<TrackedConnection> open() {
        List<TrackedConnection> list = new ArrayList<>(open.size());
        for (Entry e : open.values()) {
            list.add(e.tracked());
        }
        return list;
    }

    /** How many connections are open now. */
    int openCount() {
        return open.size();
    }

    /** Connections seen only by their close event, since start. */
    long shortLived() {
        return shortLived;
    }

    /** Applies a close event; true when it was a connection no poll had seen. */
    private boolean closeEvent(ConnectionKey key, Connection event, Changes out) {
        Entry entry = open.remove(key);
        if (entry != null) {
            out.delta(entry.id, entry.current.traffic(), event.traffic());
            entry.current = merge(entry.current, event);
            entry.closedAt = max(entry.current.firstSeen(), event.lastSeen());
            entry.finalCounts = true;
            remember(key, entry);
            out.changed(entry, event.lastSeen());
            return false;
        }
        entry = closed.get(key);
        if (entry != null) {
            // Closed already (seen in TIME_WAIT, or gone at a poll before the event came): the event
            // brings the final counts.
            if (!entry.finalCounts && event.traffic().hasBytes()) {
                out.delta(entry.id, entry.current.traffic(), event.traffic());
                entry.current = merge(entry.current, event);
                entry.finalCounts = true;
                out.changed(entry, event.lastSeen());
            }
            return false;
        }
        entry = new Entry(ids.next(), event);
        entry.closedAt = event.lastSeen();
        entry.finalCounts = true;
        out.delta(entry.id, Traffic.UNKNOWN, event.traffic());
        remember(key, entry);
        out.changed(entry, event.lastSeen());
        return true;
    }

    private void observe(Instant at, ConnectionKey key, Connection c, Changes out) {
        boolean over = c.state() == ConnectionState.TIME_WAIT;
        Entry entry = open.get(key);
        if (entry == null) {
            Entry gone = closed.get(key);
            if (gone != null && (key.unique() || over)) {
                return; // what is left of a connection already closed
            }
            if (gone != null) {
                closed.remove(key); // the same ends again, and not in TIME_WAIT: a new connection
            }
            entry = new Entry(ids.next(), c);
            out.delta(entry.id, Traffic.UNKNOWN, c.traffic());
            if (over) {
                entry.closedAt = c.lastSeen();
                remember(key, entry);
            } else {
                entry.seen = generation;
                open.put(key, entry);
            }
            out.changed(entry, at);
            return;
        }
        entry.seen = generation;
        Connection before = entry.current;
        out.delta(entry.id, before.traffic(), c.traffic());
        entry.current = merge(before, c);
        if (over) {
            open.remove(key);
            entry.closedAt = max(entry.current.firstSeen(), c.lastSeen());
            remember(key, entry);
            out.changed(entry, at);
            return;
        }
        boolean changed = !entry.current.traffic().equals(before.traffic()) || entry.current.state() != before.state()
                || (before.process() == null && entry.current.process() != null)
                || !entry.written.plus(refresh).isAfter(at);
        if (changed) {
            out.changed(entry, at);
        }
    }

    /**
     * The record as now seen, keeping what only the earlier one knew: the first-seen time, the direction
     * (an accepted connection stays inbound after its listener closes), the program (a closed socket
     * belongs to no process any more), the byte counts when the new record has none (TIME_WAIT), the ends
     * when the new record lost them (a reset socket's announcement).
     */
    static Connection merge(Connection before, Connection now) {
        Traffic traffic = counts(before.traffic(), now.traffic());
        ProcessInfo process = now.process() != null ? now.process() : before.process();
        Direction direction = before.direction() != Direction.UNKNOWN ? before.direction() : now.direction();
        Instant last = max(before.lastSeen(), now.lastSeen());
        // A socket the client reset (SO_LINGER 0) is announced without its local address and remote port:
        // tcp_disconnect clears them before the socket is freed. The earlier record still has them.
        Endpoint local = now.local().address().isAnyLocalAddress() ? before.local() : now.local();
        Endpoint remote = now.remote().port() == 0 && before.remote().port() != 0 ? before.remote() : now.remote();
        return new Connection(now.observer(), now.transport(), now.state(), local, remote, direction,
                traffic, before.firstSeen(), last, process, now.socket() != null ? now.socket() : before.socket(),
                now.enrichment(), now.flow() != null ? now.flow() : before.flow());
    }

    /** The later counts, unless they are unknown or went back (counts only grow over a connection's life). */
    private static Traffic counts(Traffic before, Traffic now) {
        if (!now.hasBytes()) {
            return before;
        }
        if (before.hasBytes() && (now.bytesSent() < before.bytesSent() || now.bytesReceived() < before.bytesReceived())) {
            return before;
        }
        return now;
    }

    private void remember(ConnectionKey key, Entry entry) {
        closed.remove(key);
        closed.put(key, entry);
        while (closed.size() > MAX_CLOSED) {
            Iterator<ConnectionKey> oldest = closed.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void forget(Instant at) {
        Instant horizon = at.minus(REMEMBER_CLOSED);
        // Closed in (roughly) time order; a TIME_WAIT one is dated back by at most 60 s, less than the horizon.
        for (Iterator<Entry> it = closed.values().iterator(); it.hasNext(); ) {
            if (it.next().closedAt.isBefore(horizon)) {
                it.remove();
            } else {
                break;
            }
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A record with its key. */
    record Keyed(ConnectionKey key, Connection connection) {
    }

    /** The changes of one poll, each connection once and its bytes summed. */
    private static final class Changes {
        private final LinkedHashMap<Long, Entry> changed = new LinkedHashMap<>();
        private final LinkedHashMap<Long, long[]> bytes = new LinkedHashMap<>();

        void changed(Entry entry, Instant at) {
            entry.written = at;
            changed.put(entry.id, entry);
        }

        /** Adds what moved between two observations; nothing when the later one has no byte counts. */
        void delta(long id, Traffic before, Traffic after) {
            if (!after.hasBytes()) {
                return;
            }
            long sent = after.bytesSent() - (before.hasBytes() ? before.bytesSent() : 0);
            long received = after.bytesReceived() - (before.hasBytes() ? before.bytesReceived() : 0);
            sent = Math.max(0, sent);
            received = Math.max(0, received);
            if (sent == 0 && received == 0) {
                return;
            }
            long[] sum = bytes.computeIfAbsent(id, k -> new long[2]);
            sum[0] += sent;
            sum[1] += received;
        }

        List<TrackedConnection> changed() {
            List<TrackedConnection> list = new ArrayList<>(changed.size());
            for (Entry e : changed.values()) {
                list.add(e.tracked());
            }
            return list;
        }

        List<TrafficDelta> deltas(Instant at) {
            List<TrafficDelta> list = new ArrayList<>(bytes.size());
            bytes.forEach((id, b) -> list.add(new TrafficDelta(id, at, b[0], b[1])));
            return list;
        }
    }
}
