package org.connwatch.present.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.connwatch.store.TrafficBucket;

/**
 * Which buckets of a traffic chart to mark as peaks. A bucket's volume is its bytes sent plus
 * received. Among the buckets in view, a bucket is a peak when
 * <ol>
 *   <li>its volume is at least {@value #FACTOR} times the median volume of the buckets in view
 *       (the usual volume; a window that is mostly idle has a median of 0, so any traffic counts),
 *   <li>it is more than the median plus {@value #MAD_FACTOR} median absolute deviations,
 *   <li>it is the largest within {@value #NEIGHBOURHOOD} buckets either side (one mark per burst),
 *   <li>and it is among the {@value #MAX_PEAKS} largest such buckets.
 * </ol>
 * The same robust test as the {@code traffic-peak} detector (median and MAD, so one huge bucket
 * does not hide the others), applied to whatever window and step the chart shows.
 */
final class TrafficPeaks {
    static final double FACTOR = 4;
    static final double MAD_FACTOR = 6;
    static final int NEIGHBOURHOOD = 2;
    static final int MAX_PEAKS = 8;

    private TrafficPeaks() {
    }

    /** The indexes of the peaks, in time order. */
    static List<Integer> find(List<TrafficBucket> buckets) {
        int n = buckets.size();
        if (n < 3) {
            return List.of();
        }
        long[] volume = new long[n];
        for (int i = 0; i < n; i++) {
            volume[i] = saturatedAdd(buckets.get(i).bytesSent(), buckets.get(i).bytesReceived());
        }
        double median = median(volume.clone());
        long[] deviation = new long[n];
        for (int i = 0; i < n; i++) {
            deviation[i] = (long) Math.abs(volume[i] - median);
        }
        double mad = median(deviation);
        double threshold = Math.max(FACTOR * median, median + MAD_FACTOR * mad);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (volume[i] > 0 && volume[i] > threshold && largestAround(volume, i)) {
                candidates.add(i);
            }
        }
        candidates.sort(Comparator.comparingLong((Integer i) -> volume[i]).reversed());
        List<Integer> chosen = new ArrayList<>(candidates.subList(0, Math.min(MAX_PEAKS, candidates.size())));
        chosen.sort(null);
        return chosen;
    }

    /** True when no bucket within the neighbourhood is larger, and none before it is as large (one per tie). */
    private static boolean largestAround(long[] v, int i) {
        for (int j = Math.max(0, i - NEIGHBOURHOOD); j <= Math.min(v.length - 1, i + NEIGHBOURHOOD); j++) {
            if (v[j] > v[i] || (j < i && v[j] == v[i])) {
                return false;
            }
        }
        return true;
    }

    private static double median(long[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] / 2.0 + values[n / 2] / 2.0);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
