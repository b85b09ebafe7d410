package org.connwatch.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Bytes one connection moved since the previous observation of it (one poll, or its close).
 *
 * @param connectionId  the {@link TrackedConnection#id()}
 * @param at            when the bytes were counted (the poll's time)
 * @param bytesSent     bytes that left the local end since the last observation, never negative
 * @param bytesReceived bytes that arrived at the local end since the last observation, never negative
 */
public record TrafficDelta(long connectionId, Instant at, long bytesSent, long bytesReceived) {

    public TrafficDelta {
        Objects.requireNonNull(at, "at");
        if (bytesSent < 0 || bytesReceived < 0) {
            throw new IllegalArgumentException("a delta is never negative: " + bytesSent + "/" + bytesReceived);
        }
    }
}
