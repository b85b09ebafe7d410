package org.connwatch.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Which findings to return, worst first (severity, score, then latest).
 *
 * @param from     findings last seen at or after this time
 * @param to       ... and first seen before this time
 * @param detector only this detector id; null or empty for any
 * @param statuses only these statuses; empty for any
 * @param limit    at most this many (1..100,000)
 */
public record FindingQuery(Instant from, Instant to, String detector, Set<FindingStatus> statuses, int limit) {

    public FindingQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        statuses = Set.copyOf(statuses);
        if (limit < 1 || limit > ConnectionQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + ConnectionQuery.MAX_LIMIT + ": " + limit);
        }
    }
}
