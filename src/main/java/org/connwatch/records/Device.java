package org.connwatch.records;

/**
 * A device on the observed network as packets name it: its MAC address, and the host name and
 * vendor class it gave in DHCP. Any part may be null when it was not seen.
 *
 * @param mac         {@code aa:bb:cc:dd:ee:ff}, lower case ({@code source.mac} / {@code destination.mac})
 * @param hostName    the DHCP host name (option 12), escaped, at most 255 characters
 * @param vendorClass the DHCP vendor class identifier (option 60), escaped, at most 255 characters
 */
public record Device(String mac, String hostName, String vendorClass) {

    /** Nothing known. */
    public static final Device NONE = new Device(null, null, null);

    /** True when nothing is known. */
    public boolean isEmpty() {
        return mac == null && hostName == null && vendorClass == null;
    }

    /** A short name for a person: the host name, else the MAC, else null. */
    public String label() {
        return hostName != null ? hostName : mac;
    }
}
