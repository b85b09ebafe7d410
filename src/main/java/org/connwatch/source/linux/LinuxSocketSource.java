package org.connwatch.source.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.connwatch.records.Connection;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Transport;
import org.connwatch.source.Snapshot;
import org.connwatch.source.SnapshotSource;

/**
 * Every TCP and UDP socket of this Linux machine (its current network namespace), each with the
 * process that holds it.
 *
 * <p>The socket tables are read through netlink sock_diag when the kernel allows it, else from
 * /proc/net ({@link #description()} says which and why). Each snapshot scans /proc on its own
 * thread while the calling thread reads the socket tables. Not thread-safe; see
 * {@link SnapshotSource}.
 */
public final class LinuxSocketSource implements SnapshotSource {

    /** Which reader to use. */
    public enum Mechanism { AUTO, NETLINK, PROCFS }

    /**
     * How to build the source.
     *
     * @param mechanism   netlink, /proc/net, or the best available
     * @param hashes      compute the SHA-256 of each program's executable
     * @param proc        the proc file system, normally {@code /proc}
     * @param passwd      the user database, normally {@code /etc/passwd}
     * @param clock       the time stamped on each snapshot
     */
    public record Options(Mechanism mechanism, boolean hashes, Path proc, Path passwd, Clock clock) {
        public static Options defaults() {
            return new Options(Mechanism.AUTO, false, Path.of("/proc"), Path.of("/etc/passwd"), Clock.systemUTC());
        }

        public Options withMechanism(Mechanism m) {
            return new Options(m, hashes, proc, passwd, clock);
        }

        public Options withHashes(boolean h) {
            return new Options(mechanism, h, proc, passwd, clock);
        }
    }

    private final SocketTableReader reader;
    private final ProcessTable processes;
    /** Runs the /proc scan beside the socket-table read; one daemon thread, ended by close(). */
    private final ExecutorService scanner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "connwatch-proc-scan");
        t.setDaemon(true);
        return t;
    });
    private final Options options;
    private final String description;

    private LinuxSocketSource(SocketTableReader reader, String description, Options options) {
        this.reader = reader;
        this.description = description;
        this.options = options;
        ExecutableHasher hasher = new ExecutableHasher();
        ProcessReader processReader = new ProcessReader(options.proc(), BootClock.read(options.proc()),
                new UserNames(options.passwd()), hasher);
        this.processes = new ProcessTable(options.proc(), processReader);
    }

    /**
     * Opens the source, choosing netlink when allowed and falling back to /proc/net.
     *
     * @throws IOException when the chosen mechanism is refused (for AUTO: when neither works)
     */
    public static LinuxSocketSource open(Options options) throws IOException {
        Path procNet = options.proc().resolve("net");
        if (options.mechanism() == Mechanism.PROCFS) {
            return new LinuxSocketSource(new ProcNetReader(procNet), "/proc/net (chosen)", options);
        }
        try {
            NetlinkSockDiag netlink = NetlinkSockDiag.open();
            return new LinuxSocketSource(new NetlinkReader(netlink, procNet), "netlink sock_diag", options);
        } catch (IOException e) {
            if (options.mechanism() == Mechanism.NETLINK) {
                throw e;
            }
            return new LinuxSocketSource(new ProcNetReader(procNet),
                    "/proc/net, because " + e.getMessage() + " (no byte counts)", options);
        }
    }

    @Override
    public Snapshot snapshot() throws IOException {
        Instant now = options.clock().instant();
        List<Connection> sockets = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        // The /proc scan does not depend on the socket table: run it while the kernel dumps sockets.
        Future<?> scan = scanner.submit(() -> {
            processes.refresh();
            return null;
        });
        try {
            reader.read(Transport.TCP, now, sockets::add, notices);
            reader.read(Transport.UDP, now, sockets::add, notices);
        } finally {
            awaitScan(scan);
        }

        Set<Long> inodes = new HashSet<>();
        for (Connection c : sockets) {
            if (c.socket() != null && c.socket().inode() != 0) {
                inodes.add(c.socket().inode());
            }
        }
        ProcessTable.Result owners = processes.owners(inodes, options.hashes());
        Map<Long, ProcessInfo> byInode = owners.owners();
        List<Connection> out = new ArrayList<>(sockets.size());
        int unknown = 0;
        for (Connection c : sockets) {
            ProcessInfo p = c.socket() == null ? null : byInode.get(c.socket().inode());
            if (p == null && c.socket() != null && c.socket().inode() != 0) {
                unknown++;
            }
            out.add(p == null ? c : c.withProcess(p));
        }
        if (owners.deniedPids() > 0 && unknown > 0) {
            notices.add("the program of " + unknown + " socket(s) is unknown: this user may not read the open files of "
                    + owners.deniedPids() + " other process(es); run as root (or with CAP_SYS_PTRACE and "
                    + "CAP_DAC_READ_SEARCH) to see them");
        }
        return new Snapshot(now, out, notices);
    }

    private static void awaitScan(Future<?> scan) throws IOException {
        try {
            scan.get();
        } catch (InterruptedException e) {
            scan.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading /proc", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        scanner.shutdownNow();
        reader.close();
    }
}
