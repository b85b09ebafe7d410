package org.connwatch.records;

import java.util.Locale;

/**
 * Which way a connection goes, seen from the observed host or network ({@code network.direction}).
 *
 * <p>{@link #INTERNAL} and {@link #EXTERNAL} are for network sensors: both ends inside, or both
 * outside, the observed network. {@link #UNKNOWN} is what a source reports before the direction
 * has been worked out.
 */
public enum Direction {
    LISTENING, INBOUND, OUTBOUND, INTERNAL, EXTERNAL, UNKNOWN;

    /** The lower-case name used in exports and rules: {@code outbound}, {@code listening} ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when the remote side started the connection, so that it is the ECS {@code source}. */
    public boolean remoteInitiated() {
        return this == INBOUND;
    }
}
