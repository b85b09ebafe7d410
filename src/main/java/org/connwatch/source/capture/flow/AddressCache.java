package org.connwatch.source.capture.flow;

import java.net.InetAddress;

/**
 * The {@link InetAddress} objects of the flow records, shared between records of the same address:
 * the hosts of a capture are few next to its flows (200 clients and 5,000 servers make 50,000 flows
 * in the benchmark's mix), and an IPv4 address object with its holder is about 50 bytes a record.
 * Direct-mapped and bounded: {@value #SIZE} entries, one per hash bucket; a new address replaces
 * the one in its bucket. A miss only costs the object a record would have made anyway.
 *
 * <p>Not thread-safe: owned by one {@link FlowTracker}.
 */
final class AddressCache {
    static final int SIZE = 4096;

    private final long[] his = new long[SIZE];
    private final long[] los = new long[SIZE];
    private final InetAddress[] addresses = new InetAddress[SIZE];

    /** The address in the {@link IpBits} encoding, as an object shared with the records before it when cached. */
    InetAddress address(long hi, long lo) {
        long h = (hi ^ lo) * 0x9E37_79B9_7F4A_7C15L;
        int i = (int) (h >>> 52); // the top 12 bits: the low bits of an IPv4 address vary least in a block
        InetAddress a = addresses[i];
        if (a == null || his[i] != hi || los[i] != lo) {
            a = IpBits.address(hi, lo);
            his[i] = hi;
            los[i] = lo;
            addresses[i] = a;
        }
        return a;
    }
}
