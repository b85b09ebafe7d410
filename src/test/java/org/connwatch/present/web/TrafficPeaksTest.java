package org.connwatch.present.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.connwatch.store.TrafficBucket;
import org.junit.jupiter.api.Test;

/** How the chart's peaks are chosen. */
class TrafficPeaksTest {
    static List<TrafficBucket> buckets(long... totals) {
        List<TrafficBucket> out = new ArrayList<>();
        Instant t = Instant.parse("2025-06-01T00:00:00Z");
        for (long v : totals) {
            out.add(new TrafficBucket(t, v / 2, v - v / 2));
            t = t.plusSeconds(60);
        }
        return out;
    }

    @Test
    void steadyOrNoisyTrafficHasNoPeak() {
        assertThat(TrafficPeaks.find(buckets(100, 100, 100, 100, 100, 100))).isEmpty();
        assertThat(TrafficPeaks.find(buckets(100, 140, 90, 160, 110, 130, 95, 150))).isEmpty();
        assertThat(TrafficPeaks.find(buckets(0, 0, 0, 0))).isEmpty();
        assertThat(TrafficPeaks.find(buckets(5, 5000))).isEmpty(); // too few buckets to say
    }

    @Test
    void aBurstIsMarkedOnceAtItsLargestBucket() {
        assertThat(TrafficPeaks.find(buckets(100, 120, 90, 5000, 9000, 4000, 110, 100, 95))).containsExactly(4);
    }

    @Test
    void separateBurstsAreEachMarkedAndOneHugeBurstDoesNotHideASmallerOne() {
        assertThat(TrafficPeaks.find(buckets(100, 100, 100_000, 100, 100, 100, 100, 2000, 100, 100, 100)))
                .containsExactly(2, 7);
    }

    @Test
    void emptyBucketsBetweenPollsDoNotLowerTheUsualVolume() {
        // A 30 s step over 1 min polls: every other bucket is empty; only the burst counts.
        assertThat(TrafficPeaks.find(buckets(300, 0, 320, 0, 310, 0, 9000, 0, 12000, 0, 290, 0, 305)))
                .containsExactly(8);
        assertThat(TrafficPeaks.find(buckets(0, 0, 0, 0, 700, 0, 0, 0, 0, 0))).isEmpty();
    }

    @Test
    void aLongPlateauIsOneBurst() {
        assertThat(TrafficPeaks.find(buckets(10, 10, 10, 10, 900, 900, 900, 900, 900, 900, 10, 10, 10, 10, 10)))
                .containsExactly(4);
    }

    @Test
    void atMostEightPeaksTheLargest() {
        long[] v = new long[60];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 4 == 0 ? 10_000 + i : 10;
        }
        List<Integer> peaks = TrafficPeaks.find(buckets(v));
        assertThat(peaks).hasSize(TrafficPeaks.MAX_PEAKS).containsExactly(28, 32, 36, 40, 44, 48, 52, 56);
    }

    @Test
    void equalNeighboursGiveOneMark() {
        assertThat(TrafficPeaks.find(buckets(10, 10, 900, 900, 10, 10, 10))).containsExactly(2);
    }
}
