package org.connwatch.source.linux;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.connwatch.records.Connection;
import org.connwatch.records.Transport;

/**
 * Reads the socket tables through netlink sock_diag, with tcp_info for every TCP socket. When the
 * kernel has no diag module for a protocol (ENOENT, typically {@code udp_diag} not loaded), that
 * protocol is read from /proc/net instead and a notice says so.
 */
final class NetlinkReader implements SocketTableReader {
    private static final int ENOENT = 2;

    private final ProcNetReader fallback;
    private NetlinkSockDiag netlink;

    NetlinkReader(NetlinkSockDiag netlink, Path procNet) {
        this.netlink = netlink;
        this.fallback = new ProcNetReader(procNet);
    }

    @Override
    public void read(Transport transport, Instant now, Consumer<Connection> sink, List<String> notices)
            throws IOException {
        int interrupted = 0;
        int skipped = 0;
        for (int family : new int[] {Libc.AF_INET, Libc.AF_INET6}) {
            try {
                SockDiagParser.Counters c = netlink.dump(family, transport, now, sink);
                skipped += c.skipped();
                interrupted += c.interrupted() ? 1 : 0;
            } catch (NetlinkErrorException e) {
                if (e.errno() != ENOENT) {
                    throw e;
                }
                if (family == Libc.AF_INET) {
                    notices.add("the kernel has no netlink diag module for " + transport.label()
                            + " (modprobe " + transport.label() + "_diag); read " + transport.label()
                            + " sockets from /proc/net, without byte counts");
                    fallback.read(transport, now, sink, notices);
                    return;
                }
                // No IPv6 in this kernel: nothing to read.
            } catch (IOException | RuntimeException e) {
                // The socket may hold the rest of a broken dump: start the next read on a fresh one.
                netlink.close();
                netlink = NetlinkSockDiag.open();
                throw e;
            }
        }
        if (skipped > 0) {
            notices.add("skipped " + skipped + " " + transport.label() + " socket(s) of an unknown family or state");
        }
        if (interrupted > 0) {
            notices.add("the " + transport.label() + " socket table changed while it was read; a socket may be missing");
        }
    }

    @Override
    public String name() {
        return "netlink sock_diag";
    }

    @Override
    public void close() {
        netlink.close();
    }
}
