package org.connwatch.detect.peak;

import org.connwatch.records.Connection;

/**
 * The connections of one program to one remote end that carried part of a peak.
 *
 * @param example     one of them (the largest), for naming the program and the remote end
 * @param bytes       the bytes they moved within the peak
 * @param connections how many connections
 */
record Carrier(Connection example, long bytes, int connections) {

    /** The same carrier with one more connection that moved {@code more} bytes. */
    Carrier plus(long more) {
        return new Carrier(example, bytes + more, connections + 1);
    }
}
