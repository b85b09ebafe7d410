package org.connwatch.source.capture.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.connwatch.source.capture.LinkType;

/**
 * Writes a classic pcap file of raw IPv4 packets ({@link LinkType#IPV4}) around given UDP and TCP
 * payloads, so that tshark can say how it reads payloads the tests built. Packet n (from 1) is
 * tshark's {@code frame.number} n. Checksums of UDP and TCP are left 0 (tshark does not check them
 * by default); the IPv4 header checksum is right.
 */
final class PcapWriter {
    static final int SYN = 0x02;
    static final int ACK = 0x10;
    static final int PSH_ACK = 0x18;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int packets;

    PcapWriter() {
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
                .putInt(LinkType.IPV4);
        out.writeBytes(header.array());
    }

    /** How many packets were added: the frame number of the last one. */
    int packets() {
        return packets;
    }

    /** A UDP datagram; returns its frame number. */
    int udp(String src, int srcPort, String dst, int dstPort, byte[] payload) {
        ByteBuffer udp = ByteBuffer.allocate(8 + payload.length);
        udp.putShort((short) srcPort).putShort((short) dstPort).putShort((short) (8 + payload.length)).putShort((short) 0)
                .put(payload);
        return ip(17, src, dst, udp.array());
    }

    /** A TCP segment (no options); returns its frame number. */
    int tcp(String src, int srcPort, String dst, int dstPort, long seq, long ack, int flags, byte[] payload) {
        ByteBuffer tcp = ByteBuffer.allocate(20 + payload.length);
        tcp.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt((int) ack)
                .put((byte) 0x50).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0)
                .put(payload);
        return ip(6, src, dst, tcp.array());
    }

    /**
     * A client's TCP connection: the handshake, then each payload as one segment from the client;
     * returns the frame number of the first payload segment.
     */
    int tcpSession(String client, int clientPort, String server, int serverPort, byte[]... payloads) {
        long c = 1000;
        long s = 5000;
        tcp(client, clientPort, server, serverPort, c, 0, SYN, new byte[0]);
        tcp(server, serverPort, client, clientPort, s, c + 1, SYN | ACK, new byte[0]);
        tcp(client, clientPort, server, serverPort, c + 1, s + 1, ACK, new byte[0]);
        int first = packets + 1;
        long seq = c + 1;
        for (byte[] p : payloads) {
            tcp(client, clientPort, server, serverPort, seq, s + 1, PSH_ACK, p);
            seq += p.length;
        }
        return first;
    }

    private int ip(int protocol, String src, String dst, byte[] transport) {
        ByteBuffer ip = ByteBuffer.allocate(20 + transport.length);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) (20 + transport.length)).putShort((short) packets)
                .putShort((short) 0x4000).put((byte) 64).put((byte) protocol).putShort((short) 0)
                .put(ipv4(src)).put(ipv4(dst)).put(transport);
        byte[] packet = ip.array();
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((packet[i] & 0xff) << 8) | (packet[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        packet[10] = (byte) (~sum >>> 8);
        packet[11] = (byte) ~sum;
        ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(1_700_000_000 + packets).putInt(0).putInt(packet.length).putInt(packet.length);
        out.writeBytes(record.array());
        out.writeBytes(packet);
        return ++packets;
    }

    private static byte[] ipv4(String dotted) {
        String[] parts = dotted.split("\\.");
        byte[] raw = new byte[4];
        for (int i = 0; i < 4; i++) {
            raw[i] = (byte) Integer.parseInt(parts[i]);
        }
        return raw;
    }

    /** Writes the file. */
    Path write(Path file) throws IOException {
        return Files.write(file, out.toByteArray());
    }
}
