package org.connwatch.detect.rules;

import java.time.Duration;
import java.util.Optional;
import org.connwatch.detect.Finding;
import org.connwatch.detect.Phrases;
import org.connwatch.detect.PerConnectionDetector;
import org.connwatch.detect.Severity;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;

/**
 * {@code long-connection}: a connection open for longer than a threshold (a command-and-control
 * channel kept open, a tunnel). Needs a source that knows when a connection began (a capture, a
 * conn.log, the monitor); a one-off socket snapshot sees every connection as new.
 *
 * @param threshold flag connections open at least this long
 */
public record LongConnectionDetector(Duration threshold) implements PerConnectionDetector {
    public static final String ID = "long-connection";

    /** Eight hours: longer than a working day's session. */
    public static LongConnectionDetector defaults() {
        return new LongConnectionDetector(Duration.ofHours(8));
    }

    public LongConnectionDetector {
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("long-connection threshold must be positive: " + threshold);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "connections open for longer than a threshold (8 hours by default)";
    }

    @Override
    public Optional<Finding> inspect(Connection c) {
        if (c.direction() == Direction.LISTENING || c.enrichment().remoteClass() == AddressClass.LOOPBACK
                || c.duration().compareTo(threshold) < 0) {
            return Optional.empty();
        }
        long hours = c.duration().toHours();
        String length = hours >= 1 ? hours + " h " + c.duration().toMinutesPart() + " min"
                : c.duration().toMinutes() + " min";
        String reason = Phrases.program(c) + " has kept a connection to " + Phrases.remote(c) + " open for "
                + length + ", longer than " + threshold.toHours() + " h";
        double score = Math.min(100, 30 + 10 * (c.duration().toMinutes() / (double) threshold.toMinutes()));
        return Optional.of(Finding.of(ID, Severity.MEDIUM, score, reason, c));
    }
}
