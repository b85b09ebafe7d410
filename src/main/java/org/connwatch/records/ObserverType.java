package org.connwatch.records;

import java.util.Locale;

/** Which kind of source saw a connection ({@code observer.type}). */
public enum ObserverType {
    SOCKET, CAPTURE, ZEEK, NETFLOW, CONNTRACK;

    /** The lower-case name used in exports: {@code socket}, {@code capture} ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
