package org.connwatch.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.connwatch.records.Connection;

/**
 * One connection followed through its life by the monitor, as kept in the history.
 *
 * @param id         the monitor's id for it, unique in one history (ids only grow, also across restarts)
 * @param connection the record as last seen: {@code firstSeen}, {@code lastSeen} and {@code traffic}
 *                   are the totals so far
 * @param closedAt   when it was seen to close, null while it is open
 */
public record TrackedConnection(long id, Connection connection, Instant closedAt) {

    public TrackedConnection {
        if (id <= 0) {
            throw new IllegalArgumentException("id must be positive: " + id);
        }
        Objects.requireNonNull(connection, "connection");
    }

    /** True while it has not been seen to close. */
    public boolean open() {
        return closedAt == null;
    }

    /** When it closed, if it did. */
    public Optional<Instant> closed() {
        return Optional.ofNullable(closedAt);
    }
}
