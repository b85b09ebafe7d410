package org.connwatch.source.capture.live;

import java.io.IOException;

/**
 * A capture filter was asked for, but libpcap, which compiles it, is not installed: the message is
 * one line saying so and what to install.
 */
public final class LibpcapMissingException extends IOException {
    private static final long serialVersionUID = 1L;

    public LibpcapMissingException() {
        super("capture filters need libpcap, which is not installed (looked for " + Libpcap.NAMES_TEXT
                + "): install it (Debian/Ubuntu: libpcap0.8, Fedora: libpcap) or capture without a filter");
    }
}
