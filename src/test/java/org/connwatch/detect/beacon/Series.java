package org.connwatch.detect.beacon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Crafted connection series (seeded) for the beacon tests. */
final class Series {
    static final long START = 1_700_000_000_000L;

    final long[] times;
    final long[] bytes;

    private Series(long[] times, long[] bytes) {
        this.times = times;
        this.bytes = bytes;
    }

    /** Sorts times (carrying sizes along). */
    static Series of(List<long[]> timeAndSize) {
        List<long[]> sorted = new ArrayList<>(timeAndSize);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] t = new long[sorted.size()];
        long[] b = new long[sorted.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = sorted.get(i)[0];
            b[i] = sorted.get(i)[1];
        }
        return new Series(t, b);
    }

    static Series of(long[] times, long[] bytes) {
        return new Series(times, bytes);
    }

    /** Sizes around {@code bytes} with a relative noise of ±{@code noise}. */
    static long size(Random r, long bytes, double noise) {
        return Math.round(bytes * (1 + noise * (2 * r.nextDouble() - 1)));
    }

    /** Log-normal sizes between roughly 100 B and 1 MB. */
    static long wildSize(Random r) {
        return Math.round(Math.exp(Math.log(5_000) + 2.0 * r.nextGaussian()));
    }

    /**
     * A beacon that sleeps {@code period·(1 ± jitter)} between check-ins (uniform), misses each check-in with
     * probability {@code missRate}, and sends {@code bytes·(1 ± sizeNoise)}.
     */
    static Series sleeper(long seed, int beats, long periodMillis, double jitter, double missRate, long bytes,
            double sizeNoise) {
        Random r = new Random(seed);
        List<long[]> out = new ArrayList<>();
        long t = START;
        for (int i = 0; i < beats; i++) {
            if (i == 0 || r.nextDouble() >= missRate) {
                out.add(new long[] {t, size(r, bytes, sizeNoise)});
            }
            t += Math.round(periodMillis * (1 + jitter * (2 * r.nextDouble() - 1)));
        }
        return of(out);
    }

    /** Adds {@code extra} connections at uniformly random times within the series' window. */
    static Series withExtras(Series s, long seed, int extra, long bytes) {
        Random r = new Random(seed);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < s.times.length; i++) {
            out.add(new long[] {s.times[i], s.bytes[i]});
        }
        long first = s.times[0];
        long span = s.times[s.times.length - 1] - first;
        for (int i = 0; i < extra; i++) {
            out.add(new long[] {first + (long) (r.nextDouble() * span), size(r, bytes, 0.02)});
        }
        return of(out);
    }

    /** Poisson arrivals with the given mean interval. */
    static Series poisson(long seed, int connections, long meanMillis, boolean equalSizes) {
        Random r = new Random(seed);
        List<long[]> out = new ArrayList<>();
        long t = START;
        for (int i = 0; i < connections; i++) {
            out.add(new long[] {t, equalSizes ? size(r, 1200, 0.02) : wildSize(r)});
            t += Math.round(-meanMillis * Math.log(1 - r.nextDouble()));
        }
        return of(out);
    }

    /**
     * A person browsing: {@code clusters} bursts, 2 to 20 minutes apart, of 3 to 12 connections each a few
     * seconds apart (exponential, mean 4 s).
     */
    static Series humanBursts(long seed, int clusters, boolean equalSizes) {
        Random r = new Random(seed);
        List<long[]> out = new ArrayList<>();
        long t = START;
        for (int c = 0; c < clusters; c++) {
            int n = 3 + r.nextInt(10);
            long u = t;
            for (int i = 0; i < n; i++) {
                out.add(new long[] {u, equalSizes ? size(r, 1200, 0.02) : wildSize(r)});
                u += 600 + Math.round(-4_000 * Math.log(1 - r.nextDouble()));
            }
            t = u + 120_000 + (long) (r.nextDouble() * 18 * 60_000);
        }
        return of(out);
    }

    /** Connections at uniformly random times over {@code spanMillis} with wildly varying sizes. */
    static Series randomTimesWildSizes(long seed, int connections, long spanMillis) {
        Random r = new Random(seed);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            out.add(new long[] {START + (long) (r.nextDouble() * spanMillis), wildSize(r)});
        }
        return of(out);
    }

    @Override
    public String toString() {
        return Arrays.toString(times);
    }
}
