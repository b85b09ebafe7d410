package org.connwatch.records;

import java.time.Instant;
import java.util.Objects;

/**
 * The program behind a connection, as it was when the connection was seen ({@code process.*},
 * {@code user.*}).
 *
 * @param pid               process id ({@code process.pid})
 * @param parentPid         parent process id, 0 when unknown ({@code process.parent.pid})
 * @param name              short name, the kernel's {@code comm} ({@code process.name})
 * @param executable        path of the executable, null when it cannot be read ({@code process.executable})
 * @param executableDeleted true when the executable file was deleted or replaced while running
 * @param commandLine       the arguments joined by spaces, possibly cut short ({@code process.command_line})
 * @param uid               numeric user id, -1 when unknown ({@code user.id})
 * @param userName          user name, or the uid as text when it has no name ({@code user.name})
 * @param start             when the process started, null when unknown ({@code process.start})
 * @param sha256            hex SHA-256 of the executable, null when not computed or unreadable
 */
public record ProcessInfo(int pid, int parentPid, String name, String executable, boolean executableDeleted,
                          String commandLine, int uid, String userName, Instant start, String sha256) {

    public ProcessInfo {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        if (parentPid < 0) {
            throw new IllegalArgumentException("parent pid must not be negative: " + parentPid);
        }
        Objects.requireNonNull(name, "name");
        commandLine = commandLine == null ? "" : commandLine;
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
        }
    }

    /** The same process with the executable's hash filled in. */
    public ProcessInfo withSha256(String hash) {
        return new ProcessInfo(pid, parentPid, name, executable, executableDeleted, commandLine, uid, userName,
                start, hash);
    }
}
