package org.connwatch.baseline;

import org.connwatch.records.AddressClass;
import org.connwatch.records.Connection;
import org.connwatch.records.Direction;
import org.connwatch.records.Transport;

/**
 * What a connection means to the baseline. A listener is a listening socket; an outgoing record
 * is one the local end started (outbound, and for a conn.log also internal, external and unknown,
 * whose local end is the originator); inbound records are neither. Loopback is ignored, and so are
 * unconnected UDP sockets on ports of the Linux ephemeral range (32768..60999): clients bind those
 * at random, they are not services.
 */
enum ConnectionRole {
    LISTENER, OUTGOING, INBOUND, IGNORED;

    private static final int EPHEMERAL_LOW = 32768;
    private static final int EPHEMERAL_HIGH = 60999;

    static ConnectionRole of(Connection c) {
        if (c.local().address().isLoopbackAddress() || c.remote().address().isLoopbackAddress()
                || c.enrichment().remoteClass() == AddressClass.LOOPBACK) {
            return IGNORED;
        }
        if (c.direction() == Direction.LISTENING
                || (c.direction() == Direction.UNKNOWN && c.state().isListening() && c.remote().isWildcard())) {
            boolean ephemeralUdp = c.transport() == Transport.UDP && c.local().port() >= EPHEMERAL_LOW
                    && c.local().port() <= EPHEMERAL_HIGH;
            return ephemeralUdp ? IGNORED : LISTENER;
        }
        if (c.direction() == Direction.INBOUND) {
            return INBOUND;
        }
        return c.remote().isWildcard() || c.remote().address().isAnyLocalAddress() ? IGNORED : OUTGOING;
    }
}
