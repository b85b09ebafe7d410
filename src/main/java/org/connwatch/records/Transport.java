package org.connwatch.records;

import java.util.Locale;

/** The transport protocol of a connection ({@code network.transport}), with its IANA protocol number. */
public enum Transport {
    TCP(6), UDP(17), ICMP(1), ICMPV6(58), SCTP(132);

    private final int protocolNumber;

    Transport(int protocolNumber) {
        this.protocolNumber = protocolNumber;
    }

    /** The IANA protocol number (6 for TCP, 17 for UDP ...). */
    public int protocolNumber() {
        return protocolNumber;
    }

    /** The lower-case name used in exports and rules: {@code tcp}, {@code udp} ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
