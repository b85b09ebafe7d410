package org.connwatch.act.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket on a given clock: full at start, one token taken per alert, one token back per
 * {@code refill} up to the capacity. A clock that goes back refills nothing. Not thread-safe.
 */
final class TokenBucket {
    private final int capacity;
    private final Duration refill;
    private long tokens;
    private Instant refilledUpTo;

    TokenBucket(int capacity, Duration refill, Instant start) {
        this.capacity = capacity;
        this.refill = refill;
        this.tokens = capacity;
        this.refilledUpTo = start;
    }

    /** Takes a token when there is one. */
    boolean tryTake(Instant now) {
        if (!available(now)) {
            return false;
        }
        tokens--;
        return true;
    }

    /** True when a token is there to take. */
    boolean available(Instant now) {
        refill(now);
        return tokens > 0;
    }

    private void refill(Instant now) {
        if (!now.isAfter(refilledUpTo)) {
            return;
        }
        if (tokens >= capacity) {
            refilledUpTo = now; // a full bucket does not save up time
            return;
        }
        long periods = Duration.between(refilledUpTo, now).dividedBy(refill);
        if (periods <= 0) {
            return;
        }
        long room = capacity - tokens;
        if (periods >= room) {
            tokens = capacity;
            refilledUpTo = now;
        } else {
            tokens += periods;
            refilledUpTo = refilledUpTo.plus(refill.multipliedBy(periods));
        }
    }
}
