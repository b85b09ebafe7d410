package org.connwatch.monitor;

import org.connwatch.records.Connection;
import org.connwatch.records.Endpoint;
import org.connwatch.records.ObserverType;
import org.connwatch.records.Transport;

/**
 * What makes two records the same connection for the monitor: the kernel's socket cookie when the
 * source reads it (netlink sock_diag and its close events; a flow id for a capture), which survives a
 * port being reused by a later connection; otherwise the transport and both ends (the /proc/net
 * reader), which tells a reused port apart only when the earlier connection was gone at a poll between.
 *
 * @param observer  which kind of source saw it
 * @param transport tcp, udp ...
 * @param cookie    the socket cookie or flow id, 0 when the ends are the key
 * @param local     this end, null when the cookie is the key
 * @param remote    the other end, null when the cookie is the key
 */
record ConnectionKey(ObserverType observer, Transport transport, long cookie, Endpoint local, Endpoint remote) {

    /** The key of a socket record: its cookie when known, else its ends. */
    static ConnectionKey of(Connection c) {
        if (c.socket() != null && c.socket().hasCookie()) {
            return new ConnectionKey(c.observer(), c.transport(), c.socket().cookie(), null, null);
        }
        return new ConnectionKey(c.observer(), c.transport(), 0, c.local(), c.remote());
    }

    /** The key of a captured flow: the flow tracker's id, unique for the capture's life. */
    static ConnectionKey ofFlow(Connection c, long flowId) {
        return new ConnectionKey(c.observer(), c.transport(), flowId, null, null);
    }

    /** True when the key is a cookie or flow id, which no later connection shares. */
    boolean unique() {
        return cookie != 0;
    }
}
