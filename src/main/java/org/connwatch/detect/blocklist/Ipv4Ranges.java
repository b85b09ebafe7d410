package org.connwatch.detect.blocklist;

import java.util.Arrays;

/**
 * IPv4 blocks as sorted, disjoint ranges in three int arrays (12 bytes a range), found by binary
 * search. Overlapping and adjacent entries of one source are merged; where sources overlap, the
 * entry that starts first keeps the overlap (the first added when two start together).
 */
final class Ipv4Ranges {
    static final Ipv4Ranges EMPTY = new Ipv4Ranges(new int[0], new int[0], new int[0]);

    private final int[] starts;
    private final int[] ends;
    private final int[] sources;

    private Ipv4Ranges(int[] starts, int[] ends, int[] sources) {
        this.starts = starts;
        this.ends = ends;
        this.sources = sources;
    }

    int size() {
        return starts.length;
    }

    /** The index of the range holding this address (as an unsigned int), or -1. */
    int find(int address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Integer.compareUnsigned(starts[mid], address) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && Integer.compareUnsigned(address, ends[found]) <= 0 ? found : -1;
    }

    int source(int index) {
        return sources[index];
    }

    /** The range as text: an address, a CIDR block when it is exactly one, else {@code FIRST-LAST}. */
    String describe(int index) {
        long start = starts[index] & 0xffffffffL;
        long end = ends[index] & 0xffffffffL;
        if (start == end) {
            return text(start);
        }
        long span = start ^ end;
        if ((span & (span + 1)) == 0 && (start & span) == 0) {
            return text(start) + "/" + (32 - Long.bitCount(span));
        }
        return text(start) + "-" + text(end);
    }

    private static String text(long a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    /** Collects ranges in primitive arrays; {@link #build()} sorts and merges them. */
    static final class Builder {
        private int[] starts = new int[1024];
        private int[] ends = new int[1024];
        private int[] sources = new int[1024];
        private int count;

        void add(int start, int end, int source) {
            if (count == starts.length) {
                int grown = count + (count >> 1);
                starts = Arrays.copyOf(starts, grown);
                ends = Arrays.copyOf(ends, grown);
                sources = Arrays.copyOf(sources, grown);
            }
            starts[count] = start;
            ends[count] = end;
            sources[count] = source;
            count++;
        }

        Ipv4Ranges build() {
            // Sort by start (unsigned: the sign bit flipped), then by the order added.
            long[] order = new long[count];
            for (int i = 0; i < count; i++) {
                order[i] = ((long) (starts[i] ^ Integer.MIN_VALUE) << 32) | i;
            }
            Arrays.sort(order);
            int[] outStarts = new int[count];
            int[] outEnds = new int[count];
            int[] outSources = new int[count];
            int n = 0;
            for (long key : order) {
                int i = (int) key;
                long start = starts[i] & 0xffffffffL;
                long end = ends[i] & 0xffffffffL;
                int source = sources[i];
                if (n > 0) {
                    long lastEnd = outEnds[n - 1] & 0xffffffffL;
                    if (end <= lastEnd) {
                        continue; // wholly inside the last range
                    }
                    if (start <= lastEnd + 1) {
                        if (outSources[n - 1] == source) {
                            outEnds[n - 1] = (int) end;
                            continue;
                        }
                        start = lastEnd + 1; // the overlap stays with the earlier range
                    }
                }
                outStarts[n] = (int) start;
                outEnds[n] = (int) end;
                outSources[n] = source;
                n++;
            }
            return new Ipv4Ranges(Arrays.copyOf(outStarts, n), Arrays.copyOf(outEnds, n),
                    Arrays.copyOf(outSources, n));
        }
    }
}
