package org.connwatch.policy;

import java.util.List;
import java.util.stream.Collectors;
import org.connwatch.records.Transport;

/**
 * The ports a role may use or accept: every port ({@link #ANY}), none ({@link #NONE}), or a list of ranges.
 *
 * @param any    true when every port is allowed (the ranges are then empty)
 * @param ranges the allowed ports otherwise
 */
public record PortSet(boolean any, List<PortRange> ranges) {
    /** Every port. */
    public static final PortSet ANY = new PortSet(true, List.of());
    /** No port. */
    public static final PortSet NONE = new PortSet(false, List.of());

    public PortSet {
        ranges = any ? List.of() : List.copyOf(ranges);
    }

    /** Exactly these ranges. */
    public static PortSet of(List<PortRange> ranges) {
        return new PortSet(false, ranges);
    }

    /** Exactly these ranges. */
    public static PortSet of(PortRange... ranges) {
        return new PortSet(false, List.of(ranges));
    }

    /** True when the port on this transport is in the set. */
    public boolean contains(Transport transport, int port) {
        return any || ranges.stream().anyMatch(r -> r.contains(transport, port));
    }

    /** True when nothing is allowed. */
    public boolean isEmpty() {
        return !any && ranges.isEmpty();
    }

    @Override
    public String toString() {
        return any ? "any" : ranges.isEmpty() ? "none"
                : ranges.stream().map(PortRange::toString).collect(Collectors.joining(", "));
    }
}
