package org.connwatch.detect.beacon;

/**
 * Tuning of {@link BeaconAnalyzer}. Every value has a default ({@link #defaults()}) chosen so that a
 * beacon with ±30 % jitter, a fifth of its beats missed and a few stray connections still scores above
 * the threshold, while Poisson arrivals with the same rate, human bursts and random traffic stay below it
 * (see {@code BeaconAnalyzerTest}).
 *
 * @param minConnections fewest check-ins (connections after merging those closer than
 *     {@code mergeWithinMillis}) needed before a series is judged at all; below it the score is 0.
 *     Default 6: five intervals is the least that gives quartiles (for the skew) and a median absolute
 *     deviation that mean something; with three or four connections almost any series looks regular.
 * @param threshold overall score at or above which the series is called a beacon. Default 0.8: a
 *     clean beacon scores 0.95–1, one with ±30 % jitter 0.9–1, one missing a fifth of its beats 0.8–1,
 *     while Poisson arrivals (equal sizes or not, 10 to 60 of them), human bursts and random traffic
 *     score at most about 0.7, mostly near 0 (see the tests).
 * @param jitterTolerance how far, as a fraction of the period, a check-in may fall from where the
 *     period puts it and still be taken as "on the beat"; it also sets how much interval spread is
 *     forgiven by the dispersion score. Default 0.3 (±30 %, what sleep-with-jitter implants commonly
 *     use, e.g. Cobalt Strike's jitter setting).
 * @param maxMissedInARow most consecutive missed beats an interval may stand for; a longer gap (say the
 *     laptop slept) is a <em>pause</em>: it is left out of the interval statistics and costs only one
 *     missed beat, so one long gap does not ruin the score. Default 4.
 * @param mergeWithinMillis connections starting within this time of the first one of a check-in are
 *     counted as one check-in (parallel connections of one beat, retries). Default 500 ms.
 * @param timingWeight weight of the timing score in the overall score. Default 0.7.
 * @param sizeWeight weight of the size score in the overall score (left out, and the weights
 *     renormalised, when sizes are unknown). Default 0.3: equal sizes are supporting evidence only, since
 *     a lot of benign polling has them too (RITA weighs the two equally); they lift only a timing score that
 *     is already near the threshold on its own (see {@link BeaconAnalyzer}).
 */
public record BeaconSettings(
        int minConnections,
        double threshold,
        double jitterTolerance,
        int maxMissedInARow,
        long mergeWithinMillis,
        double timingWeight,
        double sizeWeight) {

    /** Default fewest check-ins: 6. */
    public static final int DEFAULT_MIN_CONNECTIONS = 6;
    /** Default beacon threshold: 0.8. */
    public static final double DEFAULT_THRESHOLD = 0.8;
    /** Default jitter tolerance: 0.3 of the period. */
    public static final double DEFAULT_JITTER_TOLERANCE = 0.3;
    /** Default most consecutive missed beats in one interval: 4. */
    public static final int DEFAULT_MAX_MISSED_IN_A_ROW = 4;
    /** Default merge window for parallel connections: 500 ms. */
    public static final long DEFAULT_MERGE_WITHIN_MILLIS = 500;
    /** Default weight of timing: 0.7. */
    public static final double DEFAULT_TIMING_WEIGHT = 0.7;
    /** Default weight of sizes: 0.3. */
    public static final double DEFAULT_SIZE_WEIGHT = 0.3;

    /** Validates the values. */
    public BeaconSettings {
        if (minConnections < 3) {
            throw new IllegalArgumentException("minConnections must be at least 3: " + minConnections);
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
        }
        if (!(jitterTolerance > 0 && jitterTolerance < 0.5)) {
            throw new IllegalArgumentException("jitterTolerance must be in (0, 0.5): " + jitterTolerance);
        }
        if (maxMissedInARow < 0) {
            throw new IllegalArgumentException("maxMissedInARow must not be negative: " + maxMissedInARow);
        }
        if (mergeWithinMillis < 0) {
            throw new IllegalArgumentException("mergeWithinMillis must not be negative: " + mergeWithinMillis);
        }
        if (!(timingWeight > 0) || !(sizeWeight >= 0) || Double.isInfinite(timingWeight)
                || Double.isInfinite(sizeWeight)) {
            throw new IllegalArgumentException(
                    "timingWeight must be positive and sizeWeight not negative: " + timingWeight + ", " + sizeWeight);
        }
    }

    /** The defaults described on each component. */
    public static BeaconSettings defaults() {
        return new BeaconSettings(DEFAULT_MIN_CONNECTIONS, DEFAULT_THRESHOLD, DEFAULT_JITTER_TOLERANCE,
                DEFAULT_MAX_MISSED_IN_A_ROW, DEFAULT_MERGE_WITHIN_MILLIS, DEFAULT_TIMING_WEIGHT, DEFAULT_SIZE_WEIGHT);
    }

    /** A copy with another minimum number of check-ins. */
    public BeaconSettings withMinConnections(int value) {
        return new BeaconSettings(value, threshold, jitterTolerance, maxMissedInARow, mergeWithinMillis,
                timingWeight, sizeWeight);
    }

    /** A copy with another threshold. */
    public BeaconSettings withThreshold(double value) {
        return new BeaconSettings(minConnections, value, jitterTolerance, maxMissedInARow, mergeWithinMillis,
                timingWeight, sizeWeight);
    }

    /** A copy with another jitter tolerance. */
    public BeaconSettings withJitterTolerance(double value) {
        return new BeaconSettings(minConnections, threshold, value, maxMissedInARow, mergeWithinMillis,
                timingWeight, sizeWeight);
    }
}
