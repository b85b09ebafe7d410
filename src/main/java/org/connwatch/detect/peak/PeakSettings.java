package org.connwatch.detect.peak;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Tuning of {@link TrafficPeakDetector}. An hour is a peak when its volume (one way) passes all three
 * tests: at least {@code minBytesPerHour}, at least {@code factor} times the usual volume, and above the
 * median plus {@code madFactor} median absolute deviations of the comparable hours.
 *
 * @param factor how many times the usual volume a peak hour moves at least. Default 10: a busy day is
 *     two or three times an ordinary one; ten times is something else.
 * @param madFactor how many median absolute deviations above the median of the comparable hours a peak
 *     lies. Default 6: hosts whose volume at that hour varies a lot need a larger excess than steady ones.
 * @param minBytesPerHour the least volume in an hour that can be a peak, so that tiny hosts (a printer
 *     that sends 20 KiB an hour and once 5 MiB) never alarm. Default 50 MiB.
 * @param minComparable the fewest comparable hours a same-hour baseline needs: the same hour of the week
 *     in other weeks, else the same hour of the day on other days. Default 6.
 * @param minHistoryHours the fewest hours a host's history must span before any of its hours is judged;
 *     with fewer than {@code minComparable} other days the host's other hours are the baseline. Default 24.
 * @param maxConnections the most connections a finding is about (those that carried most of the bytes).
 *     Default 5.
 * @param zone the time zone of hours, days and weeks, and of the times in reasons. Default UTC (reasons
 *     then say "UTC"); set the site's zone so that "3 a.m." is its night.
 */
public record PeakSettings(double factor, double madFactor, long minBytesPerHour, int minComparable,
                           int minHistoryHours, int maxConnections, ZoneId zone) {

    /** Default factor over the usual volume: 10. */
    public static final double DEFAULT_FACTOR = 10;
    /** Default median absolute deviations above the median: 6. */
    public static final double DEFAULT_MAD_FACTOR = 6;
    /** Default least volume of a peak hour: 50 MiB. */
    public static final long DEFAULT_MIN_BYTES_PER_HOUR = 50L << 20;
    /** Default fewest comparable hours of a same-hour baseline: 6. */
    public static final int DEFAULT_MIN_COMPARABLE = 6;
    /** Default fewest hours of history: 24. */
    public static final int DEFAULT_MIN_HISTORY_HOURS = 24;
    /** Default most connections named by a finding: 5. */
    public static final int DEFAULT_MAX_CONNECTIONS = 5;

    /** Validates the values. */
    public PeakSettings {
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be above 1: " + factor);
        }
        if (!(madFactor >= 0) || Double.isInfinite(madFactor)) {
            throw new IllegalArgumentException("madFactor must not be negative: " + madFactor);
        }
        if (minBytesPerHour <= 0) {
            throw new IllegalArgumentException("minBytesPerHour must be positive: " + minBytesPerHour);
        }
        if (minComparable < 3) {
            throw new IllegalArgumentException("minComparable must be at least 3: " + minComparable);
        }
        if (minHistoryHours < minComparable + 1) {
            throw new IllegalArgumentException("minHistoryHours must be above minComparable: " + minHistoryHours);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        Objects.requireNonNull(zone, "zone");
    }

    /** The defaults described on each component. */
    public static PeakSettings defaults() {
        return new PeakSettings(DEFAULT_FACTOR, DEFAULT_MAD_FACTOR, DEFAULT_MIN_BYTES_PER_HOUR,
                DEFAULT_MIN_COMPARABLE, DEFAULT_MIN_HISTORY_HOURS, DEFAULT_MAX_CONNECTIONS, ZoneOffset.UTC);
    }

    /** A copy with another least volume of a peak hour. */
    public PeakSettings withMinBytesPerHour(long value) {
        return new PeakSettings(factor, madFactor, value, minComparable, minHistoryHours, maxConnections, zone);
    }

    /** A copy with another time zone. */
    public PeakSettings withZone(ZoneId value) {
        return new PeakSettings(factor, madFactor, minBytesPerHour, minComparable, minHistoryHours,
                maxConnections, value);
    }
}
