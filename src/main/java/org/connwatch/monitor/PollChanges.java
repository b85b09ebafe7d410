package org.connwatch.monitor;

import java.util.List;
import org.connwatch.store.TrackedConnection;
import org.connwatch.store.TrafficDelta;

/**
 * What one poll changed in the connections a {@link ConnectionTracker} follows.
 *
 * @param changed    connections first seen, changed (bytes, state, process), refreshed or closed, each once in
 *                   its latest form
 * @param traffic    bytes each moved since its previous observation, one delta per connection, non-zero ones only
 * @param shortLived how many of the changed ones were seen only by a close event (opened and closed between polls)
 */
record PollChanges(List<TrackedConnection> changed, List<TrafficDelta> traffic, int shortLived) {

    PollChanges {
        changed = List.copyOf(changed);
        traffic = List.copyOf(traffic);
    }
}
