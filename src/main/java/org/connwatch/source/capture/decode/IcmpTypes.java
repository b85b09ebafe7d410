package org.connwatch.source.capture.decode;

/**
 * ICMP and ICMPv6 message types as flow keys, the way Zeek keys them: a request and its reply
 * are one flow, so each type of a request/reply pair names its counterpart, and a one-way
 * message (an error, a redirect) names its code instead.
 *
 * <table>
 *   <caption>Counterparts</caption>
 *   <tr><th>protocol</th><th>pairs (request, reply)</th></tr>
 *   <tr><td>ICMP</td><td>echo 8/0, timestamp 13/14, information 15/16, router solicitation 10/9,
 *       address mask 17/18</td></tr>
 *   <tr><td>ICMPv6</td><td>echo 128/129, router solicitation 133/134, neighbour solicitation
 *       135/136, MLD query 130/131, node information 139/140, home agent discovery 144/145</td></tr>
 * </table>
 */
public final class IcmpTypes {
    /** The IANA protocol numbers. */
    public static final int ICMP = 1;
    public static final int ICMPV6 = 58;

    private IcmpTypes() {
    }

    /**
     * The destination "port" of a message: the counterpart type for a request/reply type, else the code.
     *
     * @param protocol {@link #ICMP} or {@link #ICMPV6}
     */
    public static int counterpart(int protocol, int type, int code) {
        int pair = protocol == ICMPV6 ? counterpart6(type) : counterpart4(type);
        return pair >= 0 ? pair : code;
    }

    /** True for the echo request and reply, which carry an identifier. */
    public static boolean isEcho(int protocol, int type) {
        return protocol == ICMPV6 ? type == 128 || type == 129 : type == 8 || type == 0;
    }

    /** True for a reply (echo, timestamp, information, mask), whose receiver started the exchange. */
    public static boolean isReply(int protocol, int type) {
        return protocol == ICMPV6 ? type == 129 || type == 140 || type == 145
                : type == 0 || type == 14 || type == 16 || type == 18;
    }

    private static int counterpart4(int type) {
        return switch (type) {
            case 8 -> 0;
            case 0 -> 8;
            case 13 -> 14;
            case 14 -> 13;
            case 15 -> 16;
            case 16 -> 15;
            case 10 -> 9;
            case 9 -> 10;
            case 17 -> 18;
            case 18 -> 17;
            default -> -1;
        };
    }

    private static int counterpart6(int type) {
        return switch (type) {
            case 128 -> 129;
            case 129 -> 128;
            case 133 -> 134;
            case 134 -> 133;
            case 135 -> 136;
            case 136 -> 135;
            case 130 -> 131;
            case 131 -> 130;
            case 139 -> 140;
            case 140 -> 139;
            case 144 -> 145;
            case 145 -> 144;
            default -> -1;
        };
    }
}
