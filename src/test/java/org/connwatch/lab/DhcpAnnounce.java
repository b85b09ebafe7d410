package org.connwatch.lab;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * Announces a host to its network as a DHCP client does when it renews its lease: one DHCPREQUEST
 * (or, as Windows does for an address it already has, a DHCPINFORM) broadcast from the host's
 * address and port 68 to 255.255.255.255:67, carrying its MAC address (in {@code chaddr} and the
 * client identifier, option 61), its host name (option 12) and vendor class (option 60). No server
 * answers in the lab: what matters is what a sensor on the network learns from it. The broadcast
 * stays on the bridge, since nothing routes it further.
 *
 * <p>The message (RFC 2131, options RFC 2132): {@code op=1 htype=1 hlen=6}, a random {@code xid},
 * {@code ciaddr} the host's address, the magic cookie {@code 63 82 53 63}, options 53 (3 request,
 * 8 inform), 61, 12, 60, 55 (subnet mask, router, DNS, domain name, NTP), 255, padded to the 300
 * bytes of a BOOTP message.
 *
 * <p>{@code DhcpAnnounce --address IP --mac MAC --hostname NAME [--vendor CLASS] [--type request|inform]}.
 * Prints {@code announced type=T mac=MAC hostname=NAME xid=X bytes=N} and exits.
 */
public final class DhcpAnnounce {
    static final int SERVER_PORT = 67;
    static final int CLIENT_PORT = 68;
    static final int REQUEST = 3;
    static final int INFORM = 8;
    private static final int BOOTP_SIZE = 300;
    private static final byte[] MAGIC_COOKIE = {99, (byte) 130, 83, 99};

    private DhcpAnnounce() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            String usage = "DhcpAnnounce --address IP --mac MAC --hostname NAME [--vendor CLASS] [--type request|inform]";
            InetAddress address = InetAddress.ofLiteral(required(args, "address", usage));
            byte[] mac = mac(required(args, "mac", usage));
            String hostName = required(args, "hostname", usage);
            String vendor = args.opt("vendor", null);
            String type = args.opt("type", "request");
            int messageType = switch (type) {
                case "request" -> REQUEST;
                case "inform" -> INFORM;
                default -> throw new IllegalArgumentException("usage: " + usage);
            };
            int xid = new Random().nextInt();
            byte[] message = message(messageType, xid, address.getAddress(), mac, hostName, vendor);
            // Bound to the host's address: the kernel sends a limited broadcast out of the
            // interface holding the source address, with no route needed.
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, CLIENT_PORT))) {
                socket.setBroadcast(true);
                socket.send(new DatagramPacket(message, message.length,
                        new InetSocketAddress(InetAddress.ofLiteral("255.255.255.255"), SERVER_PORT)));
            }
            LabProgram.say("announced type=" + type + " mac=" + args.opt("mac", "") + " hostname=" + hostName
                    + " xid=" + Integer.toHexString(xid) + " bytes=" + message.length);
            System.exit(0);
        } catch (Exception e) {
            LabProgram.fail("DhcpAnnounce", e);
        }
    }

    /** The BOOTP message with its DHCP options, at least 300 bytes. */
    static byte[] message(int messageType, int xid, byte[] clientAddress, byte[] mac, String hostName,
                          String vendorClass) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(BOOTP_SIZE);
        out.writeBytes(new byte[] {1, 1, 6, 0}); // op BOOTREQUEST, htype Ethernet, hlen 6, hops
        out.writeBytes(new byte[] {(byte) (xid >>> 24), (byte) (xid >>> 16), (byte) (xid >>> 8), (byte) xid});
        out.writeBytes(new byte[4]); // secs, flags (no broadcast bit: the client has an address)
        out.writeBytes(clientAddress); // ciaddr
        out.writeBytes(new byte[12]); // yiaddr, siaddr, giaddr
        out.writeBytes(mac);
        out.writeBytes(new byte[10 + 64 + 128]); // chaddr padding, sname, file
        out.writeBytes(MAGIC_COOKIE);
        option(out, 53, new byte[] {(byte) messageType});
        byte[] clientId = new byte[7];
        clientId[0] = 1; // hardware type Ethernet, then the MAC
        System.arraycopy(mac, 0, clientId, 1, 6);
        option(out, 61, clientId);
        option(out, 12, hostName.getBytes(StandardCharsets.US_ASCII));
        if (vendorClass != null) {
            option(out, 60, vendorClass.getBytes(StandardCharsets.US_ASCII));
        }
        option(out, 55, new byte[] {1, 3, 6, 15, 42});
        out.write(255);
        while (out.size() < BOOTP_SIZE) {
            out.write(0);
        }
        return out.toByteArray();
    }

    private static void option(ByteArrayOutputStream out, int code, byte[] value) {
        if (value.length < 1 || value.length > 255) {
            throw new IllegalArgumentException("option " + code + " must hold 1 to 255 bytes, not " + value.length);
        }
        out.write(code);
        out.write(value.length);
        out.writeBytes(value);
    }

    /** The six bytes of {@code aa:bb:cc:dd:ee:ff}. */
    static byte[] mac(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split(":");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        byte[] mac = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (!parts[i].matches("[0-9a-f]{2}")) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            mac[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return mac;
    }

    private static String required(LabProgram.Args args, String key, String usage) {
        String v = args.options().get(key);
        if (v == null || v.equals("true")) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return v;
    }
}
