package org.connwatch.detect.beacon;

import java.util.Arrays;

/** The robust statistics the beacon scoring uses: quantiles, median, median absolute deviation, Bowley skewness. */
final class RobustStatistics {
    private RobustStatistics() {
    }

    /** Quantile with linear interpolation between closest ranks (q in 0..1) of sorted values. */
    static double quantileOfSorted(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return quantileOfSorted(sorted, 0.5);
    }

    static double median(long[] values) {
        return median(Arrays.stream(values).asDoubleStream().toArray());
    }

    static double medianAbsoluteDeviation(double[] values, double median) {
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - median);
        }
        return median(dev);
    }

    /**
     * Bowley (quartile) skewness {@code (Q1 + Q3 − 2·Q2) / (Q3 − Q1)} in −1..1, with the denominator at least
     * {@link #MIN_SPREAD_FRACTION} of |Q2| and at least {@code minDenominator}; 0 when both are 0.
     */
    static double bowley(double[] values, double minDenominator) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double q1 = quantileOfSorted(sorted, 0.25);
        double q2 = quantileOfSorted(sorted, 0.5);
        double q3 = quantileOfSorted(sorted, 0.75);
        double denominator = Math.max(Math.max(q3 - q1, BeaconAnalyzer.MIN_SPREAD_FRACTION * Math.abs(q2)), minDenominator);
        if (denominator <= 0) {
            return 0;
        }
        return Math.max(-1, Math.min(1, (q1 + q3 - 2 * q2) / denominator));
    }

    static double bowley(double[] values) {
        return bowley(values, 0);
    }

    static double clamp(double v) {
        return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
    }
}
