package org.connwatch.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Finds the host name of one address (a reverse DNS lookup); may block, must be thread-safe. */
@FunctionalInterface
public interface HostNameLookup {

    /** The name of the address; null, or the address literal itself, when it has none. */
    String hostName(InetAddress address);

    /**
     * The system resolver: {@link InetAddress#getCanonicalHostName()} on a fresh address, which asks
     * for the PTR name and keeps it only when that name resolves back to the address.
     */
    static HostNameLookup system() {
        return address -> {
            try {
                return InetAddress.getByAddress(address.getAddress()).getCanonicalHostName();
            } catch (UnknownHostException impossible) {
                return null; // only thrown for a byte array of the wrong length
            }
        };
    }
}
