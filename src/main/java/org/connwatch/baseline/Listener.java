package org.connwatch.baseline;

import java.util.Objects;
import org.connwatch.records.Transport;

/** A port an actor listens on (TCP listen, unconnected UDP), with its transport. */
public record Listener(Transport transport, int port) {

    public Listener {
        Objects.requireNonNull(transport, "transport");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code tcp/22}. */
    @Override
    public String toString() {
        return transport.label() + "/" + port;
    }
}
