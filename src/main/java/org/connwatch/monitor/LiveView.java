package org.connwatch.monitor;

import java.util.List;
import org.connwatch.store.TrackedConnection;

/** What the monitor holds in memory right now, for the live table and counts. Thread-safe. */
public interface LiveView {

    /** The connections open as of the last poll, enriched as {@code connwatch ls} shows them. */
    List<TrackedConnection> open();

    /** How the monitor is doing. */
    MonitorStatus status();
}
