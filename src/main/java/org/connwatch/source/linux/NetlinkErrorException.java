package org.connwatch.source.linux;

import java.io.IOException;

/** The kernel refused a netlink request; {@link #errno()} says why (ENOENT: the protocol has no diag module). */
public final class NetlinkErrorException extends IOException {
    private final int errno;

    public NetlinkErrorException(int errno) {
        super("netlink error " + errno + " (" + Libc.strerror(errno) + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
