package org.connwatch.source.capture.flow;

import org.connwatch.records.Connection;

/**
 * Receives the flows of a {@link FlowTracker}, on the thread that feeds it packets (or calls
 * {@link FlowTracker#snapshot}, {@link FlowTracker#advanceTo} or {@link FlowTracker#finish}).
 */
@FunctionalInterface
public interface FlowListener {

    /**
     * One flow.
     *
     * @param flowId     the tracker's number for it (1, 2, ... in the order flows were first seen); a
     *                   flow's updates and its final record share the number
     * @param connection the flow so far: counts are cumulative since it began
     * @param ended      false for an update of a flow that goes on (the active timeout, or a
     *                   snapshot); true for its final record, after which the number is not seen again
     */
    void flow(long flowId, Connection connection, boolean ended);
}
