package org.connwatch.detect.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.connwatch.records.IpAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A list of the size real ones have: memory stays small and lookups right (measured once, not timed). */
class BlocklistSizeTest {
    private static final int ENTRIES = 300_000;
    private static final int STRIDE = 1024;
    private static final int BASE = 0x20000000; // 32.0.0.0

    @TempDir
    Path dir;

    /** Entry i: a /24 at BASE + i * STRIDE when i is even, else a single address 512 further on. */
    private static int start(int i) {
        return BASE + i * STRIDE + (i % 2 == 0 ? 0 : 512);
    }

    private static InetAddress address(int a) {
        return IpAddresses.fromBytes(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
    }

    @Test
    void threeHundredThousandBlocks() throws IOException {
        Path file = dir.resolve("big.netset");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("# generated: " + ENTRIES + " entries in a scrambled order\n");
            for (int k = 0; k < ENTRIES; k++) {
                int i = (int) ((long) k * 7919 % ENTRIES);
                w.write(IpAddresses.format(address(start(i))) + (i % 2 == 0 ? "/24\n" : "\n"));
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();
        Blocklists lists = Blocklists.load(List.of(file));
        System.gc();
        long after = rt.totalMemory() - rt.freeMemory();
        long retained = after - before;

        assertThat(lists.reports().getFirst().addresses()).isEqualTo(ENTRIES);
        assertThat(lists.reports().getFirst().badLines()).isZero();
        assertThat(lists.addressRanges()).isEqualTo(ENTRIES);
        for (int i = 0; i < ENTRIES; i += 997) {
            int s = start(i);
            int last = i % 2 == 0 ? s + 255 : s;
            assertThat(lists.match(address(s))).as("first of entry %d", i).isPresent();
            assertThat(lists.match(address(last))).as("last of entry %d", i).isPresent();
            assertThat(lists.match(address(s - 1))).as("before entry %d", i).isEmpty();
            assertThat(lists.match(address(last + 1))).as("after entry %d", i).isEmpty();
        }
        assertThat(lists.match(address(start(2))).orElseThrow().entry()).isEqualTo("32.0.8.0/24");
        assertThat(lists.match(address(start(3))).orElseThrow().entry()).isEqualTo("32.0.14.0");

        // Lookup rate, measured once: addresses spread over the listed span, about one in eight listed.
        int lookups = 2_000_000;
        InetAddress[] probes = new InetAddress[4096];
        for (int k = 0; k < probes.length; k++) {
            probes[k] = address(BASE + (int) ((long) k * 2_654_435_761L % ((long) ENTRIES * STRIDE)));
        }
        long hits = 0;
        long t0 = System.nanoTime();
        for (int k = 0; k < lookups; k++) {
            if (lists.match(probes[k & (probes.length - 1)]).isPresent()) {
                hits++;
            }
        }
        long nanos = System.nanoTime() - t0;
        System.out.printf("blocklist size test: %d entries -> %d ranges, heap retained %.1f MiB (%.1f bytes/entry); "
                        + "%,d lookups in %d ms = %,.0f lookups/s (%d hits)%n", ENTRIES, lists.addressRanges(),
                retained / 1048576.0, (double) retained / ENTRIES, lookups, nanos / 1_000_000,
                lookups / (nanos / 1e9), hits);
        assertThat(hits).isPositive().isLessThan(lookups);
        // Three int arrays of 300,000 are 3.4 MiB; anything near the text's size would mean entries kept as objects.
        assertThat(retained).isLessThan(32L << 20);
        Reference.reachabilityFence(lists);
    }
}
