package org.connwatch.enrich;

import java.net.InetAddress;
import org.connwatch.records.AddressClass;

/**
 * Tells what kind of address an IPv4 or IPv6 address is: loopback, private, public ...
 *
 * <p>Compares the address bits directly, so it allocates nothing beyond the address bytes. An
 * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is classified as the IPv4 address it carries.
 */
public final class AddressClassifier {
    private static final int THIS_NETWORK = ipv4(0, 0, 0, 0);
    private static final int PRIVATE_10 = ipv4(10, 0, 0, 0);
    private static final int CGNAT = ipv4(100, 64, 0, 0);
    private static final int LOOPBACK = ipv4(127, 0, 0, 0);
    private static final int LINK_LOCAL = ipv4(169, 254, 0, 0);
    private static final int PRIVATE_172 = ipv4(172, 16, 0, 0);
    private static final int IETF_PROTOCOL = ipv4(192, 0, 0, 0);
    private static final int TEST_NET_1 = ipv4(192, 0, 2, 0);
    private static final int PRIVATE_192 = ipv4(192, 168, 0, 0);
    private static final int BENCHMARKING = ipv4(198, 18, 0, 0);
    private static final int TEST_NET_2 = ipv4(198, 51, 100, 0);
    private static final int TEST_NET_3 = ipv4(203, 0, 113, 0);
    private static final int MULTICAST = ipv4(224, 0, 0, 0);
    private static final int FUTURE_USE = ipv4(240, 0, 0, 0);
    private static final int BROADCAST = ipv4(255, 255, 255, 255);

    /** The class of an address; never null. */
    public AddressClass classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return classifyIpv4(word(b, 0));
        }
        long high = ((long) word(b, 0) << 32) | (word(b, 4) & 0xffffffffL);
        long low = ((long) word(b, 8) << 32) | (word(b, 12) & 0xffffffffL);
        return classifyIpv6(high, low);
    }

    private static AddressClass classifyIpv4(int a) {
        if (a == 0) {
            return AddressClass.UNSPECIFIED;
        }
        if (a == BROADCAST) {
            return AddressClass.BROADCAST;
        }
        if (in(a, LOOPBACK, 8)) {
            return AddressClass.LOOPBACK;
        }
        if (in(a, LINK_LOCAL, 16)) {
            return AddressClass.LINK_LOCAL;
        }
        if (in(a, PRIVATE_10, 8) || in(a, PRIVATE_172, 12) || in(a, PRIVATE_192, 16)) {
            return AddressClass.PRIVATE;
        }
        if (in(a, CGNAT, 10)) {
            return AddressClass.CGNAT;
        }
        if (in(a, MULTICAST, 4)) {
            return AddressClass.MULTICAST;
        }
        if (in(a, THIS_NETWORK, 8) || in(a, FUTURE_USE, 4) || in(a, IETF_PROTOCOL, 24) || in(a, TEST_NET_1, 24)
                || in(a, BENCHMARKING, 15) || in(a, TEST_NET_2, 24) || in(a, TEST_NET_3, 24)) {
            return AddressClass.RESERVED;
        }
        return AddressClass.PUBLIC;
    }

    private static AddressClass classifyIpv6(long high, long low) {
        if (high == 0) {
            if (low == 0) {
                return AddressClass.UNSPECIFIED;
            }
            if (low == 1) {
                return AddressClass.LOOPBACK;
            }
            if (low >>> 32 == 0xffffL) {
                return classifyIpv4((int) low);
            }
            return AddressClass.RESERVED;
        }
        int first16 = (int) (high >>> 48);
        if ((first16 & 0xffc0) == 0xfe80) {
            return AddressClass.LINK_LOCAL;
        }
        if ((first16 & 0xfe00) == 0xfc00) {
            return AddressClass.PRIVATE;
        }
        if ((first16 & 0xff00) == 0xff00) {
            return AddressClass.MULTICAST;
        }
        // 2001:db8::/32 is for documentation; everything outside 2000::/3 that is none of the
        // above (100::/64 discard, deprecated site-local fec0::/10 ...) is not a real peer either.
        if (high >>> 32 == 0x20010db8L || (first16 & 0xe000) != 0x2000) {
            return AddressClass.RESERVED;
        }
        return AddressClass.PUBLIC;
    }

    private static boolean in(int address, int network, int prefixLength) {
        return (address ^ network) >>> (32 - prefixLength) == 0;
    }

    private static int word(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static int ipv4(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }
}
