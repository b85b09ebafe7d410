package org.connwatch.source;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.connwatch.records.Connection;

/**
 * What a {@link SnapshotSource} saw at one moment.
 *
 * @param takenAt     when the snapshot was taken
 * @param connections every connection, in no particular order
 * @param notices     things the user should know about the snapshot's completeness, one line each
 *                    (a missing privilege, a fallback, records skipped as malformed)
 */
public record Snapshot(Instant takenAt, List<Connection> connections, List<String> notices) {

    public Snapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        connections = List.copyOf(connections);
        notices = List.copyOf(notices);
    }
}
