package org.connwatch.enrich;

import java.net.InetAddress;
import org.connwatch.records.Owner;

/**
 * Who owns an address, as the installed IP databases say. Implementations must be thread-safe and fast
 * (microseconds): they run for every record.
 */
@FunctionalInterface
public interface OwnerLookup {

    /** No databases: nothing is known about any address. */
    OwnerLookup NONE = address -> null;

    /** What the databases know of {@code address}, or null when none of them has it. */
    Owner owner(InetAddress address);
}
