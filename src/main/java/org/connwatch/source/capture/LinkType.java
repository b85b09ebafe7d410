package org.connwatch.source.capture;

/**
 * The link-layer header types connwatch decodes, by their tcpdump.org {@code LINKTYPE_} numbers
 * (the numbers stored in pcap and pcapng files). Any other number is counted and skipped.
 */
public final class LinkType {
    /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
    public static final int NULL = 0;
    /** Ethernet II / 802.3, with 802.1Q and 802.1ad (QinQ) tags. */
    public static final int ETHERNET = 1;
    /** Raw IPv4 or IPv6, the version taken from the first nibble. */
    public static final int RAW = 101;
    /** OpenBSD loopback: a 4-byte address family in network byte order. */
    public static final int LOOP = 108;
    /** Linux cooked capture v1 (SLL), as from {@code tcpdump -i any}. */
    public static final int LINUX_SLL = 113;
    /** Raw IPv4. */
    public static final int IPV4 = 228;
    /** Raw IPv6. */
    public static final int IPV6 = 229;
    /** Linux cooked capture v2 (SLL2). */
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    /** True for the link types {@link org.connwatch.source.capture.decode} understands. */
    public static boolean isSupported(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }

    /** A short name for messages: {@code ethernet}, {@code linux-sll} ... or {@code linktype N}. */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "null/loopback";
            case ETHERNET -> "ethernet";
            case RAW -> "raw-ip";
            case LOOP -> "openbsd-loopback";
            case LINUX_SLL -> "linux-sll";
            case IPV4 -> "raw-ipv4";
            case IPV6 -> "raw-ipv6";
            case LINUX_SLL2 -> "linux-sll2";
            default -> "linktype " + linkType;
        };
    }
}
