package org.connwatch.source.capture.flow;

import java.util.ArrayList;
import java.util.List;
import org.connwatch.records.Connection;

/** A {@link FlowListener} that keeps what it is given, for tests. */
final class RecordingListener implements FlowListener {
    /** One call of the listener. */
    record Call(long flowId, Connection connection, boolean ended) {
    }

    final List<Call> calls = new ArrayList<>();

    @Override
    public void flow(long flowId, Connection connection, boolean ended) {
        calls.add(new Call(flowId, connection, ended));
    }

    /** The final records, in the order they came. */
    List<Connection> ended() {
        return calls.stream().filter(Call::ended).map(Call::connection).toList();
    }

    /** The updates of flows that went on. */
    List<Call> updates() {
        return calls.stream().filter(c -> !c.ended()).toList();
    }
}
