package org.connwatch.detect.blocklist;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.connwatch.records.IpAddresses;

/**
 * IPv6 blocks as sorted, disjoint ranges of 128-bit numbers (each a high and a low long; 36 bytes
 * a range), found by binary search. Merging follows {@link Ipv4Ranges}.
 */
final class Ipv6Ranges {
    static final Ipv6Ranges EMPTY = new Ipv6Ranges(new long[0], new long[0], new long[0], new long[0], new int[0]);

    private final long[] startHigh;
    private final long[] startLow;
    private final long[] endHigh;
    private final long[] endLow;
    private final int[] sources;

    private Ipv6Ranges(long[] startHigh, long[] startLow, long[] endHigh, long[] endLow, int[] sources) {
        this.startHigh = startHigh;
        this.startLow = startLow;
        this.endHigh = endHigh;
        this.endLow = endLow;
        this.sources = sources;
    }

    int size() {
        return sources.length;
    }

    /** The index of the range holding this address, or -1. */
    int find(long high, long low) {
        int lo = 0;
        int hi = sources.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(startHigh[mid], startLow[mid], high, low) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && compare(high, low, endHigh[found], endLow[found]) <= 0 ? found : -1;
    }

    int source(int index) {
        return sources[index];
    }

    /** The range as text: an address, a CIDR block when it is exactly one, else {@code FIRST-LAST}. */
    String describe(int index) {
        long sh = startHigh[index];
        long sl = startLow[index];
        long eh = endHigh[index];
        long el = endLow[index];
        if (sh == eh && sl == el) {
            return text(sh, sl);
        }
        long spanHigh = sh ^ eh;
        long spanLow = sl ^ el;
        boolean trailingOnes = spanHigh == 0 ? (spanLow & (spanLow + 1)) == 0
                : spanLow == -1L && (spanHigh & (spanHigh + 1)) == 0;
        if (trailingOnes && (sh & spanHigh) == 0 && (sl & spanLow) == 0) {
            return text(sh, sl) + "/" + (128 - Long.bitCount(spanHigh) - Long.bitCount(spanLow));
        }
        return text(sh, sl) + "-" + text(eh, el);
    }

    static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    private static String text(long high, long low) {
        byte[] raw = new byte[16];
        for (int i = 0; i < 8; i++) {
            raw[i] = (byte) (high >>> (56 - 8 * i));
            raw[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return IpAddresses.format(IpAddresses.fromBytes(raw));
    }

    /** Collects ranges in primitive arrays; {@link #build()} sorts and merges them. */
    static final class Builder {
        private long[] startHigh = new long[64];
        private long[] startLow = new long[64];
        private long[] endHigh = new long[64];
        private long[] endLow = new long[64];
        private int[] sources = new int[64];
        private int count;

        void add(long sh, long sl, long eh, long el, int source) {
            if (count == sources.length) {
                int grown = count + (count >> 1);
                startHigh = Arrays.copyOf(startHigh, grown);
                startLow = Arrays.copyOf(startLow, grown);
                endHigh = Arrays.copyOf(endHigh, grown);
                endLow = Arrays.copyOf(endLow, grown);
                sources = Arrays.copyOf(sources, grown);
            }
            startHigh[count] = sh;
            startLow[count] = sl;
            endHigh[count] = eh;
            endLow[count] = el;
            sources[count] = source;
            count++;
        }

        Ipv6Ranges build() {
            // IPv6 lists are small next to IPv4 ones: a boxed, stable sort by start is enough.
            int[] order = IntStream.range(0, count).boxed()
                    .sorted(Comparator.<Integer, Long>comparing(i -> startHigh[i], Long::compareUnsigned)
                            .thenComparing(i -> startLow[i], Long::compareUnsigned))
                    .mapToInt(Integer::intValue).toArray();
            long[] osh = new long[count];
            long[] osl = new long[count];
            long[] oeh = new long[count];
            long[] oel = new long[count];
            int[] os = new int[count];
            int n = 0;
            for (int i : order) {
                long sh = startHigh[i];
                long sl = startLow[i];
                long eh = endHigh[i];
                long el = endLow[i];
                int source = sources[i];
                if (n > 0) {
                    long lh = oeh[n - 1];
                    long ll = oel[n - 1];
                    if (compare(eh, el, lh, ll) <= 0) {
                        continue; // wholly inside the last range
                    }
                    // The address after the last range's end (it is not the top: this range ends later).
                    long nl = ll + 1;
                    long nh = nl == 0 ? lh + 1 : lh;
                    if (compare(sh, sl, nh, nl) <= 0) {
                        if (os[n - 1] == source) {
                            oeh[n - 1] = eh;
                            oel[n - 1] = el;
                            continue;
                        }
                        sh = nh; // the overlap stays with the earlier range
                        sl = nl;
                    }
                }
                osh[n] = sh;
                osl[n] = sl;
                oeh[n] = eh;
                oel[n] = el;
                os[n] = source;
                n++;
            }
            return new Ipv6Ranges(Arrays.copyOf(osh, n), Arrays.copyOf(osl, n), Arrays.copyOf(oeh, n),
                    Arrays.copyOf(oel, n), Arrays.copyOf(os, n));
        }
    }
}
