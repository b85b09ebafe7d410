package org.connwatch.source.capture.flow;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A DHCP exchange and a connection, run inside lab namespaces by {@link LabCaptureTest}.
 *
 * <ul>
 *   <li>{@code DhcpLabProgram server}: answers each DHCP REQUEST on port 67 with an ACK giving
 *       the sender's address back. Prints {@code listening port=67} when ready.</li>
 *   <li>{@code DhcpLabProgram client SERVER_IP MAC HOSTNAME VENDOR TCP_PORT}: from port 68, sends a
 *       REQUEST (ciaddr its own address, chaddr MAC, options 12 host name and 60 vendor class),
 *       waits for the ACK, then connects to SERVER_IP:TCP_PORT and sends 1,000 bytes. Prints
 *       {@code done} at the end.</li>
 * </ul>
 */
public final class DhcpLabProgram {
    private static final byte[] COOKIE = {99, (byte) 130, 83, 99};

    private DhcpLabProgram() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            server();
        } else {
            client(InetAddress.getByName(args[1]), args[2], args[3], args[4], Integer.parseInt(args[5]));
        }
    }

    private static void server() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("0.0.0.0", 67))) {
            System.out.println("listening port=67");
            System.out.flush();
            byte[] buffer = new byte[1500];
            while (true) {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                s.receive(p);
                byte[] mac = new byte[6];
                System.arraycopy(buffer, 28, mac, 0, 6);
                byte[] ack = message(2, 5, new byte[4], p.getAddress().getAddress(), mac, null, null);
                s.send(new DatagramPacket(ack, ack.length, p.getSocketAddress()));
            }
        }
    }

    private static void client(InetAddress server, String mac, String hostName, String vendor, int port)
            throws Exception {
        InetAddress self;
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(server, 67); // a connected UDP socket learns its own address without sending
            self = probe.getLocalAddress();
        }
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(self, 68))) {
            s.setSoTimeout(5000);
            byte[] request = message(1, 3, self.getAddress(), new byte[4], HexFormat.ofDelimiter(":").parseHex(mac),
                    hostName, vendor);
            s.send(new DatagramPacket(request, request.length, new InetSocketAddress(server, 67)));
            s.receive(new DatagramPacket(new byte[1500], 1500));
        }
        try (Socket c = new Socket(server, port)) {
            OutputStream out = c.getOutputStream();
            out.write(new byte[1000]);
            out.flush();
        }
        System.out.println("done");
        System.out.flush();
    }

    /** A BOOTP message with the DHCP message type and, when given, the host name and vendor class options. */
    static byte[] message(int op, int type, byte[] ciaddr, byte[] yiaddr, byte[] mac, String hostName, String vendor) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) op, 1, 6, 0, 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0});
        b.writeBytes(ciaddr);
        b.writeBytes(yiaddr);
        b.writeBytes(new byte[8]); // siaddr, giaddr
        b.writeBytes(mac);
        b.writeBytes(new byte[10 + 64 + 128]); // chaddr padding, sname, file
        b.writeBytes(COOKIE);
        b.writeBytes(new byte[] {53, 1, (byte) type});
        option(b, 12, hostName);
        option(b, 60, vendor);
        b.write(255);
        return b.toByteArray();
    }

    private static void option(ByteArrayOutputStream b, int code, String value) {
        if (value != null) {
            byte[] v = value.getBytes(StandardCharsets.US_ASCII);
            b.write(code);
            b.write(v.length);
            b.writeBytes(v);
        }
    }
}
