package org.connwatch.source.linux;

import java.io.IOException;

/** Socket-table data from the kernel (netlink messages, a /proc/net file) that does not parse. */
public final class MalformedSocketDataException extends IOException {
    public MalformedSocketDataException(String message) {
        super(message);
    }
}
