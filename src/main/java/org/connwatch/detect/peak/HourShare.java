package org.connwatch.detect.peak;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes a connection moved in one hour: its share of the whole, proportional to the time it spent in
 * that hour.
 *
 * @param hour  the start of the hour
 * @param bytes the bytes attributed to it
 */
public record HourShare(Instant hour, long bytes) {
    private static final Duration ONE_HOUR = Duration.ofHours(1);

    /** The start of the hour, in {@code zone}, that holds {@code t}. */
    public static Instant hourOf(Instant t, ZoneId zone) {
        return ZonedDateTime.ofInstant(t, zone).truncatedTo(ChronoUnit.HOURS).toInstant();
    }

    /** The start of the hour after the one starting at {@code hour}. */
    public static Instant nextHour(Instant hour, ZoneId zone) {
        return hourOf(hour.plus(ONE_HOUR), zone);
    }

    /**
     * Splits {@code bytes} moved evenly from {@code first} to {@code last} over the hours they span, in
     * proportion to the time spent in each; the shares add up to {@code bytes} exactly. A connection of no
     * duration puts everything in the hour of {@code first}.
     */
    public static List<HourShare> split(Instant first, Instant last, long bytes, ZoneId zone) {
        List<HourShare> out = new ArrayList<>();
        Instant hour = hourOf(first, zone);
        do {
            Instant next = nextHour(hour, zone);
            out.add(new HourShare(hour, movedBy(first, last, bytes, next) - movedBy(first, last, bytes, hour)));
            hour = next;
        } while (hour.isBefore(last));
        return out;
    }

    /**
     * The bytes moved between {@code from} (inclusive) and {@code to} (exclusive), consistent with
     * {@link #split}: a window that is one hour gets that hour's share.
     */
    public static long movedWithin(Instant first, Instant last, long bytes, Instant from, Instant to) {
        return movedBy(first, last, bytes, to) - movedBy(first, last, bytes, from);
    }

    /** The bytes moved before {@code t}: none up to {@code first}, all from {@code last} on. */
    static long movedBy(Instant first, Instant last, long bytes, Instant t) {
        if (!t.isAfter(first)) {
            return 0;
        }
        if (!t.isBefore(last)) {
            return bytes;
        }
        double part = Duration.between(first, t).toNanos() / (double) Duration.between(first, last).toNanos();
        return Math.round(bytes * part);
    }
}
