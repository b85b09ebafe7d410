package org.connwatch.source;

import java.io.IOException;

/**
 * A source that can list every connection it knows of at one moment (the machine's socket table,
 * for example).
 *
 * <p>Lifecycle: open it, call {@link #snapshot()} as often as needed, close it. A source keeps
 * caches between snapshots (which process owns which socket, executable hashes) so that a second
 * snapshot costs less than the first. Not thread-safe: one thread at a time may call
 * {@code snapshot()}.
 */
public interface SnapshotSource extends AutoCloseable {

    /** Reads every connection now. */
    Snapshot snapshot() throws IOException;

    /** One line saying which mechanism this source uses and, if it fell back, why. */
    String description();

    @Override
    void close();
}
