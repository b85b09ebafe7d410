package org.connwatch.store;

import java.time.Instant;

/**
 * The size of the history, for /metrics and the dashboard.
 *
 * @param connections rows of connections kept
 * @param findings    findings kept
 * @param bytesOnDisk the database files' size
 * @param oldest      the oldest record kept, null when empty
 */
public record StoreStats(long connections, long findings, long bytesOnDisk, Instant oldest) {
}
