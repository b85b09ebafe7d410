package org.connwatch.source.capture.app;

import java.util.List;
import java.util.Map;
import org.connwatch.records.IpAddresses;

/**
 * One line that says what a DHCP message holds, made either from {@link DhcpParser}'s result or
 * from tshark's dissection of the same bytes, so that the two can be compared as text.
 */
final class DhcpDescription {
    /** The tshark fields {@link #ofTshark} reads. */
    static final List<String> FIELDS = List.of("dhcp.type", "dhcp.option.dhcp", "dhcp.hw.mac_addr", "dhcp.ip.client",
            "dhcp.ip.your", "dhcp.option.requested_ip_address", "dhcp.option.hostname", "dhcp.option.vendor_class_id");

    private DhcpDescription() {
    }

    static String of(DhcpMessage m) {
        if (m == null) {
            return "not DHCP";
        }
        String mac = m.clientMac() == DhcpMessage.NO_MAC ? "none"
                : String.format("%012x", m.clientMac()).replaceAll("(..)(?!$)", "$1:");
        return "op=" + m.op() + " type=" + m.messageType() + " mac=" + mac
                + " client=" + (m.clientAddress() == null ? null : IpAddresses.format(m.clientAddress()))
                + " your=" + (m.yourAddress() == null ? null : IpAddresses.format(m.yourAddress()))
                + " requested=" + (m.requestedAddress() == null ? null : IpAddresses.format(m.requestedAddress()))
                + " host=" + m.hostName() + " vendor=" + m.vendorClass();
    }

    /** The same line from tshark's fields; "not DHCP" when tshark did not dissect DHCP. */
    static String ofTshark(Map<String, String> row) {
        if (row.getOrDefault("dhcp.type", "").isEmpty()) {
            return "not DHCP";
        }
        String type = first(row, "dhcp.option.dhcp");
        String mac = first(row, "dhcp.hw.mac_addr");
        return "op=" + Integer.parseInt(row.get("dhcp.type")) + " type=" + (type == null ? 0 : Integer.parseInt(type))
                + " mac=" + (mac == null ? "none" : mac)
                + " client=" + unlessZero(first(row, "dhcp.ip.client"))
                + " your=" + unlessZero(first(row, "dhcp.ip.your"))
                + " requested=" + first(row, "dhcp.option.requested_ip_address")
                + " host=" + first(row, "dhcp.option.hostname") + " vendor=" + first(row, "dhcp.option.vendor_class_id");
    }

    private static String first(Map<String, String> row, String field) {
        List<String> values = Tshark.values(row, field);
        return values.isEmpty() || values.getFirst().isEmpty() ? null : values.getFirst();
    }

    private static String unlessZero(String address) {
        return address == null || address.equals("0.0.0.0") ? null : address;
    }
}
