package org.connwatch.policy;

import java.util.Objects;
import org.connwatch.records.Transport;

/**
 * What hosts of one kind may do on the network.
 *
 * @param name      the role's name, lower-case ({@code printer}, {@code camera} ...)
 * @param outbound  the destination ports its outbound connections may go to
 * @param inbound   the local ports on which it may accept connections (and listen)
 * @param sendsMail true when it may send mail (SMTP) to other hosts
 */
public record Role(String name, PortSet outbound, PortSet inbound, boolean sendsMail) {

    public Role {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(inbound, "inbound");
    }

    /** True when a connection to this destination port is allowed. */
    public boolean allowsOutbound(Transport transport, int port) {
        return outbound.contains(transport, port);
    }

    /** True when an inbound connection to (or a listener on) this local port is allowed. */
    public boolean acceptsInbound(Transport transport, int port) {
        return inbound.contains(transport, port);
    }
}
