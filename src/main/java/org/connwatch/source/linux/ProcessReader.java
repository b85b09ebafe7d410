package org.connwatch.source.linux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.connwatch.records.ProcessInfo;

/**
 * Reads what {@code /proc/PID} says about one process: its stat line, executable, command line and
 * owner. Each method returns null (or an empty value) when the process is gone or hidden, never
 * throws for that. Not thread-safe (the user-name table is shared).
 */
final class ProcessReader {
    /** Command lines are cut here: a hostile process may have megabytes of arguments. */
    static final int MAX_COMMAND_LINE = 8192;
    private static final String DELETED = " (deleted)";

    private final Path proc;
    private final BootClock bootClock;
    private final UserNames users;
    private final ExecutableHasher hasher;

    ProcessReader(Path proc, BootClock bootClock, UserNames users, ExecutableHasher hasher) {
        this.proc = proc;
        this.bootClock = bootClock;
        this.users = users;
        this.hasher = hasher;
    }

    /** The stat line of a pid, or null when the process is gone or the line does not parse. */
    ProcStat stat(int pid) {
        try {
            return ProcStat.parse(Files.readString(proc.resolve(Integer.toString(pid)).resolve("stat"),
                    StandardCharsets.ISO_8859_1));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Everything about a process; {@code withHash} also hashes its executable (cached by file). */
    ProcessInfo info(int pid, ProcStat stat, boolean withHash) {
        Path dir = proc.resolve(Integer.toString(pid));
        String executable = null;
        boolean deleted = false;
        try {
            executable = Files.readSymbolicLink(dir.resolve("exe")).toString();
            if (executable.endsWith(DELETED)) {
                // The kernel marks an executable unlinked (or replaced) since the process started.
                deleted = !Files.exists(Path.of(executable));
                if (deleted) {
                    executable = executable.substring(0, executable.length() - DELETED.length());
                }
            }
        } catch (IOException | SecurityException e) {
            executable = null; // a kernel thread, or another user's process without the privilege
        }
        int uid = -1;
        try {
            uid = (Integer) Files.getAttribute(dir, "unix:uid");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            uid = -1;
        }
        String hash = withHash && executable != null ? hasher.hash(dir.resolve("exe")) : null;
        return new ProcessInfo(pid, Math.max(0, stat.parentPid()), stat.name(), executable, deleted,
                commandLine(dir), uid, uid != -1 ? users.name(uid) : null, bootClock.at(stat.startTicks()), hash);
    }

    /** The executable's hash for a process already known, or null. */
    String hash(int pid) {
        return hasher.hash(proc.resolve(Integer.toString(pid)).resolve("exe"));
    }

    private static String commandLine(Path dir) {
        byte[] raw;
        try (InputStream in = Files.newInputStream(dir.resolve("cmdline"))) {
            raw = in.readNBytes(MAX_COMMAND_LINE + 1);
        } catch (IOException | SecurityException e) {
            return "";
        }
        int len = Math.min(raw.length, MAX_COMMAND_LINE);
        while (len > 0 && raw[len - 1] == 0) {
            len--;
        }
        for (int i = 0; i < len; i++) {
            if (raw[i] == 0) {
                raw[i] = ' ';
            }
        }
        String text = new String(raw, 0, len, StandardCharsets.UTF_8);
        return raw.length > MAX_COMMAND_LINE ? text + "..." : text;
    }
}
