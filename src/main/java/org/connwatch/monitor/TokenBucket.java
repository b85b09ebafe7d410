package org.connwatch.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * A token bucket: up to {@code capacity} at once, then one more every {@code refill}. Time is given, not
 * read, so a test (or a replay) drives it. Not thread-safe.
 */
final class TokenBucket {
    private final int capacity;
    private final long refillNanos;
    private double tokens;
    private Instant last;

    TokenBucket(int capacity, Duration refill) {
        if (capacity < 1 || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("a bucket needs a capacity and a refill time: " + capacity + ", " + refill);
        }
        this.capacity = capacity;
        this.refillNanos = refill.toNanos();
        this.tokens = capacity;
    }

    /** True, taking a token, when one is there at {@code now}. */
    boolean tryTake(Instant now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** True when a token is there at {@code now}, without taking it. */
    boolean available(Instant now) {
        refill(now);
        return tokens >= 1;
    }

    private void refill(Instant now) {
        if (last != null && now.isAfter(last)) {
            long nanos = Duration.between(last, now).toNanos();
            tokens = Math.min(capacity, tokens + (double) nanos / refillNanos);
        }
        if (last == null || now.isAfter(last)) {
            last = now;
        }
    }
}
