package org.connwatch.source.capture.flow;

import java.net.InetAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.connwatch.records.Device;

/**
 * The devices of the observed network: IP address to MAC (learned from the Ethernet source of
 * frames sent from local addresses, and from DHCP acknowledgements), and MAC to the host name and
 * vendor class the device gave in DHCP. Bounded: at most {@code maxEntries} of each, the least
 * recently used forgotten first.
 *
 * <p>Only local senders teach MACs: a frame from a remote address carries the MAC of the router
 * that forwarded it, which says nothing about the remote host.
 *
 * <p>The {@link Device} of a MAC is made once and shared by the records that name it, as long as
 * what is known of it stays the same (a small direct-mapped cache of the last ones made): every flow
 * record of a local host would otherwise carry its own copy and its own MAC text.
 *
 * <p>Not thread-safe: owned by one {@link FlowTracker}.
 */
public final class DeviceTable {
    private static final HexFormat MAC_FORMAT = HexFormat.ofDelimiter(":");

    private static final int RECENT = 1024;

    private final Map<IpKey, Long> macByAddress;
    private final Map<Long, Identity> identityByMac;
    private final long[] recentMac = new long[RECENT];
    private final Device[] recent = new Device[RECENT];

    private record Identity(String hostName, String vendorClass) {
    }

    public DeviceTable(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        macByAddress = bounded(maxEntries);
        identityByMac = bounded(maxEntries);
    }

    private static <K, V> Map<K, V> bounded(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /** True for a MAC that can name one device: not zero, not a group (multicast, broadcast) address. */
    static boolean isUnicast(long mac) {
        return mac > 0 && mac <= 0xFFFF_FFFF_FFFFL && (mac & 0x0100_0000_0000L) == 0;
    }

    /** Remembers the MAC that sent from a local address. */
    void learnAddress(long hi, long lo, long mac) {
        if (isUnicast(mac)) {
            Long old = macByAddress.get(new IpKey(hi, lo));
            if (old == null || old != mac) {
                macByAddress.put(new IpKey(hi, lo), mac);
            }
        }
    }

    /** Remembers what a device called itself in DHCP (either part may be null; a null keeps what was known). */
    void learnIdentity(long mac, String hostName, String vendorClass) {
        if (!isUnicast(mac) || (hostName == null && vendorClass == null)) {
            return;
        }
        Identity old = identityByMac.get(mac);
        identityByMac.put(mac, new Identity(hostName != null ? hostName : old == null ? null : old.hostName(),
                vendorClass != null ? vendorClass : old == null ? null : old.vendorClass()));
    }

    /** The device at an address: its MAC and DHCP identity as far as known; {@link Device#NONE} when nothing is. */
    public Device device(InetAddress address) {
        return device(IpBits.hi(address), IpBits.lo(address));
    }

    Device device(long hi, long lo) {
        if (macByAddress.isEmpty()) {
            return Device.NONE;
        }
        Long mac = macByAddress.get(new IpKey(hi, lo));
        if (mac == null) {
            return Device.NONE;
        }
        Identity id = identityByMac.get(mac);
        String hostName = id == null ? null : id.hostName();
        String vendorClass = id == null ? null : id.vendorClass();
        int i = (int) ((mac * 0x9E37_79B9_7F4A_7C15L) >>> 54);
        Device d = recent[i];
        if (d == null || recentMac[i] != mac || !Objects.equals(d.hostName(), hostName)
                || !Objects.equals(d.vendorClass(), vendorClass)) {
            d = new Device(formatMac(mac), hostName, vendorClass);
            recentMac[i] = mac;
            recent[i] = d;
        }
        return d;
    }

    /** How many addresses have a known MAC. */
    public int addresses() {
        return macByAddress.size();
    }

    /** {@code aa:bb:cc:dd:ee:ff}. */
    static String formatMac(long mac) {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (mac >>> (40 - 8 * i));
        }
        return MAC_FORMAT.formatHex(b);
    }
}
