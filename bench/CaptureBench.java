// Times reading a capture into flows in-process, and the memory a flow table holds (see
// bench/run-capture-benchmark, docs/BENCHMARKS.md).
//
//   java --enable-native-access=ALL-UNNAMED -cp 'target/classes:target/lib/*' \
//       bench/CaptureBench.java FILE.pcap [--runs R] [--warmup W] [--no-cli] [--only MEASURE]
//   java -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -cp 'target/classes:target/lib/*' \
//       bench/CaptureBench.java --memory DISTINCT.pcap [--bounded N]
//
// Timing (the first form), each the median of R runs after W warm-up runs, so the figures leave out
// JVM start-up and compilation:
//   first      the first read + track in this JVM (one sample: class loading, interpreter, JIT at work)
//   read       CaptureFile.read with a sink that reads one byte of every packet: the file's framing
//   decode     the same, each packet also through PacketDecoder (link, IP, transport headers)
//   track      CaptureFile.read into a FlowTracker, then finish(): decode, flow table, payload
//              inspection (DNS, TLS SNI, HTTP Host), a Connection record for every flow as it ends
//   cli-text   `analyze FILE --flows 0` through Main.run (output discarded): the whole command warm,
//              with enrichment, the detectors and the report
//   cli-json   `analyze FILE --format json` the same way
// --only MEASURE times that one alone (for a profiler attached to the warm loop).
//
// Memory (the second form; run with -XX:+UseSerialGC so that System.gc() is a full collection and
// the used heap after it is what is reachable): the heap a FlowTracker retains while it holds the
// file's flows (none ended: read without finish()), per flow; the same with the table bounded to
// N flows (--bounded, default 100000: the least recently seen are evicted, and counted); and the
// heap that the Connection records of all the flows take once ended (what `analyze` keeps for the
// detectors), per record.
//
// Prints a human-readable report, and for scripts one line per figure: "median <name> <wall ms> <CPU ms>"
// (CPU: the process's CPU time over the run, all its threads),
// "file <packets> <bytes>", "flows <created> <tcp>", "memory <name> <bytes> <count> <bytes-each>".
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.connwatch.cli.Main;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;
import org.connwatch.source.capture.PacketSink;
import org.connwatch.source.capture.decode.DecodedPacket;
import org.connwatch.source.capture.decode.Outcome;
import org.connwatch.source.capture.decode.PacketDecoder;
import org.connwatch.source.capture.file.CaptureFile;
import org.connwatch.source.capture.file.CaptureReadReport;
import org.connwatch.source.capture.flow.CaptureStats;
import org.connwatch.source.capture.flow.FlowSettings;
import org.connwatch.source.capture.flow.FlowTracker;
import org.connwatch.source.capture.flow.LocalNetworks;

public final class CaptureBench {
    private static final Map<String, double[]> RESULTS = new LinkedHashMap<>();
    private static final Map<String, double[]> CPU = new LinkedHashMap<>();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static long sink; // keeps results alive so nothing is optimised away

    public static void main(String[] args) throws Exception {
        int runs = 7;
        int warmup = 3;
        boolean cli = true;
        boolean memory = false;
        String only = null;
        int bounded = 100_000;
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--no-cli" -> cli = false;
                case "--memory" -> memory = true;
                case "--bounded" -> bounded = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> {
                    if (args[i].startsWith("--") || file != null) {
                        System.err.println("CaptureBench: unknown argument " + args[i]);
                        System.exit(2);
                    }
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null || !Files.isRegularFile(file)) {
            System.err.println("usage: CaptureBench FILE.pcap [--runs R] [--warmup W] [--no-cli] | --memory FILE [--bounded N]");
            System.exit(2);
        }
        if (memory) {
            memory(file, bounded);
        } else {
            timing(file, runs, warmup, cli, only);
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    // ---- timing ----

    private static void timing(Path file, int runs, int warmup, boolean cli, String only) throws Exception {
        Path f = file;
        long bytes = Files.size(f);
        double[] first = time(() -> track(f));
        record("first", new double[] {first[0]}, new double[] {first[1]});
        CaptureStats stats = trackStats(f);
        System.out.printf("file %d %d%n", stats.packets(), bytes);
        System.out.printf("flows %d %d%n", stats.flowsCreated(), tcpFlows(f));

        List<String> names = new ArrayList<>(List.of("read", "decode", "track"));
        List<Callable<Integer>> work = new ArrayList<>(List.of(() -> read(f), () -> decode(f), () -> track(f)));
        if (cli) {
            names.add("cli-text");
            work.add(() -> runCli("analyze", f.toString(), "--flows", "0"));
            names.add("cli-json");
            work.add(() -> runCli("analyze", f.toString(), "--format", "json"));
        }
        if (only != null) {
            int k = names.indexOf(only);
            if (k < 0) {
                throw new IllegalArgumentException("--only takes one of " + names + ", not " + only);
            }
            names = List.of(only);
            work = List.of(work.get(k));
        }
        for (int i = 0; i < warmup; i++) {
            for (Callable<Integer> w : work) {
                sink += w.call();
            }
        }
        double[][] samples = new double[names.size()][runs];
        double[][] cpu = new double[names.size()][runs];
        for (int r = 0; r < runs; r++) {
            for (int k = 0; k < names.size(); k++) { // interleaved: noise hits every measure alike
                double[] t = time(work.get(k));
                samples[k][r] = t[0];
                cpu[k][r] = t[1];
            }
        }
        for (int k = 0; k < names.size(); k++) {
            record(names.get(k), samples[k], cpu[k]);
        }

        System.out.println();
        System.out.printf("%-10s %10s %10s %10s %14s %12s %12s %4s%n", "measure", "median ms", "min", "max",
                "packets/s", "ns/packet", "CPU ms", "n");
        RESULTS.forEach((name, v) -> {
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            double m = median(v);
            System.out.printf("%-10s %10.1f %10.1f %10.1f %14.0f %12.1f %12.1f %4d%n", name, m, sorted[0],
                    sorted[sorted.length - 1], stats.packets() / (m / 1e3), m * 1e6 / stats.packets(),
                    median(CPU.get(name)), v.length);
        });
        System.out.println("(CPU ms: the process's CPU time over the run, all threads: JIT and GC included)");
        System.out.println();
        RESULTS.forEach((name, v) -> System.out.printf("median %s %.2f %.2f%n", name, median(v), median(CPU.get(name))));
    }

    /** The framing alone: every packet delivered, one byte of it read. */
    private static int read(Path file) throws Exception {
        long[] acc = {0};
        PacketSink touch = (nanos, iface, link, data, offset, captured, original) ->
                acc[0] += data.get(ValueLayout.JAVA_BYTE, offset) + captured;
        CaptureReadReport r = CaptureFile.read(file, touch);
        sink += acc[0];
        return (int) r.packets();
    }

    /** The framing and the header decoder. */
    private static int decode(Path file) throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        int[] decoded = {0};
        PacketSink dec = (nanos, iface, link, data, offset, captured, original) -> {
            if (decoder.decode(link, data, offset, captured, original, p) == Outcome.DECODED) {
                decoded[0] += p.srcPort;
            }
        };
        CaptureFile.read(file, dec);
        return decoded[0];
    }

    /** What `analyze` does before enrichment: the file into a flow tracker, every flow ended into a record. */
    private static int track(Path file) throws Exception {
        return (int) trackStats(file).flowsEnded();
    }

    private static CaptureStats trackStats(Path file) throws Exception {
        long[] ended = {0};
        FlowTracker tracker = new FlowTracker(FlowSettings.DEFAULTS, LocalNetworks.defaults(), (id, c, end) -> {
            if (end) {
                ended[0] += c.traffic().packetsSent();
            }
        });
        CaptureFile.read(file, tracker);
        tracker.finish();
        sink += ended[0];
        return tracker.stats();
    }

    /** TCP flows in the file, as `analyze` would report them (the figure checked against tshark's conv,tcp). */
    private static long tcpFlows(Path file) throws Exception {
        long[] tcp = {0};
        FlowTracker tracker = new FlowTracker(FlowSettings.DEFAULTS, LocalNetworks.defaults(), (id, c, end) -> {
            if (end && c.transport() == Transport.TCP) {
                tcp[0]++;
            }
        });
        CaptureFile.read(file, tracker);
        tracker.finish();
        return tcp[0];
    }

    private static int runCli(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8));
        int code = Main.run(args, out, err);
        if (code != 0) {
            throw new IllegalStateException("connwatch " + String.join(" ", args) + " exited with " + code);
        }
        return code;
    }

    // ---- memory ----

    private static void memory(Path file, int bounded) throws Exception {
        System.out.println("heap retained (used heap after a full GC, minus the same before):");
        FlowSettings all = FlowSettings.DEFAULTS;
        long before = usedAfterGc();
        FlowTracker full = new FlowTracker(all, LocalNetworks.defaults(), (id, c, end) -> sink++);
        CaptureFile.read(file, full);
        long held = usedAfterGc() - before;
        int active = full.activeFlows();
        CaptureStats s = full.stats();
        report("table", held, active, "flow table (max-flows " + all.maxFlows() + "), " + active
                + " active flows, " + s.flowsEvicted() + " evicted");
        Reference.reachabilityFence(full);
        full = null;

        FlowSettings small = all.withMaxFlows(bounded);
        before = usedAfterGc();
        FlowTracker capped = new FlowTracker(small, LocalNetworks.defaults(), (id, c, end) -> sink++);
        CaptureFile.read(file, capped);
        held = usedAfterGc() - before;
        s = capped.stats();
        report("table-bounded", held, capped.activeFlows(), "flow table (max-flows " + bounded + "), "
                + capped.activeFlows() + " active flows, " + s.flowsEvicted() + " evicted");
        System.out.printf("evicted %d%n", s.flowsEvicted());
        Reference.reachabilityFence(capped);
        capped = null;

        before = usedAfterGc();
        List<Connection> records = new ArrayList<>();
        FlowTracker tracker = new FlowTracker(all, LocalNetworks.defaults(), (id, c, end) -> {
            if (end) {
                records.add(c);
            }
        });
        CaptureFile.read(file, tracker);
        tracker.finish();
        tracker = null;
        held = usedAfterGc() - before;
        report("records", held, records.size(), "Connection records of the ended flows (in an ArrayList), the tracker gone");
        Reference.reachabilityFence(records);
    }

    private static void report(String name, long bytes, long count, String what) {
        double each = count == 0 ? 0 : (double) bytes / count;
        System.out.printf("  %-70s %,14d bytes  %,10d  %8.1f bytes each%n", what, bytes, count, each);
        System.out.printf("memory %s %d %d %.1f%n", name, bytes, count, each);
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---- timing helpers ----

    /** Wall and process CPU time of one run, in ms. */
    private static double[] time(Callable<Integer> work) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        sink += work.call();
        long wall = System.nanoTime() - start;
        return new double[] {wall / 1e6, (OS.getProcessCpuTime() - cpu) / 1e6};
    }

    private static void record(String name, double[] wall, double[] cpu) {
        RESULTS.put(name, wall);
        CPU.put(name, cpu);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
