// Measures the flow tracker (see docs/BENCHMARKS.md, "Flow tracker"): packets a second on a
// realistic capture, and the heap each flow takes with a million flows.
//
//   java bench/GenerateCapture.java /tmp/mixed.pcap --packets 2000000
//   java bench/GenerateCapture.java /tmp/distinct.pcap --packets 1000000 --distinct-flows
//   java -Xmx2g -XX:+UseSerialGC -cp 'target/connwatch.jar:target/lib/*' bench/FlowTrackerBench.java \
//       /tmp/mixed.pcap /tmp/distinct.pcap [--runs 5]
//
// Throughput: the capture is mapped once and read from memory; each run reads it with
// CaptureFile into (a) a sink that does nothing (the reader's own cost) and (b) a new FlowTracker
// with the default settings, then finish(). The tracker's rate is packets / (b - a), its share of
// the time; both medians of R runs after one warm-up run.
// Hot path: 1,000 TCP flows already in the table, 20 M data packets over them (built once in
// memory, both directions), fed straight to FlowTracker.packet: packets a second, and the bytes
// the thread allocated per packet (com.sun.management.ThreadMXBean), which should be 0.
// Memory: the distinct-flows capture (every packet a SYN of a new connection) into one tracker,
// flows never ended: the heap in use after a full GC, minus the heap before, divided by the flows.
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.connwatch.source.capture.PacketSink;
import org.connwatch.source.capture.file.CaptureFile;
import org.connwatch.source.capture.flow.CaptureStats;
import org.connwatch.source.capture.flow.FlowTracker;

public final class FlowTrackerBench {
    private static long flows;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FlowTrackerBench MIXED.pcap DISTINCT.pcap [--runs R]");
            System.exit(2);
        }
        int runs = args.length > 3 && args[2].equals("--runs") ? Integer.parseInt(args[3]) : 5;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mixed = map(Path.of(args[0]), arena);
            throughput(mixed, runs);
        }
        hotPath();
        try (Arena arena = Arena.ofConfined()) {
            memory(map(Path.of(args[1]), arena));
        }
    }

    private static MemorySegment map(Path file, Arena arena) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            m.load();
            return m;
        }
    }

    private static void throughput(MemorySegment capture, int runs) {
        PacketSink nothing = (t, i, l, d, o, c, w) -> { };
        long packets = CaptureFile.read(capture, nothing, b -> { }).packets();
        double[] readOnly = new double[runs];
        double[] tracked = new double[runs];
        CaptureStats stats = null;
        for (int r = -1; r < runs; r++) {
            long t0 = System.nanoTime();
            CaptureFile.read(capture, nothing, b -> { });
            long t1 = System.nanoTime();
            flows = 0;
            FlowTracker tracker = new FlowTracker((id, c, ended) -> flows++);
            CaptureFile.read(capture, tracker, b -> { });
            tracker.finish();
            long t2 = System.nanoTime();
            if (r >= 0) {
                readOnly[r] = (t1 - t0) / 1e6;
                tracked[r] = (t2 - t1) / 1e6;
            }
            stats = tracker.stats();
        }
        double read = median(readOnly);
        double all = median(tracked);
        System.out.printf("packets %d flows %d%n", packets, stats.flowsCreated());
        System.out.printf("median read-only ms %.1f  (%.2f M packets/s)%n", read, packets / read / 1e3);
        System.out.printf("median read+track ms %.1f  (%.2f M packets/s)%n", all, packets / all / 1e3);
        System.out.printf("tracker alone %.2f M packets/s (%.0f ns a packet)%n", packets / (all - read) / 1e3,
                (all - read) * 1e6 / packets);
        stats.summary().forEach(line -> System.out.println("  " + line));
    }

    private static void hotPath() {
        int flowCount = 1000;
        int frameLength = 14 + 20 + 20 + 100;
        MemorySegment frames = MemorySegment.ofArray(new byte[2 * flowCount * frameLength]);
        for (int f = 0; f < flowCount; f++) {
            for (int dir = 0; dir < 2; dir++) {
                java.nio.ByteBuffer b = frames.asSlice((2L * f + dir) * frameLength, frameLength).asByteBuffer();
                b.putLong(0x0200_0000_0001_0200L).putInt(0x0000_00fe).putShort((short) 0x0800);
                b.put((byte) 0x45).put((byte) 0).putShort((short) (frameLength - 14)).putInt(0).put((byte) 64)
                        .put((byte) 6).putShort((short) 0);
                int client = 0x0a01_0000 | f;
                int server = 0xcb00_7107;
                b.putInt(dir == 0 ? client : server).putInt(dir == 0 ? server : client);
                b.putShort((short) (dir == 0 ? 40000 : 443)).putShort((short) (dir == 0 ? 443 : 40000));
                b.putInt(1000).putInt(2000).put((byte) 0x50).put((byte) 0x18).putShort((short) 65535).putInt(0);
            }
        }
        FlowTracker tracker = new FlowTracker((id, c, ended) -> { });
        long time = 1_767_225_600_000_000_000L;
        int n = 2 * flowCount;
        for (int i = 0; i < 2_000_000; i++) { // warm-up, and every flow created
            tracker.packet(time + i, 0, 1, frames, (long) (i % n) * frameLength, frameLength, frameLength);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        int total = 20_000_000;
        long allocated0 = mx.getThreadAllocatedBytes(id);
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            tracker.packet(time + 2_000_000 + i, 0, 1, frames, (long) (i % n) * frameLength, frameLength, frameLength);
        }
        long t1 = System.nanoTime();
        long allocated = mx.getThreadAllocatedBytes(id) - allocated0;
        System.out.printf("hot path: %d packets over %d flows in %.1f ms: %.2f M packets/s (%.0f ns a packet),"
                + " %.3f bytes allocated a packet%n", total, tracker.activeFlows(), (t1 - t0) / 1e6,
                total / ((t1 - t0) / 1e3), (t1 - t0) / (double) total, allocated / (double) total);
    }

    private static void memory(MemorySegment capture) {
        long before = usedAfterGc();
        FlowTracker tracker = new FlowTracker((id, c, ended) -> { });
        CaptureFile.read(capture, tracker, b -> { });
        long after = usedAfterGc();
        int active = tracker.activeFlows();
        System.out.printf("flows %d heap %.1f MB bytes/flow %.1f%n", active, (after - before) / 1e6,
                (after - before) / (double) active);
        if (tracker.stats().flowsEvicted() != 0) {
            System.out.println("  evicted " + tracker.stats().flowsEvicted());
        }
        System.out.println("  (tracker kept alive: " + tracker.activeFlows() + ")");
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
