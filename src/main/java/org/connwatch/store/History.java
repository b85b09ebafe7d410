package org.connwatch.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the monitor saw, kept in an embedded database in the state directory: what the
 * monitor writes after each poll and what {@code connwatch history}, the REST API and the
 * dashboard read. Thread-safe: one writer (the monitor) and any number of readers at once.
 */
public interface History extends AutoCloseable {

    /** The largest connection id written so far (0 for an empty history): the monitor continues after it. */
    long lastConnectionId();

    /** The largest finding id written so far (0 for an empty history). */
    long lastFindingId();

    /** Writes one poll's changes in one transaction; when it returns they survive a crash or kill -9. */
    void write(HistoryBatch batch);

    /** Connections matching the query, newest (last seen) first. */
    List<TrackedConnection> connections(ConnectionQuery query);

    /** One connection by id. */
    Optional<TrackedConnection> connection(long id);

    /** Traffic deltas of one connection in time order (its bytes timeline), at most {@code limit}. */
    List<TrafficDelta> trafficOf(long connectionId, int limit);

    /**
     * Bytes sent and received per step over [from, to), every step present (zeros included), for the
     * traffic chart; {@code filter} narrows it to the connections a query matches (its time range
     * and limit are ignored), null for all.
     */
    List<TrafficBucket> traffic(Instant from, Instant to, Duration step, ConnectionQuery filter);

    /** Bandwidth per program or per remote host over [from, to), most bytes first, at most {@code limit}. */
    List<Usage> usage(Instant from, Instant to, UsageGroup by, int limit);

    /** Findings matching the query, worst first. */
    List<FindingState> findings(FindingQuery query);

    /** One finding by id. */
    Optional<FindingState> finding(long id);

    /** The size of the history. */
    StoreStats stats();

    @Override
    void close();
}
