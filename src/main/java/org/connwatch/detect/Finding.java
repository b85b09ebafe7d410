package org.connwatch.detect;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.connwatch.records.Connection;

/**
 * Something that looks wrong, and why, in plain words.
 *
 * @param detector    the detector or policy rule that raised it ({@code rule.id}), e.g. {@code unusual-port}
 * @param severity    how bad it is ({@code event.severity})
 * @param score       0..100, to order findings of one severity ({@code event.risk_score})
 * @param reason      one plain sentence with the facts in it ({@code message})
 * @param connections the connection(s) it is about, at least one
 * @param at          when it was seen: the last time any of its connections was seen
 */
public record Finding(String detector, Severity severity, double score, String reason, List<Connection> connections,
                      Instant at) {

    public Finding {
        if (detector == null || !detector.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("detector id must be lower-case words joined by '-': " + detector);
        }
        Objects.requireNonNull(severity, "severity");
        if (!(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("score must be within 0..100: " + score);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a finding needs a reason");
        }
        connections = List.copyOf(connections);
        if (connections.isEmpty()) {
            throw new IllegalArgumentException("a finding is about at least one connection");
        }
        Objects.requireNonNull(at, "at");
    }

    /** A finding about one connection, seen when the connection was last seen. */
    public static Finding of(String detector, Severity severity, double score, String reason, Connection c) {
        return new Finding(detector, severity, score, reason, List.of(c), c.lastSeen());
    }
}
