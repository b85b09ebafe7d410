package org.connwatch.source.capture.app;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * What connwatch keeps of one BOOTP/DHCP message (RFC 2131, options RFC 2132): who the client is
 * and what it asked for or was given.
 *
 * @param op               1 BOOTREQUEST (client to server), 2 BOOTREPLY
 * @param messageType      option 53: 1 DISCOVER, 2 OFFER, 3 REQUEST, 4 DECLINE, 5 ACK, 6 NAK,
 *                         7 RELEASE, 8 INFORM ...; 0 when absent (plain BOOTP)
 * @param clientMac        the client hardware address (chaddr) as a 48-bit number when it is
 *                         Ethernet (htype 1, hlen 6), else -1
 * @param clientAddress    ciaddr, the address the client already has; null when 0.0.0.0
 * @param yourAddress      yiaddr, the address the server gives; null when 0.0.0.0
 * @param requestedAddress option 50, the address the client asks for; null when absent
 * @param hostName         option 12, escaped (see {@link PacketText}); null when absent or empty
 * @param vendorClass      option 60 (e.g. {@code MSFT 5.0}, {@code android-dhcp-13}), escaped;
 *                         null when absent or empty
 */
public record DhcpMessage(int op, int messageType, long clientMac, InetAddress clientAddress,
                          InetAddress yourAddress, InetAddress requestedAddress, String hostName,
                          String vendorClass) {
    /** No client MAC (chaddr is not an Ethernet address). */
    public static final long NO_MAC = -1;

    public DhcpMessage {
        if (op != 1 && op != 2) {
            throw new IllegalArgumentException("op is 1 (request) or 2 (reply), not " + op);
        }
        if (messageType < 0 || messageType > 255) {
            throw new IllegalArgumentException("the message type is one byte: " + messageType);
        }
        if (clientMac < NO_MAC || clientMac > 0xffff_ffff_ffffL) {
            throw new IllegalArgumentException("a MAC address has 48 bits: " + clientMac);
        }
        for (InetAddress a : new InetAddress[] {clientAddress, yourAddress, requestedAddress}) {
            if (a != null && !(a instanceof Inet4Address)) {
                throw new IllegalArgumentException("DHCP (v4) addresses are IPv4: " + a);
            }
        }
    }
}
