package org.connwatch.source.capture.file;

/**
 * Something in a capture file that is not as the format says, as counted in a
 * {@link CaptureReadReport}: either left out ({@link #skipsData()}), or taken with a stated repair.
 */
public enum Irregularity {
    /** A file that is neither pcap nor pcapng. */
    NOT_A_CAPTURE(true, "files that are neither pcap nor pcapng"),
    /** A record or block that the end of the file cuts off; reading stops there. */
    CUT_OFF(true, "records cut off by the end of the file"),
    /** A record or block with a length that cannot be right; reading stops there. */
    BROKEN_FRAMING(true, "records with an impossible length (reading stopped there)"),
    /** A pcapng section header with an unknown byte-order mark or version; reading stops there. */
    BAD_SECTION_HEADER(true, "section headers of an unknown byte order or version (reading stopped there)"),
    /** A packet on an interface no usable interface description declared (this section). */
    NO_INTERFACE(true, "packets on an interface with no usable interface description"),
    /** A packet block whose captured length runs past the block. */
    PACKET_PAST_BLOCK(true, "packet blocks whose captured length runs past the block"),
    /** A packet or interface block too short for its fixed fields. */
    SHORT_BLOCK(true, "packet or interface blocks too short for their fixed fields"),
    /** A packet whose time, in nanoseconds since 1970, does not fit in 64 bits (past the year 2262). */
    TIME_OUT_OF_RANGE(true, "packets whose time is beyond the year 2262"),
    /** More interface descriptions in one section than the reader keeps. */
    TOO_MANY_INTERFACES(true, "interface descriptions past the limit of " + PcapngInterfaces.MAX + " a section"),
    /** A pcapng block of a type the reader does not know (or a local-use type). */
    UNKNOWN_BLOCK(true, "blocks of a type this reader does not know"),
    /** A packet longer than its interface's snap length: delivered cut to it. */
    OVER_SNAP_LENGTH(false, "packets longer than the snap length (cut to it)"),
    /** A packet whose original length is less than its captured length: raised to it. */
    ORIGINAL_TOO_SHORT(false, "packets whose original length is less than the captured length (raised to it)"),
    /** A packet whose original length is 2 GiB or more: delivered as the largest int. */
    ORIGINAL_TOO_LONG(false, "packets whose original length is 2 GiB or more (shown as 2 GiB)"),
    /** An option list that breaks off inside its block: the rest of it is ignored. */
    BROKEN_OPTIONS(false, "option lists that break off inside their block (rest ignored)"),
    /** An if_tsresol this reader cannot use: microseconds assumed. */
    BAD_TIME_RESOLUTION(false, "interfaces with an impossible time resolution (microseconds assumed)"),
    /** An if_tsoffset too large for nanoseconds: ignored. */
    BAD_TIME_OFFSET(false, "interfaces with an impossible time offset (ignored)");

    private final boolean skipsData;
    private final String description;

    Irregularity(boolean skipsData, String description) {
        this.skipsData = skipsData;
        this.description = description;
    }

    /** True when what it counts was left out; false when it was delivered after a stated repair. */
    public boolean skipsData() {
        return skipsData;
    }

    /** Plain words for a summary, as used for the keys of the report's maps. */
    public String description() {
        return description;
    }
}
