package org.connwatch.source.capture.live;

import java.util.Objects;

/**
 * A network interface of the capturing host's network namespace: its index (what a live capture
 * reports as the packet's interface id) and its name.
 *
 * @param index the kernel's interface index, at least 1
 * @param name  the interface name ({@code eth0}, {@code lo})
 */
public record CaptureInterface(int index, String name) {
    public CaptureInterface {
        if (index < 1) {
            throw new IllegalArgumentException("an interface index is at least 1: " + index);
        }
        Objects.requireNonNull(name, "name");
    }
}
