package org.connwatch.store;

import java.time.Instant;

/** Bytes moved in one time step of a traffic chart, counted from this machine (or the observed network). */
public record TrafficBucket(Instant start, long bytesSent, long bytesReceived) {
}
