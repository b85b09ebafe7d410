package org.connwatch.detect.peak;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * What is normal for one host in one hour, learned from comparable hours of its history.
 *
 * @param kind   which hours were compared
 * @param hours  how many
 * @param usual  the usual volume: their median, or for {@link Kind#OTHER_HOURS} their 90th percentile
 * @param median their median
 * @param mad    their median absolute deviation
 */
record Baseline(Kind kind, int hours, long usual, long median, long mad) {
    /** The quantile of the host's other hours taken as usual when no same-hour baseline can be had. */
    static final double BUSY_QUANTILE = 0.9;

    /** The comparable hours, best first. */
    enum Kind {
        /** The same hour of the week in other weeks. */
        HOUR_OF_WEEK,
        /**
         * The same hour of the week as learned beforehand ({@link LearnedVolumes}): used when the history given
         * has too few of the same hour of the week; {@code hours} is then the number of weeks learned.
         */
        LEARNED,
        /** The same hour of the day on other days. */
        HOUR_OF_DAY,
        /**
         * All the host's other hours. They mix its quiet nights with its busy days, so the usual volume is
         * their 90th percentile (a busy hour), not their median: only far more than the host ever moves is
         * then a peak.
         */
        OTHER_HOURS
    }

    /**
     * The baseline of hour {@code i}: the same hour of the week in at least {@code minComparable} other
     * weeks, else the same hour of the day on at least {@code minComparable} other days, else all other
     * hours when the history spans at least {@code minHistoryHours}; empty when none can be had.
     */
    static Optional<Baseline> of(HostHours h, Flow flow, int i, PeakSettings s) {
        return of(h, flow, i, s, Optional.empty());
    }

    /**
     * As {@link #of(HostHours, Flow, int, PeakSettings)}, but when the history has fewer than
     * {@code minComparable} other weeks' same hour, the {@code learned} usual volume of that hour of the week
     * comes first, however short the history.
     */
    static Optional<Baseline> of(HostHours h, Flow flow, int i, PeakSettings s, Optional<LearnedVolumes.Usual> learned) {
        long[] v = h.volumes(flow);
        if (h.size() >= s.minHistoryHours()) {
            long[] week = others(v, i, j -> h.hourOfWeek()[j] == h.hourOfWeek()[i]);
            if (week.length >= s.minComparable()) {
                return Optional.of(of(Kind.HOUR_OF_WEEK, week, 0.5));
            }
        }
        if (learned.isPresent()) {
            LearnedVolumes.Usual u = learned.get();
            return Optional.of(new Baseline(Kind.LEARNED, u.weeks(), u.median(), u.median(), u.mad()));
        }
        if (h.size() < s.minHistoryHours()) {
            return Optional.empty();
        }
        long[] day = others(v, i, j -> h.hourOfDay()[j] == h.hourOfDay()[i]);
        if (day.length >= s.minComparable()) {
            return Optional.of(of(Kind.HOUR_OF_DAY, day, 0.5));
        }
        return Optional.of(of(Kind.OTHER_HOURS, others(v, i, j -> true), BUSY_QUANTILE));
    }

    /** True when {@code volume} is a peak against this baseline (the minimum size aside). */
    boolean exceededBy(long volume, PeakSettings s) {
        return volume >= s.factor() * usual && volume > median + s.madFactor() * mad;
    }

    private static Baseline of(Kind kind, long[] values, double quantile) {
        Arrays.sort(values);
        double median = quantile(values, 0.5);
        double[] deviations = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            deviations[k] = Math.abs(values[k] - median);
        }
        Arrays.sort(deviations);
        double mad = quantile(deviations, 0.5);
        return new Baseline(kind, values.length, Math.round(quantile(values, quantile)), Math.round(median),
                Math.round(mad));
    }

    private static long[] others(long[] v, int i, IntPredicate comparable) {
        long[] out = new long[v.length];
        int n = 0;
        for (int j = 0; j < v.length; j++) {
            if (j != i && comparable.test(j)) {
                out[n++] = v[j];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Linear interpolation between the closest ranks of sorted values. */
    static double quantile(long[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
