package org.connwatch.records;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Text and byte conversions for IP addresses, without any name lookup. */
public final class IpAddresses {
    private IpAddresses() {
    }

    /**
     * Makes an address from 4 or 16 raw bytes (network order). An IPv4-mapped IPv6 address
     * ({@code ::ffff:a.b.c.d}, what dual-stack sockets report) becomes the IPv4 address it carries.
     */
    public static InetAddress fromBytes(byte[] raw) {
        if (raw.length != 4 && raw.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + raw.length);
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Parses a literal address ({@code 10.0.0.1}, {@code ::1}, {@code [fe80::1]}) without ever
     * asking DNS.
     *
     * @throws IllegalArgumentException naming the text when it is not an address literal
     */
    public static InetAddress parse(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        // ASCII only: Character.digit would also accept other scripts' digits ('\u0661' is 1), and
        // InetAddress hands a text that starts with neither a hex digit nor ':' (".::1") to the resolver.
        if (s.isEmpty() || !s.chars().allMatch(c -> isHexDigit(c) || c == '.' || c == ':')
                || !(isHexDigit(s.charAt(0)) || s.charAt(0) == ':')) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        if (s.indexOf(':') < 0) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            byte[] raw = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (parts[i].isEmpty() || parts[i].length() > 3
                        || !parts[i].chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (" + v + " > 255)");
                }
                raw[i] = (byte) v;
            }
            return fromBytes(raw);
        }
        try {
            // With only hex digits, dots and colons, InetAddress parses a literal and never resolves.
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The canonical text of an address: dotted quad, or RFC 5952 compressed IPv6 ({@code 2001:db8::1}). */
    public static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952: a single zero word is not compressed
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }

    /** True for 0.0.0.0 and ::. */
    public static boolean isUnspecified(InetAddress address) {
        return address.isAnyLocalAddress();
    }

    /** The network type of an address ({@code network.type}): {@code ipv4} or {@code ipv6}. */
    public static String networkType(InetAddress address) {
        return address instanceof Inet6Address ? "ipv6" : "ipv4";
    }
}
