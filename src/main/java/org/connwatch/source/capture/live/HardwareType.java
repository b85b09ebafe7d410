package org.connwatch.source.capture.live;

import org.connwatch.source.capture.LinkType;

/**
 * The kernel's interface hardware types ({@code ARPHRD_*}, {@code sll_hatype}) and the link-layer
 * header a {@code SOCK_RAW} packet socket gives for each, as a {@link LinkType} number.
 *
 * <p>Ethernet and loopback devices hand over the Ethernet header. Devices without a link-layer
 * header of their own (tun and WireGuard, {@code ARPHRD_NONE}; IP-in-IP, SIT, IPv6 tunnels, GRE,
 * raw-IP modems) hand over the IP packet itself: {@link LinkType#RAW}. A GRE device with a
 * multicast or unset remote builds an outer IP+GRE header instead, which still decodes as IP (the
 * outer packet, protocol 47). Everything else (Wi-Fi monitor mode, InfiniBand, CAN, PPP, whose
 * header differs between kernel drivers) is not supported: such packets are counted and skipped.
 */
final class HardwareType {
    static final int ETHER = 1;
    static final int PPP = 512;
    static final int RAWIP = 519;
    static final int TUNNEL = 768;
    static final int TUNNEL6 = 769;
    static final int LOOPBACK = 772;
    static final int SIT = 776;
    static final int IPGRE = 778;
    static final int IEEE80211_RADIOTAP = 803;
    static final int IP6GRE = 823;
    static final int NONE = 0xFFFE;
    /** A value no {@link LinkType} has: the packet's hardware type is not supported. */
    static final int UNSUPPORTED = -1;

    /** The hardware types whose packets are Ethernet frames, in the order a filter tests them. */
    static final int[] ETHERNET_TYPES = {ETHER, LOOPBACK};
    /** The hardware types whose packets start with the IP header, in the order a filter tests them. */
    static final int[] RAW_IP_TYPES = {NONE, TUNNEL, TUNNEL6, SIT, IPGRE, IP6GRE, RAWIP};

    private HardwareType() {
    }

    /** The link type of packets from an interface of this hardware type, or {@link #UNSUPPORTED}. */
    static int linkType(int hardwareType) {
        return switch (hardwareType) {
            case ETHER, LOOPBACK -> LinkType.ETHERNET;
            case NONE, TUNNEL, TUNNEL6, SIT, IPGRE, IP6GRE, RAWIP -> LinkType.RAW;
            default -> UNSUPPORTED;
        };
    }

    /** A name for messages: {@code ethernet (1)}, {@code none/tun (65534)}, {@code hardware type 803}. */
    static String name(int hardwareType) {
        String name = switch (hardwareType) {
            case ETHER -> "ethernet";
            case LOOPBACK -> "loopback";
            case NONE -> "none/tun";
            case TUNNEL -> "ipip";
            case TUNNEL6 -> "ip6tnl";
            case SIT -> "sit";
            case IPGRE -> "gre";
            case IP6GRE -> "ip6gre";
            case RAWIP -> "raw-ip";
            case PPP -> "ppp";
            case IEEE80211_RADIOTAP -> "802.11 radiotap";
            default -> "hardware type";
        };
        return name + " (" + hardwareType + ")";
    }
}
