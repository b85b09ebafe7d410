package org.connwatch.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one poll of the monitor changed, written to the history in one transaction.
 *
 * @param at          the poll's time
 * @param connections connections first seen, changed (bytes, state, last seen) or closed in this poll,
 *                    each in its latest form
 * @param traffic     bytes each connection moved since its previous observation (only non-zero ones)
 * @param findings    findings raised or updated (recurrence, status) in this poll, each in its latest form
 */
public record HistoryBatch(Instant at, List<TrackedConnection> connections, List<TrafficDelta> traffic,
                           List<FindingState> findings) {

    public HistoryBatch {
        Objects.requireNonNull(at, "at");
        connections = List.copyOf(connections);
        traffic = List.copyOf(traffic);
        findings = List.copyOf(findings);
    }

    /** True when there is nothing to write. */
    public boolean isEmpty() {
        return connections.isEmpty() && traffic.isEmpty() && findings.isEmpty();
    }
}
