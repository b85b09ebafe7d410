package org.connwatch.source.capture.live;

import java.io.IOException;
import java.util.List;

/**
 * No network interface of the asked name exists in this network namespace. The message names it
 * and lists the interfaces there are: {@code no network interface "eth9"; this host has: lo, eth0}.
 */
public final class UnknownInterfaceException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<String> available;

    public UnknownInterfaceException(String name, List<String> available) {
        super("no network interface \"" + FilterSyntaxException.oneLine(name) + "\"; this host has: "
                + (available.isEmpty() ? "none" : String.join(", ", available)));
        this.name = name;
        this.available = List.copyOf(available);
    }

    /** The name asked for. */
    public String name() {
        return name;
    }

    /** The interface names there are. */
    public List<String> available() {
        return available;
    }
}
