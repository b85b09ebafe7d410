package org.connwatch.enrich;

import java.util.List;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;

/**
 * Works out the direction of the sockets of one snapshot from the listeners beside them.
 *
 * <p>A listening socket (TCP LISTEN, unconnected UDP) is {@code listening}. A TCP or SCTP socket,
 * in any other state including TIME_WAIT, and a connected UDP socket, are {@code inbound} when a
 * listener of the same transport serves their local address and port (see
 * {@link ListeningSocketIndex}), else {@code outbound}. ICMP sockets stay {@code unknown}.
 * Connections whose direction is already known (sources such as packet capture set it) are left
 * as they are.
 *
 * <p>Known limit: the rule needs the listener in the same snapshot, so an accepted connection
 * whose listener has since closed is reported as outbound.
 */
public final class DirectionEnricher {

    /** The snapshot with every unknown direction worked out, in the same order. */
    public List<Connection> apply(List<Connection> snapshot) {
        ListeningSocketIndex listeners = ListeningSocketIndex.of(snapshot);
        return snapshot.stream().map(c -> withDirection(c, listeners)).toList();
    }

    private static Connection withDirection(Connection c, ListeningSocketIndex listeners) {
        if (c.direction() != Direction.UNKNOWN) {
            return c;
        }
        Direction d = direction(c, listeners);
        return d == Direction.UNKNOWN ? c : c.withDirection(d);
    }

    private static Direction direction(Connection c, ListeningSocketIndex listeners) {
        if (c.state().isListening()) {
            return Direction.LISTENING;
        }
        return switch (c.transport()) {
            case TCP, UDP, SCTP -> listeners.serves(c.transport(), c.local().address(), c.local().port())
                    ? Direction.INBOUND
                    : Direction.OUTBOUND;
            case ICMP, ICMPV6 -> Direction.UNKNOWN;
        };
    }
}
