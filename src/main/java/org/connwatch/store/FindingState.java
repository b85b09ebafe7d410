package org.connwatch.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.connwatch.detect.Finding;

/**
 * A finding as the monitor keeps it: raised once, then updated each time it recurs.
 *
 * @param id            unique in one history (ids only grow, also across restarts)
 * @param key           what makes two findings the same one (detector plus what it is about, e.g. the
 *                      program and the remote end); a recurrence has the same key
 * @param latest        the latest occurrence, with its reason and connection(s)
 * @param firstSeen     when it was first raised
 * @param lastSeen      when it last recurred
 * @param occurrences   how many times it was raised, at least 1
 * @param connectionIds the tracked connections it has been about (the latest first, bounded by the monitor)
 * @param status        where it stands with the user
 * @param note          what the user wrote when acknowledging or allowing it, empty otherwise
 */
public record FindingState(long id, String key, Finding latest, Instant firstSeen, Instant lastSeen, long occurrences,
                           List<Long> connectionIds, FindingStatus status, String note) {

    public FindingState {
        if (id <= 0) {
            throw new IllegalArgumentException("id must be positive: " + id);
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (occurrences < 1) {
            throw new IllegalArgumentException("occurrences must be at least 1: " + occurrences);
        }
        connectionIds = List.copyOf(connectionIds);
        Objects.requireNonNull(status, "status");
        note = note == null ? "" : note;
    }

    /** The same finding with a new status and note. */
    public FindingState withStatus(FindingStatus newStatus, String newNote) {
        return new FindingState(id, key, latest, firstSeen, lastSeen, occurrences, connectionIds, newStatus, newNote);
    }
}
