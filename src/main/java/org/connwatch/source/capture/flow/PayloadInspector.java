package org.connwatch.source.capture.flow;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import org.connwatch.source.capture.app.DhcpMessage;
import org.connwatch.source.capture.app.DhcpParser;
import org.connwatch.source.capture.app.DnsAnswer;
import org.connwatch.source.capture.app.DnsMessage;
import org.connwatch.source.capture.app.DnsParser;
import org.connwatch.source.capture.app.HttpRequestHost;
import org.connwatch.source.capture.app.TlsClientHello;
import org.connwatch.source.capture.decode.DecodedPacket;

/**
 * Looks into the payload of the few packets that carry names, copying it into one reused buffer
 * only for those:
 * <ul>
 *   <li>DNS over UDP 53 and 5353 (either port, either way), and responses over TCP 53: each A/AAAA
 *       answer teaches the {@link NameTable} that the response's receiver asked for the
 *       question's name (for an mDNS answer without a question, the answer's own name). A TCP
 *       response longer than its segment is put together from the segments that follow.</li>
 *   <li>DHCP (UDP 67/68): the client's host name and vendor class to the {@link DeviceTable},
 *       and the address an ACK gives (or the client already has) to its MAC, when local.</li>
 *   <li>The first {@value #MAX_CLIENT_PACKETS} payload segments the initiator of a TCP flow sends,
 *       on any port: a TLS ClientHello (starting {@code 16 03}) gives the server name; else an
 *       HTTP request gives its Host. A ClientHello, or a request whose Host is not in its first
 *       segment (a long URL), is put together from the segments that follow in order, up to
 *       {@value #HELLO_LIMIT} and {@value #HTTP_LIMIT} bytes.</li>
 * </ul>
 * What is put together takes at most {@value #BUFFER_BUDGET} bytes for all flows at once; beyond
 * that only the first segment is read ({@link CaptureStats#buffersFull()} counts it).
 */
final class PayloadInspector {
    static final int MAX_CLIENT_PACKETS = 3;
    static final int HELLO_LIMIT = 16 * 1024;
    static final int HTTP_LIMIT = 8 * 1024;
    static final long BUFFER_BUDGET = 16L * 1024 * 1024;
    private static final int MAX_COPY = 65_535;
    private static final int DHCP_ACK = 5;

    private final byte[] buffer = new byte[MAX_COPY];
    private final NameTable names;
    private final DeviceTable devices;
    private final LocalNetworks local;
    private final CaptureStats stats;
    private long held;

    PayloadInspector(NameTable names, DeviceTable devices, LocalNetworks local, CaptureStats stats) {
        this.names = names;
        this.devices = devices;
        this.local = local;
        this.stats = stats;
    }

    /** Looks at a packet with captured payload that went to flow {@code f}. */
    void inspect(FlowTable t, int f, boolean fromA, DecodedPacket p, MemorySegment data, long time) {
        int sport = p.srcPort;
        int dport = p.dstPort;
        if (p.protocol == 17) {
            if (sport == 53 || dport == 53 || sport == 5353 || dport == 5353) {
                dns(DnsParser.parse(buffer, 0, copy(p, data)), p, time, true);
            } else if ((sport == 67 || sport == 68) && (dport == 67 || dport == 68)) {
                dhcp(DhcpParser.parse(buffer, 0, copy(p, data)));
            }
        } else if (p.protocol == 6) {
            if (sport == 53) {
                tcpDns(t, f, p, data, time);
            }
            if (fromA && (t.status[f] & TcpStatus.INSPECTED) == 0) {
                clientPayload(t, f, p, data);
            }
        }
    }

    /** Gives back what a flow that ends held. */
    void release(FlowExtras x) {
        if (x != null) {
            held -= x.dropClientStart() + x.dropDnsReply();
        }
    }

    private int copy(DecodedPacket p, MemorySegment data) {
        int n = Math.min(p.payloadCaptured, MAX_COPY);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, p.payloadOffset, buffer, 0, n);
        return n;
    }

    /** Room for {@code bytes} more in the budget, or counts that there was none. */
    private boolean reserve(int bytes) {
        if (held + bytes > BUFFER_BUDGET) {
            stats.buffersFull++;
            return false;
        }
        held += bytes;
        return true;
    }

    private void dns(DnsMessage m, DecodedPacket p, long time, boolean countMalformed) {
        if (m == null) {
            if (countMalformed) {
                stats.malformedAppPayloads++;
            }
            return;
        }
        stats.dnsMessages++;
        if (!m.response()) {
            return;
        }
        int len = p.addressLength();
        long clientHi = IpBits.hi(p.dst, len);
        long clientLo = IpBits.lo(p.dst, len);
        for (DnsAnswer a : m.answers()) {
            InetAddress address = a.address();
            String name = m.queryName() != null ? m.queryName() : a.name();
            if (address != null && name != null) {
                names.add(IpBits.hi(address), IpBits.lo(address), clientHi, clientLo, name, time);
                stats.dnsAddresses++;
            }
        }
    }

    /** A segment from a TCP DNS server: whole messages are read; the first one cut by the segment's end is put together. */
    private void tcpDns(FlowTable t, int f, DecodedPacket p, MemorySegment data, long time) {
        FlowExtras x = t.extras[f];
        if (x != null && x.dnsReply != null) {
            StreamPiece piece = x.dnsReply;
            if (piece.append(p.tcpSeq, data, p.payloadOffset, p.payloadCaptured, p.payloadLength)
                    && (piece.full() || p.payloadCaptured < p.payloadLength)) {
                dns(DnsParser.parseTcp(piece.bytes, 0, piece.length), p, time, piece.full());
                held -= x.dropDnsReply();
            }
            return;
        }
        int n = copy(p, data);
        int at = 0;
        while (n - at >= 2) {
            int need = 2 + ((buffer[at] & 0xff) << 8 | (buffer[at + 1] & 0xff));
            if (n - at >= need) {
                dns(DnsParser.parseTcp(buffer, at, need), p, time, true);
                at += need;
                continue;
            }
            if (at == 0 && n == p.payloadLength && reserve(need)) {
                extras(t, f).dnsReply = new StreamPiece(need, buffer, n, p.tcpSeq, p.payloadLength);
            } else {
                dns(DnsParser.parseTcp(buffer, at, n - at), p, time, false); // as far as it goes
            }
            return;
        }
    }

    private void dhcp(DhcpMessage m) {
        if (m == null) {
            stats.malformedAppPayloads++;
            return;
        }
        stats.dhcpMessages++;
        long mac = m.clientMac();
        devices.learnIdentity(mac, m.hostName(), m.vendorClass());
        if (m.yourAddress() != null && m.messageType() == DHCP_ACK && local.contains(m.yourAddress())) {
            devices.learnAddress(IpBits.hi(m.yourAddress()), IpBits.lo(m.yourAddress()), mac);
        }
        if (m.clientAddress() != null && local.contains(m.clientAddress())) {
            devices.learnAddress(IpBits.hi(m.clientAddress()), IpBits.lo(m.clientAddress()), mac);
        }
    }

    private void clientPayload(FlowTable t, int f, DecodedPacket p, MemorySegment data) {
        int status = t.status[f];
        int count = ((status & TcpStatus.CLIENT_PACKETS_MASK) >>> TcpStatus.CLIENT_PACKETS_SHIFT) + 1;
        t.status[f] = (status & ~TcpStatus.CLIENT_PACKETS_MASK) | (count << TcpStatus.CLIENT_PACKETS_SHIFT);
        FlowExtras x = t.extras[f];
        if (x != null && x.clientStart != null) {
            StreamPiece piece = x.clientStart;
            boolean added = piece.append(p.tcpSeq, data, p.payloadOffset, p.payloadCaptured, p.payloadLength);
            boolean found = added && name(t, f, piece.bytes, piece.length);
            if (found || piece.full() || (added && p.payloadCaptured < p.payloadLength) || count >= MAX_CLIENT_PACKETS) {
                held -= x.dropClientStart();
                done(t, f);
            }
            return;
        }
        int n = copy(p, data);
        boolean tls = n >= 2 && buffer[0] == 0x16 && buffer[1] == 0x03;
        if (name(t, f, buffer, n)) {
            done(t, f);
            return;
        }
        // A ClientHello or a request line whose name lies beyond this segment: wait for the next ones.
        int wanted = tls ? helloSize(n) : requestLine(n) ? HTTP_LIMIT : 0;
        if (wanted > n && n == p.payloadLength && count < MAX_CLIENT_PACKETS && reserve(wanted)) {
            extras(t, f).clientStart = new StreamPiece(wanted, buffer, n, p.tcpSeq, p.payloadLength);
        } else if (tls || wanted > 0 || count >= MAX_CLIENT_PACKETS) {
            done(t, f);
        }
    }

    /** Looks for a TLS server name or an HTTP host at the start of a client's stream; true when one was found. */
    private boolean name(FlowTable t, int f, byte[] bytes, int n) {
        if (n >= 2 && bytes[0] == 0x16 && bytes[1] == 0x03) {
            String name = TlsClientHello.serverName(bytes, 0, n);
            if (name != null) {
                extras(t, f).tlsServerName = name;
                stats.tlsServerNames++;
                return true;
            }
            return false;
        }
        String host = HttpRequestHost.host(bytes, 0, n);
        if (host != null) {
            extras(t, f).httpHost = host;
            stats.httpHosts++;
            return true;
        }
        return false;
    }

    /** True when the buffer starts like an HTTP request line: a method of capital letters, then a space. */
    private boolean requestLine(int n) {
        int i = 0;
        while (i < n && i < 24 && ((buffer[i] >= 'A' && buffer[i] <= 'Z') || buffer[i] == '-' || buffer[i] == '_')) {
            i++;
        }
        return i > 0 && i < n && buffer[i] == ' ';
    }

    /** The bytes a ClientHello whose first {@code n} bytes are in the buffer takes, with room for a few record headers. */
    private int helloSize(int n) {
        if (n < 9) {
            return HELLO_LIMIT;
        }
        int handshake = ((buffer[6] & 0xff) << 16) | ((buffer[7] & 0xff) << 8) | (buffer[8] & 0xff);
        return (int) Math.min(HELLO_LIMIT, 9L + handshake + 5L * 4);
    }

    private static FlowExtras extras(FlowTable t, int f) {
        FlowExtras x = t.extras[f];
        if (x == null) {
            x = new FlowExtras();
            t.extras[f] = x;
        }
        return x;
    }

    private static void done(FlowTable t, int f) {
        t.status[f] |= TcpStatus.INSPECTED;
    }
}
