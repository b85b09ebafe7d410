package org.connwatch.source.capture.decode;

/** What decoding one packet gave. Everything but {@link #DECODED} is counted and skipped. */
public enum Outcome {
    /** An IP packet with its TCP, UDP, ICMP or ICMPv6 header decoded. */
    DECODED("decoded"),
    /** A frame that carries no IP (ARP, LLDP, STP ...). */
    NOT_IP("not IP (ARP, LLDP ...)"),
    /** An IP fragment (after the first, or a first one whose transport header is cut). */
    FRAGMENT("IP fragments"),
    /** IP with another transport protocol (GRE, ESP, IGMP ...). */
    OTHER_TRANSPORT("other IP protocols (GRE, ESP, IGMP ...)"),
    /** The capture cut the packet before the transport header ended (snap length). */
    TRUNCATED("cut short by the snap length"),
    /** Headers that contradict themselves (bad IP version, lengths that do not fit ...). */
    MALFORMED("malformed headers"),
    /** A link-layer type connwatch does not decode. */
    UNKNOWN_LINK("unknown link-layer type");

    private final String description;

    Outcome(String description) {
        this.description = description;
    }

    /** Plain words for the summary of what was skipped. */
    public String description() {
        return description;
    }
}
