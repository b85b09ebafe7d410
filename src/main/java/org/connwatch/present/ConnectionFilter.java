package org.connwatch.present;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.connwatch.records.AddressClass;
import org.connwatch.records.Cidr;
import org.connwatch.records.Connection;
import org.connwatch.records.ConnectionState;
import org.connwatch.records.Direction;
import org.connwatch.records.ProcessInfo;
import org.connwatch.records.Transport;

/**
 * Which connections to show. Every criterion left empty matches everything; the criteria that are
 * set must all match.
 *
 * @param transports   allowed transports (empty: all)
 * @param listeningOnly only listening sockets (TCP LISTEN, unconnected UDP)
 * @param established  only established connections
 * @param process      program name, executable file name or pid (case-insensitive substring of the
 *                     name or executable file name; exact for a pid); null for any
 * @param ports        local or remote port must be one of these (empty: any)
 * @param remotes      the remote address must lie in one of these blocks (empty: any)
 * @param publicOnly   the remote address must be public
 */
public record ConnectionFilter(Set<Transport> transports, boolean listeningOnly, boolean established,
                               String process, Set<Integer> ports, List<Cidr> remotes, boolean publicOnly)
        implements Predicate<Connection> {

    public ConnectionFilter {
        transports = Set.copyOf(transports);
        ports = Set.copyOf(ports);
        remotes = List.copyOf(remotes);
        process = process == null || process.isBlank() ? null : process.strip().toLowerCase(Locale.ROOT);
    }

    /** A filter that lets everything through. */
    public static ConnectionFilter all() {
        return new ConnectionFilter(Set.of(), false, false, null, Set.of(), List.of(), false);
    }

    @Override
    public boolean test(Connection c) {
        if (!transports.isEmpty() && !transports.contains(c.transport())) {
            return false;
        }
        // By direction, not state: a flow seen one way (a capture, a conn.log) can be UNCONN without listening.
        if (listeningOnly && c.direction() != Direction.LISTENING) {
            return false;
        }
        if (established && c.state() != ConnectionState.ESTABLISHED) {
            return false;
        }
        if (process != null && !matchesProcess(c.process())) {
            return false;
        }
        if (!ports.isEmpty() && !ports.contains(c.local().port())
                && !(ports.contains(c.remote().port()) && !c.remote().isWildcard())) {
            return false;
        }
        if (!remotes.isEmpty() && (c.remote().isWildcard()
                || remotes.stream().noneMatch(r -> r.contains(c.remote().address())))) {
            return false;
        }
        return !publicOnly || c.enrichment().remoteClass() == AddressClass.PUBLIC;
    }

    private boolean matchesProcess(ProcessInfo p) {
        if (p == null) {
            return false;
        }
        if (process.chars().allMatch(Character::isDigit)) {
            return process.equals(Integer.toString(p.pid()));
        }
        if (p.name().toLowerCase(Locale.ROOT).contains(process)) {
            return true;
        }
        if (p.executable() == null) {
            return false;
        }
        Path file = Path.of(p.executable()).getFileName();
        return file != null && file.toString().toLowerCase(Locale.ROOT).contains(process);
    }
}
