// Times connwatch's socket snapshot in-process (see bench/run-ls-benchmark, docs/BENCHMARKS.md).
//
//   java --enable-native-access=ALL-UNNAMED -cp 'target/connwatch.jar:target/lib/*' \
//       bench/SnapshotBench.java [--runs R] [--warmup W] [--pids PID,PID...] [--no-phases] [--no-cli]
//
// Measures, each as the median of R runs after W warm-up snapshots (JIT warmed):
//   first        the first snapshot in this JVM (class loading, interpreter): one sample, as a CLI sees it
//   cold         a new LinuxSocketSource per snapshot: netlink dump + full /proc scan (+ open/close)
//   warm         repeated snapshots on one source: the incremental path (unchanged processes' fds not re-read)
// each without and with executable hashes (Options.withHashes); then, unless --no-phases, where the cold
// time goes, by re-doing its parts separately:
//   netlink      the four sock_diag dumps alone (TCP/UDP x IPv4/IPv6, parsed into Connection records)
//   proc-pids    listing /proc, reading every /proc/PID/stat and the size of every /proc/PID/fd
//   proc-fds     listing every /proc/PID/fd and reading each link with java.nio (as ProcessTable does)
//   proc-fds-ls  only listing the fd folders (no readlink)
//   proc-fds-ffm the same scan as proc-fds with getdents64 + readlinkat through FFM, reusing one buffer
//   proc-fds-stat the same with fstatat (st_ino of the link's target) instead of readlinkat
//   proc-fds-par2 proc-fds with the readlinks spread over 2 threads
//   netlink-raw  the TCP+UDP dumps received but not parsed (FFM), without tcp_info (what `ss -tan` asks)
//   netlink-raw-info  the same with tcp_info (INET_DIAG_INFO, what connwatch asks, for byte counts)
// and, unless --no-cli, the whole `ls` command run in-process (Main.run, output encoded and discarded),
// warm: what the command costs once the JVM has started and warmed up.
//
// Prints a human-readable report, and for scripts one line per measure: "median <name> <ms>", plus
// "sockets <all> tcp <tcp> attributed <n> pids <n held by --pids>".
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.connwatch.cli.Main;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;
import org.connwatch.source.Snapshot;
import org.connwatch.source.linux.LinuxSocketSource;
import org.connwatch.source.linux.NetlinkSockDiag;

public final class SnapshotBench {
    private static final Path PROC = Path.of("/proc");
    private static final Map<String, double[]> RESULTS = new LinkedHashMap<>();
    private static long sink; // keeps results alive so nothing is optimised away

    public static void main(String[] args) throws Exception {
        int runs = 9;
        int warmup = 5;
        Set<Integer> pids = new HashSet<>();
        boolean phases = true;
        boolean cli = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--pids" -> Arrays.stream(args[++i].split(",")).filter(s -> !s.isBlank())
                        .forEach(s -> pids.add(Integer.parseInt(s.trim())));
                case "--no-phases" -> phases = false;
                case "--no-cli" -> cli = false;
                default -> {
                    System.err.println("SnapshotBench: unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        LinuxSocketSource.Options plain = LinuxSocketSource.Options.defaults();
        LinuxSocketSource.Options hashed = plain.withHashes(true);

        // 1. The very first snapshot of this JVM, as a command-line run pays it (no JIT, classes loading).
        long t0 = System.nanoTime();
        Snapshot first;
        String mechanism;
        try (LinuxSocketSource s = LinuxSocketSource.open(plain)) {
            first = s.snapshot();
            mechanism = s.description();
        }
        record("first snapshot in a new JVM (1 sample)", new double[] {ms(System.nanoTime() - t0)});
        describe(first, pids, mechanism);

        // 2. Warm up the JIT on the whole path, with and without hashes.
        for (int i = 0; i < warmup; i++) {
            cold(i % 2 == 0 ? plain : hashed);
        }

        // 3. Cold snapshots: a new source each time (full /proc scan), interleaved with/without hashes.
        double[] coldPlain = new double[runs];
        double[] coldHashed = new double[runs];
        for (int i = 0; i < runs; i++) {
            coldPlain[i] = cold(plain);
            coldHashed[i] = cold(hashed);
        }
        record("cold", coldPlain);
        record("cold-hashes", coldHashed);

        // 4. Warm snapshots: the same source again and again (the incremental path).
        double[] warmPlain = new double[runs];
        double[] warmHashed = new double[runs];
        try (LinuxSocketSource a = LinuxSocketSource.open(plain); LinuxSocketSource b = LinuxSocketSource.open(hashed)) {
            for (int i = 0; i < Math.max(3, warmup); i++) {
                sink += a.snapshot().connections().size() + b.snapshot().connections().size();
            }
            for (int i = 0; i < runs; i++) {
                warmPlain[i] = time(() -> a.snapshot().connections().size());
                warmHashed[i] = time(() -> b.snapshot().connections().size());
            }
        }
        record("warm", warmPlain);
        record("warm-hashes", warmHashed);

        // 5. Where the cold time goes.
        if (phases) {
            FfmScan ffm = new FfmScan();
            Callable<Integer> netlink = SnapshotBench::netlinkOnly;
            Callable<Integer> procPids = SnapshotBench::pidsAndStats;
            Callable<Integer> procFds = () -> nioFdScan(true);
            Callable<Integer> procFdsLs = () -> nioFdScan(false);
            Callable<Integer> procFdsFfm = () -> ffm.scan(false);
            Callable<Integer> procFdsStat = () -> ffm.scan(true);
            Callable<Integer> procFdsPar = () -> parallelFdScan(2);
            RawNetlink raw = new RawNetlink();
            Callable<Integer> rawDump = () -> raw.dumpAll(false);
            Callable<Integer> rawDumpInfo = () -> raw.dumpAll(true);
            Map<String, Callable<Integer>> parts = new LinkedHashMap<>();
            parts.put("netlink", netlink);
            parts.put("proc-pids", procPids);
            parts.put("proc-fds", procFds);
            parts.put("proc-fds-ls", procFdsLs);
            parts.put("proc-fds-ffm", procFdsFfm);
            parts.put("proc-fds-stat", procFdsStat);
            parts.put("proc-fds-par2", procFdsPar);
            parts.put("netlink-raw", rawDump);
            parts.put("netlink-raw-info", rawDumpInfo);
            Map<String, double[]> samples = new LinkedHashMap<>();
            for (String name : parts.keySet()) {
                samples.put(name, new double[runs]);
            }
            for (int i = 0; i < warmup; i++) {
                for (Callable<Integer> c : parts.values()) {
                    sink += c.call();
                }
            }
            for (int i = 0; i < runs; i++) {
                for (Map.Entry<String, Callable<Integer>> p : parts.entrySet()) {
                    samples.get(p.getKey())[i] = time(p.getValue());
                }
            }
            samples.forEach(SnapshotBench::record);
            int nioSockets = nioFdScan(true);
            int ffmSockets = ffm.scan(false);
            int statSockets = ffm.scan(true);
            int parSockets = parallelFdScan(2);
            if (ffmSockets != nioSockets || statSockets != nioSockets || parSockets != nioSockets) {
                System.out.println("warning: socket inodes found by java.nio " + nioSockets + ", readlinkat "
                        + ffmSockets + ", fstatat " + statSockets + ", 2 threads " + parSockets);
            }
            System.out.println("socket inodes with a process (java.nio scan): " + nioSockets
                    + "; netlink dump messages: " + raw.dumpAll(true));
        }

        // 6. The whole ls command in-process (JVM already warm): snapshot + enrich + sort + render.
        if (cli) {
            String[][] commands = {{"ls", "--format", "json"}, {"ls"}};
            String[] names = {"cli-ls-json", "cli-ls-table"};
            double[][] s = new double[commands.length][runs];
            for (int i = 0; i < Math.max(2, warmup / 2); i++) {
                for (String[] c : commands) {
                    runCli(c);
                }
            }
            for (int i = 0; i < runs; i++) {
                for (int c = 0; c < commands.length; c++) {
                    String[] cmd = commands[c];
                    s[c][i] = time(() -> runCli(cmd));
                }
            }
            for (int c = 0; c < commands.length; c++) {
                record(names[c], s[c]);
            }
        }

        System.out.println();
        System.out.printf("%-42s %10s %10s %10s %4s%n", "measure", "median ms", "min", "max", "n");
        RESULTS.forEach((name, v) -> {
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            System.out.printf("%-42s %10.1f %10.1f %10.1f %4d%n", name, median(v), sorted[0], sorted[sorted.length - 1],
                    v.length);
        });
        System.out.println();
        RESULTS.forEach((name, v) -> System.out.printf("median %s %.2f%n", name.split(" ")[0], median(v)));
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void describe(Snapshot snap, Set<Integer> pids, String mechanism) {
        int tcp = 0;
        int attributed = 0;
        int held = 0;
        for (Connection c : snap.connections()) {
            tcp += c.transport() == Transport.TCP ? 1 : 0;
            if (c.process() != null) {
                attributed++;
                held += pids.contains(c.process().pid()) ? 1 : 0;
            }
        }
        System.out.printf("mechanism: %s; notices: %s%n", mechanism, snap.notices());
        System.out.printf("sockets %d tcp %d attributed %d pids %d%n", snap.connections().size(), tcp, attributed, held);
    }

    private static double cold(LinuxSocketSource.Options options) throws Exception {
        return time(() -> {
            try (LinuxSocketSource s = LinuxSocketSource.open(options)) {
                return s.snapshot().connections().size();
            }
        });
    }

    private static int runCli(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8));
        int code = Main.run(args, out, err);
        if (code != 0) {
            throw new IllegalStateException("connwatch " + String.join(" ", args) + " exited with " + code);
        }
        return code;
    }

    // ---- the parts of a cold snapshot, re-done separately ----

    private static int netlinkOnly() throws IOException {
        int[] n = {0};
        Instant now = Instant.now();
        try (NetlinkSockDiag nl = NetlinkSockDiag.open()) {
            for (Transport t : new Transport[] {Transport.TCP, Transport.UDP}) {
                for (int family : new int[] {2, 10}) { // AF_INET, AF_INET6
                    nl.dump(family, t, now, c -> n[0]++);
                }
            }
        }
        return n[0];
    }

    private static List<Integer> pids() throws IOException {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path p : dirs) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && name.length() < 10 && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    pids.add(Integer.parseInt(name));
                }
            }
        }
        return pids;
    }

    /** What ProcessTable does per process before reading its fds: stat line and fd count. */
    private static int pidsAndStats() throws IOException {
        int n = 0;
        for (int pid : pids()) {
            Path dir = PROC.resolve(Integer.toString(pid));
            try {
                n += Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1).length();
                n += (int) Files.size(dir.resolve("fd"));
            } catch (IOException e) {
                // gone
            }
        }
        return n;
    }

    /** ProcessTable's fd scan: list every /proc/PID/fd and (when readLinks) read each link. */
    private static int nioFdScan(boolean readLinks) throws IOException {
        Map<Long, Integer> byInode = new HashMap<>();
        int entries = 0;
        for (int pid : pids()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Integer.toString(pid)).resolve("fd"))) {
                for (Path fd : fds) {
                    entries++;
                    if (!readLinks) {
                        continue;
                    }
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        continue;
                    }
                    if (target.startsWith("socket:[") && target.endsWith("]")) {
                        byInode.merge(Long.parseLong(target, 8, target.length() - 1, 10), pid, Math::min);
                    }
                }
            } catch (IOException e) {
                // gone or denied
            }
        }
        return readLinks ? byInode.size() : entries;
    }

    /** proc-fds with the links read by several threads (the listing stays sequential). */
    private static int parallelFdScan(int threads) throws Exception {
        List<Path> links = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int pid : pids()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(Integer.toString(pid)).resolve("fd"))) {
                for (Path fd : fds) {
                    links.add(fd);
                    owners.add(pid);
                }
            } catch (IOException e) {
                // gone or denied
            }
        }
        long[] inodes = new long[links.size()];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) links.size() * t / threads);
            int to = (int) ((long) links.size() * (t + 1) / threads);
            workers[t] = Thread.ofPlatform().start(() -> {
                for (int i = from; i < to; i++) {
                    try {
                        String target = Files.readSymbolicLink(links.get(i)).toString();
                        if (target.startsWith("socket:[") && target.endsWith("]")) {
                            inodes[i] = Long.parseLong(target, 8, target.length() - 1, 10);
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
            });
        }
        for (Thread w : workers) {
            w.join();
        }
        Map<Long, Integer> byInode = new HashMap<>();
        for (int i = 0; i < inodes.length; i++) {
            if (inodes[i] > 0) {
                byInode.merge(inodes[i], owners.get(i), Math::min);
            }
        }
        return byInode.size();
    }

    /** Netlink sock_diag dumps received and walked message by message, not parsed: the kernel's share. */
    private static final class RawNetlink {
        private final MethodHandle socket;
        private final MethodHandle sendto;
        private final MethodHandle recv;
        private final MethodHandle close;
        private final Arena arena = Arena.ofAuto();
        private final MemorySegment request = arena.allocate(72, 8);
        private final MemorySegment kernel = arena.allocate(12, 4);
        private final MemorySegment buffer = arena.allocate(64 * 1024, 8);

        RawNetlink() {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            socket = linker.downcallHandle(libc.find("socket").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT));
            sendto = linker.downcallHandle(libc.find("sendto").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            recv = linker.downcallHandle(libc.find("recv").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            kernel.set(ValueLayout.JAVA_SHORT, 0, (short) 16); // AF_NETLINK, pid 0
        }

        /** TCP and UDP, IPv4 and IPv6, on one fresh socket; returns the number of sockets dumped. */
        int dumpAll(boolean tcpInfo) throws Exception {
            try {
                int fd = (int) socket.invokeExact(16, 3 | 0x80000, 4); // AF_NETLINK, SOCK_RAW|CLOEXEC, SOCK_DIAG
                if (fd < 0) {
                    throw new IOException("netlink socket refused");
                }
                try {
                    int n = 0;
                    int seq = 0;
                    for (int protocol : new int[] {6, 17}) {
                        for (int family : new int[] {2, 10}) {
                            n += dump(fd, ++seq, family, protocol, tcpInfo && protocol == 6);
                        }
                    }
                    return n;
                } finally {
                    int ignored = (int) close.invokeExact(fd);
                }
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        private int dump(int fd, int seq, int family, int protocol, boolean tcpInfo) throws Throwable {
            request.fill((byte) 0);
            request.set(ValueLayout.JAVA_INT, 0, 72);
            request.set(ValueLayout.JAVA_SHORT, 4, (short) 20); // SOCK_DIAG_BY_FAMILY
            request.set(ValueLayout.JAVA_SHORT, 6, (short) (0x1 | 0x300)); // NLM_F_REQUEST | NLM_F_DUMP
            request.set(ValueLayout.JAVA_INT, 8, seq);
            request.set(ValueLayout.JAVA_BYTE, 16, (byte) family);
            request.set(ValueLayout.JAVA_BYTE, 17, (byte) protocol);
            request.set(ValueLayout.JAVA_BYTE, 18, (byte) (tcpInfo ? 1 << 1 : 0)); // 1 << (INET_DIAG_INFO - 1)
            request.set(ValueLayout.JAVA_INT, 20, 0xffffffff);
            long sent = (long) sendto.invokeExact(fd, request, 72L, 0, kernel, 12);
            if (sent < 0) {
                throw new IOException("netlink request failed");
            }
            int messages = 0;
            while (true) {
                long n = (long) recv.invokeExact(fd, buffer, buffer.byteSize(), 0);
                if (n <= 0) {
                    throw new IOException("netlink receive failed");
                }
                for (long pos = 0; pos + 16 <= n; ) {
                    int len = buffer.get(ValueLayout.JAVA_INT, pos);
                    int type = Short.toUnsignedInt(buffer.get(ValueLayout.JAVA_SHORT, pos + 4));
                    if (type == 3) { // NLMSG_DONE
                        return messages;
                    }
                    if (type == 2) { // NLMSG_ERROR
                        return messages; // e.g. ENOENT: no diag module for this protocol
                    }
                    messages++;
                    pos += (len + 3) & ~3;
                }
            }
        }
    }

    /** The same fd scan with getdents64 and readlinkat through FFM, one reused buffer, no Path objects. */
    private static final class FfmScan {
        private static final int O_RDONLY_DIRECTORY_CLOEXEC = 0x10000 | 0x80000;
        private final MethodHandle open;
        private final MethodHandle getdents;
        private final MethodHandle readlinkat;
        private final MethodHandle fstatat;
        private final MethodHandle close;
        private final Arena arena = Arena.ofAuto();
        private final MemorySegment dirents = arena.allocate(64 * 1024, 8);
        private final MemorySegment link = arena.allocate(256, 8);
        private final MemorySegment path = arena.allocate(64, 8);
        private final MemorySegment stat = arena.allocate(256, 8); // struct stat (144 bytes on x86-64)

        FfmScan() {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            open = linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            getdents = linker.downcallHandle(libc.find("getdents64").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_LONG));
            readlinkat = linker.downcallHandle(libc.find("readlinkat").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            fstatat = linker.downcallHandle(libc.find("fstatat").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        }

        /** @param useStat fstatat (following the link: st_ino of a socket is its inode) instead of readlinkat */
        int scan(boolean useStat) throws Exception {
            try {
                return scanOrThrow(useStat);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        private int scanOrThrow(boolean useStat) throws Throwable {
            Map<Long, Integer> byInode = new HashMap<>();
            for (int pid : pids()) {
                path.setString(0, "/proc/" + pid + "/fd");
                int dfd = (int) open.invokeExact(path, O_RDONLY_DIRECTORY_CLOEXEC);
                if (dfd < 0) {
                    continue;
                }
                try {
                    while (true) {
                        long n = (long) getdents.invokeExact(dfd, dirents, dirents.byteSize());
                        if (n <= 0) {
                            break;
                        }
                        for (long pos = 0; pos < n; ) {
                            int reclen = Short.toUnsignedInt(dirents.get(ValueLayout.JAVA_SHORT_UNALIGNED, pos + 16));
                            MemorySegment name = dirents.asSlice(pos + 19);
                            pos += reclen;
                            if (name.get(ValueLayout.JAVA_BYTE, 0) == '.') {
                                continue;
                            }
                            long inode;
                            if (useStat) {
                                int r = (int) fstatat.invokeExact(dfd, name, stat, 0);
                                // st_mode at 24 on x86-64; S_IFSOCK = 0140000; st_ino at 8
                                inode = r == 0 && (stat.get(ValueLayout.JAVA_INT, 24) & 0170000) == 0140000
                                        ? stat.get(ValueLayout.JAVA_LONG, 8) : 0;
                            } else {
                                long len = (long) readlinkat.invokeExact(dfd, name, link, link.byteSize());
                                inode = socketInode(link, len);
                            }
                            if (inode > 0) {
                                byInode.merge(inode, pid, Math::min);
                            }
                        }
                    }
                } finally {
                    int ignored = (int) close.invokeExact(dfd);
                }
            }
            return byInode.size();
        }

        /** Parses "socket:[12345]" from the link buffer without making a String. */
        private static long socketInode(MemorySegment b, long len) {
            if (len < 10 || b.get(ValueLayout.JAVA_BYTE, 0) != 's' || b.get(ValueLayout.JAVA_BYTE, 6) != ':'
                    || b.get(ValueLayout.JAVA_BYTE, len - 1) != ']') {
                return 0;
            }
            long v = 0;
            for (long i = 8; i < len - 1; i++) {
                int d = b.get(ValueLayout.JAVA_BYTE, i) - '0';
                if (d < 0 || d > 9) {
                    return 0;
                }
                v = v * 10 + d;
            }
            return v;
        }
    }

    // ---- timing ----

    private static double time(Callable<Integer> work) throws Exception {
        long start = System.nanoTime();
        sink += work.call();
        return ms(System.nanoTime() - start);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void record(String name, double[] samples) {
        RESULTS.put(name, samples);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
