package org.connwatch.source.linux;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;

/**
 * Reads the socket tables from {@code /proc/net/{tcp,tcp6,udp,udp6}}: the fallback for when
 * netlink is refused. It sees the same sockets but no byte counts. Malformed lines are counted and
 * skipped, with the first one quoted in a notice.
 */
final class ProcNetReader implements SocketTableReader {
    private final Path netDir;
    private final ProcNetParser parser = new ProcNetParser();

    /** @param netDir the folder holding the tables, normally {@code /proc/net} (this network namespace) */
    ProcNetReader(Path netDir) {
        this.netDir = netDir;
    }

    @Override
    public void read(Transport transport, Instant now, Consumer<Connection> sink, List<String> notices)
            throws IOException {
        String base = switch (transport) {
            case TCP -> "tcp";
            case UDP -> "udp";
            default -> throw new IllegalArgumentException("/proc/net has no table for " + transport.label());
        };
        read(netDir.resolve(base), transport, now, sink, notices);
        read(netDir.resolve(base + "6"), transport, now, sink, notices);
    }

    private void read(Path file, Transport transport, Instant now, Consumer<Connection> sink, List<String> notices)
            throws IOException {
        int bad = 0;
        String firstError = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String header = in.readLine();
            if (header == null) {
                return;
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    sink.accept(parser.parse(line, transport, now));
                } catch (MalformedSocketDataException e) {
                    bad++;
                    if (firstError == null) {
                        firstError = e.getMessage();
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // A kernel without IPv6 has no tcp6/udp6 table: nothing to read, nothing wrong.
            return;
        }
        if (bad > 0) {
            notices.add("skipped " + bad + " unreadable line(s) of " + file + "; the first: " + firstError);
        }
    }

    @Override
    public String name() {
        return "/proc/net";
    }

    @Override
    public void close() {
        // Nothing held open between reads.
    }
}
