package org.connwatch.source.linux;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;

/**
 * One way of reading the kernel's TCP and UDP socket tables (netlink, or the /proc/net files).
 * Not thread-safe; close it when done.
 */
interface SocketTableReader extends AutoCloseable {

    /**
     * Reads every IPv4 and IPv6 socket of one transport.
     *
     * @param notices collects one line for anything the user should know (skipped lines, a fallback)
     */
    void read(Transport transport, Instant now, Consumer<Connection> sink, List<String> notices) throws IOException;

    /** The mechanism, for messages: "netlink sock_diag" or "/proc/net". */
    String name();

    @Override
    void close();
}
