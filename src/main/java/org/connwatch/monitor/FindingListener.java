package org.connwatch.monitor;

import org.connwatch.store.FindingState;

/**
 * Told about findings as the monitor raises them (alerts, the dashboard's live updates). Called on
 * the monitor's thread after the finding is in the history: implementations must return quickly
 * and never throw (a slow receiver queues or drops, and counts what it dropped).
 */
public interface FindingListener {

    /**
     * A finding was raised for the first time ({@code isNew}) or recurred; {@code state} is its
     * latest form (status, occurrences). The monitor's own rate limit has already let it through.
     */
    void changed(FindingState state, boolean isNew);
}
