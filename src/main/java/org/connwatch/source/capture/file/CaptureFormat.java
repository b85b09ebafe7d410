package org.connwatch.source.capture.file;

/** The kind of capture file a {@link CaptureFile} read turned out to be. */
public enum CaptureFormat {
    /** Classic libpcap, microsecond timestamps (magic a1b2c3d4), either byte order. */
    PCAP_MICROSECONDS("pcap"),
    /** Classic libpcap, nanosecond timestamps (magic a1b23c4d), either byte order. */
    PCAP_NANOSECONDS("pcap (nanosecond)"),
    /** pcapng: one or more sections, each with its own byte order and interfaces. */
    PCAPNG("pcapng"),
    /** Neither: the report's warning names what the first bytes look like. */
    NOT_A_CAPTURE("not a capture file");

    private final String description;

    CaptureFormat(String description) {
        this.description = description;
    }

    /** A short name for messages: {@code pcap}, {@code pcapng} ... */
    public String description() {
        return description;
    }
}
