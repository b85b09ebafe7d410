package org.connwatch.monitor;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the ids of tracked connections (or findings), continuing after the largest one the history
 * holds, so ids only grow, also across restarts. Thread-safe.
 */
final class IdSequence {
    private final long start;
    private final AtomicLong last;

    IdSequence(long lastUsed) {
        if (lastUsed < 0) {
            throw new IllegalArgumentException("the last id must not be negative: " + lastUsed);
        }
        this.start = lastUsed;
        this.last = new AtomicLong(lastUsed);
    }

    long next() {
        return last.incrementAndGet();
    }

    /** How many ids were handed out since start. */
    long issued() {
        return last.get() - start;
    }
}
