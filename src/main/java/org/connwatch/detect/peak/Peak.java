package org.connwatch.detect.peak;

import java.time.Instant;

/**
 * A run of consecutive peak hours of one host and one flow.
 *
 * @param host        the local host's address
 * @param flow        sent or received
 * @param start       the start of the first hour
 * @param end         the end of the last hour
 * @param hours       how many hours
 * @param volume      the bytes moved in them
 * @param usual       the sum of their usual volumes
 * @param kind        the weakest baseline among them
 * @param comparable  the fewest comparable hours behind a baseline of that kind
 */
record Peak(String host, Flow flow, Instant start, Instant end, int hours, long volume, long usual,
            Baseline.Kind kind, int comparable) {

    /** The volume over the usual one; infinite when the usual volume is zero. */
    double ratio() {
        return usual == 0 ? Double.POSITIVE_INFINITY : volume / (double) usual;
    }
}
