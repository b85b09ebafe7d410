package org.connwatch.present.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.connwatch.store.TrafficBucket;

/**
 * Which buckets of a traffic chart to mark as peaks. A bucket's volume is its bytes sent plus
 * received; the usual volume is the median of the buckets in view that moved anything (a step finer
 * than the monitor's polls leaves empty buckets between full ones, and an idle night is not the norm
 * for busy hours). A bucket is over the line when its volume is
 * <ol>
 *   <li>at least {@value #FACTOR} times the usual volume, and
 *   <li>more than the usual volume plus {@value #MAD_FACTOR} median absolute deviations (of the same
 *       non-empty buckets), so that traffic that is always uneven does not light up.
 * </ol>
 * Buckets over the line no more than {@value #NEIGHBOURHOOD} buckets apart make one burst, marked once
 * at its largest bucket (the first of equals); the {@value #MAX_PEAKS} largest bursts are marked. The
 * same robust test as the {@code traffic-peak} detector (median and MAD: one huge burst does not hide
 * a smaller one), applied to whatever window and step the chart shows.
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
        int active = 0;
        for (int i = 0; i < n; i++) {
            volume[i] = saturatedAdd(buckets.get(i).bytesSent(), buckets.get(i).bytesReceived());
            if (volume[i] > 0) {
                active++;
            }
        }
        if (active == 0) {
            return List.of();
        }
        long[] nonEmpty = new long[active];
        for (int i = 0, j = 0; i < n; i++) {
            if (volume[i] > 0) {
                nonEmpty[j++] = volume[i];
            }
        }
        double median = median(nonEmpty.clone());
        long[] deviation = new long[active];
        for (int i = 0; i < active; i++) {
            deviation[i] = (long) Math.abs(nonEmpty[i] - median);
        }
        double threshold = Math.max(FACTOR * median, median + MAD_FACTOR * median(deviation));
        List<Integer> bursts = new ArrayList<>();
        int last = -NEIGHBOURHOOD - 2;
        for (int i = 0; i < n; i++) {
            if (volume[i] < threshold || volume[i] == 0) {
                continue;
            }
            if (i - last <= NEIGHBOURHOOD + 1 && !bursts.isEmpty()) {
                int top = bursts.getLast();
                if (volume[i] > volume[top]) {
                    bursts.set(bursts.size() - 1, i);
                }
            } else {
                bursts.add(i);
            }
            last = i;
        }
        bursts.sort(Comparator.comparingLong((Integer i) -> volume[i]).reversed());
        List<Integer> chosen = new ArrayList<>(bursts.subList(0, Math.min(MAX_PEAKS, bursts.size())));
        chosen.sort(null);
        return chosen;
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
