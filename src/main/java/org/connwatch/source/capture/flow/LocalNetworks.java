package org.connwatch.source.capture.flow;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import org.connwatch.records.Cidr;

/**
 * The address blocks that count as the observed network's own, which decide a captured flow's
 * direction and its local end: by default the private and link-local blocks (RFC 1918
 * {@code 10.0.0.0/8}, {@code 172.16.0.0/12}, {@code 192.168.0.0/16}; shared {@code 100.64.0.0/10};
 * link-local {@code 169.254.0.0/16}; unique local {@code fc00::/7}; link-local {@code fe80::/10}).
 * Immutable.
 */
public final class LocalNetworks {
    private static final List<String> DEFAULT_BLOCKS = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "169.254.0.0/16", "fc00::/7", "fe80::/10");

    private final List<Cidr> networks;
    // Each block as a 128-bit network and mask over the IpBits encoding.
    private final long[] netHi;
    private final long[] netLo;
    private final long[] maskHi;
    private final long[] maskLo;

    private LocalNetworks(List<Cidr> networks) {
        this.networks = List.copyOf(networks);
        int n = this.networks.size();
        netHi = new long[n];
        netLo = new long[n];
        maskHi = new long[n];
        maskLo = new long[n];
        for (int i = 0; i < n; i++) {
            Cidr c = this.networks.get(i);
            int bits = c.prefixLength() + (c.network() instanceof Inet4Address ? 96 : 0);
            maskHi[i] = mask(bits);
            maskLo[i] = mask(bits - 64);
            netHi[i] = IpBits.hi(c.network()) & maskHi[i];
            netLo[i] = IpBits.lo(c.network()) & maskLo[i];
        }
    }

    /** The default blocks listed above. */
    public static LocalNetworks defaults() {
        return new LocalNetworks(DEFAULT_BLOCKS.stream().map(Cidr::parse).toList());
    }

    /** Exactly these blocks (none: no address is local, every flow is external). */
    public static LocalNetworks of(List<Cidr> networks) {
        Objects.requireNonNull(networks, "networks");
        return new LocalNetworks(networks);
    }

    public List<Cidr> networks() {
        return networks;
    }

    /** True when the address lies in one of the blocks. */
    public boolean contains(InetAddress address) {
        return contains(IpBits.hi(address), IpBits.lo(address));
    }

    boolean contains(long hi, long lo) {
        for (int i = 0; i < netHi.length; i++) {
            if ((hi & maskHi[i]) == netHi[i] && (lo & maskLo[i]) == netLo[i]) {
                return true;
            }
        }
        return false;
    }

    /** The top {@code bits} bits of a long set (0 to 64; fewer than 0 is none, more than 64 all). */
    private static long mask(int bits) {
        if (bits <= 0) {
            return 0;
        }
        return bits >= 64 ? -1L : -1L << (64 - bits);
    }

    @Override
    public String toString() {
        return networks.toString();
    }
}
