package org.connwatch.source.linux;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.connwatch.records.ProcessInfo;

/**
 * Finds the process that holds each socket, by the socket's inode, from {@code /proc/PID/fd}.
 *
 * <p>Incremental: a process whose start time and open-file count (the size the kernel reports
 * for {@code /proc/PID/fd}) have not changed since the last call keeps its known sockets and its
 * descriptors are not read again. Only when a wanted socket is still unexplained are the other
 * processes' descriptors re-read (a process may have closed one socket and opened another), and a
 * socket no process explains even then (another pid namespace, a kernel socket) is remembered as
 * ownerless until it disappears, so it does not cause a full scan each time.
 *
 * <p>When several processes hold one socket (after a fork), the lowest pid is reported. Not
 * thread-safe: calls must not overlap, though {@link #refresh()} may run on a different thread
 * from {@link #owners} (the caller orders them, e.g. by joining a future).
 */
final class ProcessTable {
    private static final long[] NONE = new long[0];

    /** What is known about one live process. */
    private static final class Entry {
        final long startTicks;
        final ProcStat stat;
        long fdCount;
        long[] socketInodes = NONE;
        boolean denied;
        ProcessInfo info;

        Entry(ProcStat stat) {
            this.stat = stat;
            this.startTicks = stat.startTicks();
        }
    }

    /**
     * The outcome of one attribution.
     *
     * @param owners       the process of each wanted inode that has one
     * @param deniedPids   processes whose descriptors this user may not read
     * @param fdDirsRead   how many {@code /proc/PID/fd} folders were listed this time
     */
    record Result(Map<Long, ProcessInfo> owners, int deniedPids, int fdDirsRead) {
    }

    private final Path proc;
    private final ProcessReader reader;
    private final boolean kernelCountsFds;
    /** Below this many descriptors to read, threads cost more than they save. */
    private static final long PARALLEL_ABOVE_DESCRIPTORS = 4_000;

    private final Map<Integer, Entry> entries = new HashMap<>();
    private final Set<Integer> fresh = new HashSet<>();
    private final AtomicInteger fdDirsRead = new AtomicInteger();
    private Set<Long> ownerless = Set.of();

    ProcessTable(Path proc, ProcessReader reader) {
        this.proc = proc;
        this.reader = reader;
        // Before Linux 6.2 the fd folder's size is 0: then every process's descriptors are read each time.
        this.kernelCountsFds = fdCount(proc.resolve("self").resolve("fd")) > 0;
    }

    /** Finds the owners of the given socket inodes; {@code withHash} fills in executable hashes. */
    Result attribute(Set<Long> wanted, boolean withHash) throws IOException {
        refresh();
        return owners(wanted, withHash);
    }

    /**
     * Reads what changed in /proc since the last call: new and changed processes' descriptors,
     * on several threads when there are many. Independent of the socket table, so a caller may
     * run it while it reads the sockets; it must not overlap another call on this table.
     */
    void refresh() throws IOException {
        fdDirsRead.set(0);
        fresh.clear();
        Set<Integer> alive = new HashSet<>();
        List<Map.Entry<Integer, Entry>> toRead = new ArrayList<>();
        for (int pid : listPids()) {
            ProcStat stat = reader.stat(pid);
            if (stat == null) {
                continue; // exited while we looked
            }
            alive.add(pid);
            long count = kernelCountsFds ? fdCount(fdDir(pid)) : -1;
            Entry e = entries.get(pid);
            if (e == null || e.startTicks != stat.startTicks() || !e.stat.name().equals(stat.name())) {
                e = new Entry(stat);
                entries.put(pid, e);
            } else if (count == e.fdCount && count >= 0) {
                continue; // unchanged: keep the sockets we know
            }
            e.fdCount = count;
            toRead.add(Map.entry(pid, e));
            fresh.add(pid);
        }
        entries.keySet().retainAll(alive);
        readAll(toRead);
    }

    /**
     * The owners of the wanted inodes from what {@link #refresh()} read; re-reads the other
     * processes only when a wanted socket is still unexplained.
     */
    Result owners(Set<Long> wanted, boolean withHash) {
        Map<Long, Integer> byInode = index();
        Set<Long> unexplained = unexplained(wanted, byInode);
        if (!unexplained.isEmpty()) {
            List<Map.Entry<Integer, Entry>> again = new ArrayList<>();
            for (Map.Entry<Integer, Entry> en : entries.entrySet()) {
                if (!fresh.contains(en.getKey()) && !en.getValue().denied) {
                    again.add(en);
                }
            }
            readAll(again);
            byInode = index();
            unexplained = unexplained(wanted, byInode);
        }
        Set<Long> stillOwnerless = new HashSet<>(unexplained);
        for (long inode : ownerless) {
            if (wanted.contains(inode)) {
                stillOwnerless.add(inode);
            }
        }
        ownerless = stillOwnerless;

        Map<Long, ProcessInfo> owners = new HashMap<>();
        for (long inode : wanted) {
            Integer pid = byInode.get(inode);
            if (pid != null) {
                owners.put(inode, info(pid, entries.get(pid), withHash));
            }
        }
        int denied = 0;
        for (Entry e : entries.values()) {
            denied += e.denied ? 1 : 0;
        }
        return new Result(owners, denied, fdDirsRead.get());
    }

    private ProcessInfo info(int pid, Entry e, boolean withHash) {
        if (e.info == null) {
            e.info = reader.info(pid, e.stat, withHash);
        } else if (withHash && e.info.sha256() == null && e.info.executable() != null) {
            String h = reader.hash(pid);
            if (h != null) {
                e.info = e.info.withSha256(h);
            }
        }
        return e.info;
    }

    private Set<Long> unexplained(Set<Long> wanted, Map<Long, Integer> byInode) {
        Set<Long> out = new HashSet<>();
        for (long inode : wanted) {
            if (inode != 0 && !byInode.containsKey(inode) && !ownerless.contains(inode)) {
                out.add(inode);
            }
        }
        return out;
    }

    private Map<Long, Integer> index() {
        Map<Long, Integer> byInode = new HashMap<>();
        for (Map.Entry<Integer, Entry> en : entries.entrySet()) {
            int pid = en.getKey();
            for (long inode : en.getValue().socketInodes) {
                byInode.merge(inode, pid, Math::min);
            }
        }
        return byInode;
    }

    /** Reads the sockets of these processes, spread over the cores when there are many descriptors. */
    private void readAll(List<Map.Entry<Integer, Entry>> toRead) {
        long work = 0;
        for (Map.Entry<Integer, Entry> en : toRead) {
            work += Math.max(1, en.getValue().fdCount);
        }
        if (work < PARALLEL_ABOVE_DESCRIPTORS) {
            toRead.forEach(en -> readSockets(en.getKey(), en.getValue()));
        } else {
            // Each task writes only its own Entry; the stream's completion publishes the writes.
            toRead.parallelStream().forEach(en -> readSockets(en.getKey(), en.getValue()));
        }
    }

    private void readSockets(int pid, Entry e) {
        List<Long> inodes = new ArrayList<>();
        fdDirsRead.incrementAndGet();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir(pid))) {
            for (Path fd : fds) {
                long inode = socketInode(fd);
                if (inode > 0) {
                    inodes.add(inode);
                }
            }
            e.denied = false;
        } catch (AccessDeniedException ex) {
            e.denied = true;
        } catch (IOException | SecurityException ex) {
            // Gone, or a zombie without descriptors: no sockets.
            e.denied = false;
        }
        long[] arr = new long[inodes.size()];
        for (int i = 0; i < arr.length; i++) {
            arr[i] = inodes.get(i);
        }
        e.socketInodes = arr;
    }

    /** The inode of a descriptor that is a socket ("socket:[12345]"), else 0. */
    private static long socketInode(Path fd) {
        String target;
        try {
            target = Files.readSymbolicLink(fd).toString();
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return 0;
        }
        if (!target.startsWith("socket:[") || !target.endsWith("]")) {
            return 0;
        }
        try {
            return Long.parseLong(target, 8, target.length() - 1, 10);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Path fdDir(int pid) {
        return proc.resolve(Integer.toString(pid)).resolve("fd");
    }

    /** The number of open descriptors, from the size of the fd folder (Linux 6.2+), or -1. */
    private static long fdCount(Path fdDir) {
        try {
            return Files.size(fdDir);
        } catch (IOException | SecurityException e) {
            return -1;
        }
    }

    private List<Integer> listPids() throws IOException {
        List<Integer> pids = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path p : dirs) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9') && name.length() < 10) {
                    pids.add(Integer.parseInt(name));
                }
            }
        } catch (NoSuchFileException e) {
            throw new IOException(proc + " is not mounted: cannot find which programs own the sockets", e);
        }
        return pids;
    }
}
