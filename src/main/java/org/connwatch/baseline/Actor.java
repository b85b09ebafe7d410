package org.connwatch.baseline;

import java.util.Objects;
import java.util.Optional;
import org.connwatch.records.Connection;
import org.connwatch.records.ProcessInfo;

/**
 * Who makes a connection, as the baseline keys it: a program (its executable path, else its
 * process name) on a host (the local address), or the host alone when the program is unknown, as
 * in a Zeek conn.log.
 *
 * @param program the executable path or process name, null for a host-only actor
 * @param host    the local address as text
 */
public record Actor(String program, String host) {

    public Actor {
        Objects.requireNonNull(host, "host");
        if (program != null && program.isBlank()) {
            throw new IllegalArgumentException("a program name must not be blank");
        }
    }

    /** The actor behind a connection. */
    public static Actor of(Connection c) {
        return new Actor(programOf(c.process()), c.local().ip());
    }

    /** The executable path, else the process name, else null. */
    static String programOf(ProcessInfo p) {
        if (p == null) {
            return null;
        }
        if (p.executable() != null && !p.executable().isBlank()) {
            return p.executable();
        }
        return p.name().isBlank() ? null : p.name();
    }

    /** The program, when the actor has one. */
    public Optional<String> programName() {
        return Optional.ofNullable(program);
    }

    /** {@code /usr/bin/curl on 10.0.0.5}, or {@code host 10.0.0.5}. */
    @Override
    public String toString() {
        return program == null ? "host " + host : program + " on " + host;
    }
}
