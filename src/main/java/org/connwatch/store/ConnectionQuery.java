package org.connwatch.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Which connections of the history to return, newest (by last seen) first. Text criteria are
 * case-insensitive substrings; null or empty means "any".
 *
 * @param from     connections seen at or after this time (their life overlaps [from, to))
 * @param to       ... and before this time
 * @param program  the process name or executable path contains this
 * @param host     the local host (device name, MAC or address) contains this
 * @param remote   the remote address or its DNS/TLS/HTTP name contains this
 * @param finding  only connections a finding of this detector id was about
 * @param openOnly only connections not yet closed
 * @param limit    at most this many (1..100,000)
 */
public record ConnectionQuery(Instant from, Instant to, String program, String host, String remote, String finding,
                              boolean openOnly, int limit) {

    /** The largest page a query may ask for. */
    public static final int MAX_LIMIT = 100_000;

    public ConnectionQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the time range is empty: " + from + " .. " + to);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ": " + limit);
        }
    }
}
