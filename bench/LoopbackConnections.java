// A load generator for the socket-listing benchmark (see bench/run-ls-benchmark).
//
//   java bench/LoopbackConnections.java N [--per-process M]
//
// Opens a listener on 127.0.0.1 (one per 16,000 connections, so the ephemeral port range, about
// 28,000 ports by default, is never the limit: the kernel reuses a local port towards another
// destination port), then N client connections to it, accepts each (2N + 1 sockets), moves a few
// bytes both ways on each, prints
//
//   ready <pid>[,<pid>...] <sockets>
//
// on stdout and waits until stdin closes, then closes everything with a reset (SO_LINGER 0) so no
// TIME_WAIT sockets are left behind to change the next run's machine state.
//
// File descriptors: it needs about 2N + 100. Raise the limit first (ulimit -n; the JVM lifts its
// soft limit to the hard limit by itself). When even the hard limit is too low (a container
// without CAP_SYS_RESOURCE cannot raise it: `ulimit -Hn` is the ceiling for every process), the
// connections are split over several processes, this one and workers it starts (the same program
// with --worker), each holding its own listener and both ends of its share of the connections
// (at most M = (limit - 256) / 2 each, or --per-process M). Then "ready" lists every pid,
// this one first.
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class LoopbackConnections {
    private static final int PER_LISTENER = 16_000;
    /** Descriptors left for the JVM itself (jars, epoll, pipes) in each process. */
    private static final int JVM_FDS = 256;
    private static final byte[] PING = "ping".getBytes();
    private static final byte[] PONG = "pong!".getBytes();

    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<SocketChannel> connections = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java LoopbackConnections.java N [--per-process M]");
            System.exit(2);
        }
        int n = Integer.parseInt(args[0]);
        if (args.length >= 2 && args[1].equals("--worker")) {
            runWorker(n);
            return;
        }
        int perProcess = args.length >= 3 && args[1].equals("--per-process")
                ? Integer.parseInt(args[2]) : (int) Math.max(1, (openFileLimit() - JVM_FDS) / 2);
        int processes = (n + perProcess - 1) / perProcess;
        if (processes > 64) {
            System.err.println("LoopbackConnections: " + n + " connections at " + perProcess
                    + " per process would take " + processes + " processes: raise ulimit -n");
            System.exit(1);
        }
        long start = System.nanoTime();
        // Workers first, so they connect while this process does its own share.
        List<Process> workers = new ArrayList<>();
        int share = (n + Math.max(processes, 1) - 1) / Math.max(processes, 1);
        int mine = n - share * (Math.max(processes, 1) - 1);
        for (int i = 1; i < processes; i++) {
            workers.add(startWorker(share));
        }
        LoopbackConnections self = new LoopbackConnections();
        self.open(mine);
        StringBuilder pids = new StringBuilder(Long.toString(ProcessHandle.current().pid()));
        long sockets = self.sockets();
        for (Process w : workers) {
            String line = new BufferedReader(new InputStreamReader(w.getInputStream())).readLine();
            if (line == null || !line.startsWith("ready ")) {
                System.err.println("LoopbackConnections: a worker failed (" + line + ")");
                workers.forEach(Process::destroy);
                System.exit(1);
            }
            String[] f = line.split(" ");
            pids.append(',').append(f[1]);
            sockets += Long.parseLong(f[2]);
        }
        System.err.printf("LoopbackConnections: %d connections, %d sockets, in %d process(es) in %d ms%n",
                n, sockets, processes, (System.nanoTime() - start) / 1_000_000);
        System.out.println("ready " + pids + " " + sockets);
        System.out.flush();
        waitForStdinToClose();
        for (Process w : workers) {
            w.getOutputStream().close(); // their stdin: they close their sockets and exit
        }
        self.close();
        for (Process w : workers) {
            w.waitFor();
        }
    }

    private static void runWorker(int n) throws IOException {
        LoopbackConnections self = new LoopbackConnections();
        self.open(n);
        System.out.println("ready " + ProcessHandle.current().pid() + " " + self.sockets());
        System.out.flush();
        waitForStdinToClose();
        self.close();
    }

    private static Process startWorker(int n) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String source = Path.of(LoopbackConnections.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", source, Integer.toString(n),
                "--worker")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** The soft RLIMIT_NOFILE of this process (which the JVM has already raised to the hard one). */
    private static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Integer.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return 1024;
    }

    private static void waitForStdinToClose() throws IOException {
        byte[] buf = new byte[256];
        while (System.in.read(buf) >= 0) {
            // discard
        }
    }

    private long sockets() {
        return listeners.size() + connections.size();
    }

    private void open(int n) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < Math.max(1, (n + PER_LISTENER - 1) / PER_LISTENER); i++) {
            ServerSocketChannel l = ServerSocketChannel.open();
            l.bind(new InetSocketAddress(loopback, 0), 4096);
            listeners.add(l);
        }
        ByteBuffer ping = ByteBuffer.allocate(PING.length);
        ByteBuffer pong = ByteBuffer.allocate(PONG.length);
        try {
            for (int i = 0; i < n; i++) {
                ServerSocketChannel l = listeners.get(i % listeners.size());
                SocketChannel client = SocketChannel.open();
                connections.add(client);
                client.setOption(StandardSocketOptions.SO_LINGER, 0);
                client.connect(l.getLocalAddress()); // blocking: returns once the handshake is done
                SocketChannel server = l.accept();
                connections.add(server);
                server.setOption(StandardSocketOptions.SO_LINGER, 0);
                // A few bytes each way, so every connection has sent and received something.
                client.write(ByteBuffer.wrap(PING));
                readFully(server, ping.clear());
                server.write(ByteBuffer.wrap(PONG));
                readFully(client, pong.clear());
            }
        } catch (IOException e) {
            System.err.println("LoopbackConnections: pid " + ProcessHandle.current().pid() + " failed after "
                    + connections.size() / 2 + " of " + n + " connections: " + e
                    + " (raise ulimit -n? ephemeral ports: /proc/sys/net/ipv4/ip_local_port_range)");
            System.exit(1);
        }
    }

    private void close() throws IOException {
        for (SocketChannel c : connections) {
            c.close();
        }
        for (ServerSocketChannel l : listeners) {
            l.close();
        }
    }

    private static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new IOException("connection closed early");
            }
        }
    }
}
