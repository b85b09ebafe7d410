package org.connwatch.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How much history the store keeps: records older than {@code maxAge} are deleted, and when the data
 * take more than {@code maxBytes} the oldest are deleted until they fit. Retention runs every
 * {@code retentionEvery} of the monitor's time (from {@link History#write}) and when asked
 * ({@link HistoryStore#retain}).
 *
 * @param maxAge         how long records are kept (default 30 days)
 * @param maxBytes       the most the database may hold, in bytes (default 8 GiB; at least 1 MiB)
 * @param retentionEvery how often retention runs during writes (default 10 minutes)
 */
public record StoreSettings(Duration maxAge, long maxBytes, Duration retentionEvery) {

    /** 30 days, 8 GiB, every 10 minutes. */
    public static final StoreSettings DEFAULTS = new StoreSettings(Duration.ofDays(30), 8L << 30,
            Duration.ofMinutes(10));

    public StoreSettings {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(retentionEvery, "retentionEvery");
        if (maxAge.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("the history must keep at least a minute: " + maxAge);
        }
        if (maxBytes < 1L << 20) {
            throw new IllegalArgumentException("the history's byte cap must be at least 1 MiB: " + maxBytes);
        }
        if (retentionEvery.isNegative() || retentionEvery.isZero()) {
            throw new IllegalArgumentException("retention must run every positive duration: " + retentionEvery);
        }
    }

    /** The same with another age limit. */
    public StoreSettings withMaxAge(Duration newMaxAge) {
        return new StoreSettings(newMaxAge, maxBytes, retentionEvery);
    }

    /** The same with another byte cap. */
    public StoreSettings withMaxBytes(long newMaxBytes) {
        return new StoreSettings(maxAge, newMaxBytes, retentionEvery);
    }
}
