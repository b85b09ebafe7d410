package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.connwatch.source.capture.decode.Frames.ACK;
import static org.connwatch.source.capture.decode.Frames.PSH;
import static org.connwatch.source.capture.decode.Frames.SYN;
import static org.connwatch.source.capture.decode.Frames.ipv4;
import static org.connwatch.source.capture.decode.Frames.tcp;

import java.io.DataInputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.connwatch.records.Connection;
import org.connwatch.source.capture.LinkType;
import org.junit.jupiter.api.Test;

/**
 * Names that do not fit in one segment: a real ClientHello from Java's {@link SSLSocket}, an HTTP
 * request with a long URL, a DNS response over TCP, each cut into segments and fed as packets.
 */
class SplitPayloadTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final String CLIENT = "192.168.1.10";
    private static final String SERVER = "93.184.216.34";

    private final RecordingListener listener = new RecordingListener();
    private final FlowTracker tracker = new FlowTracker(listener);
    private long time = T0;

    private void send(byte[] packet) {
        tracker.packet(time++, 0, LinkType.RAW, MemorySegment.ofArray(packet), 0, packet.length, packet.length);
    }

    /** A handshake, then the client's bytes in segments of the given sizes (the last takes the rest). */
    private void clientSends(int port, byte[] bytes, int... sizes) {
        send(ipv4(CLIENT, SERVER, 6, tcp(40000, port, SYN, 1000, 0, new byte[0], new byte[0])));
        send(ipv4(SERVER, CLIENT, 6, tcp(port, 40000, SYN | ACK, 5000, 1001, new byte[0], new byte[0])));
        send(ipv4(CLIENT, SERVER, 6, tcp(40000, port, ACK, 1001, 5001, new byte[0], new byte[0])));
        int at = 0;
        for (int i = 0; at < bytes.length; i++) {
            int n = i < sizes.length ? Math.min(sizes[i], bytes.length - at) : bytes.length - at;
            send(ipv4(CLIENT, SERVER, 6, tcp(40000, port, PSH | ACK, 1001 + at, 5001, new byte[0],
                    Arrays.copyOfRange(bytes, at, at + n))));
            at += n;
        }
    }

    private Connection only() {
        tracker.finish();
        assertThat(listener.ended()).hasSize(1);
        return listener.ended().getFirst();
    }

    /** The first TLS record a Java client sends with this server name. */
    private static byte[] javaClientHello(String serverName) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> hello = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] header = new byte[5];
                    in.readFully(header);
                    byte[] body = new byte[(header[3] & 0xff) << 8 | (header[4] & 0xff)];
                    in.readFully(body);
                    byte[] all = Arrays.copyOf(header, 5 + body.length);
                    System.arraycopy(body, 0, all, 5, body.length);
                    return all;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, null, null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(server.getInetAddress(),
                    server.getLocalPort())) {
                SSLParameters p = s.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName(serverName)));
                s.setSSLParameters(p);
                s.setSoTimeout(2000);
                s.startHandshake();
            } catch (IOException expected) {
                // the server hangs up after the hello
            }
            return hello.get();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aClientHelloCutInsideTheServerNameIsPutBackTogether() throws Exception {
        String name = "split.example.test";
        byte[] hello = javaClientHello(name);
        int at = indexOf(hello, name.getBytes(StandardCharsets.US_ASCII));
        assertThat(at).isPositive();
        clientSends(443, hello, at + 5, 40);
        Connection c = only();
        assertThat(c.flow().tlsServerName()).isEqualTo(name);
        assertThat(tracker.stats().tlsServerNames()).isEqualTo(1);
    }

    @Test
    void aRetransmittedSegmentIsNotAddedTwice() throws Exception {
        String name = "again.example.test";
        byte[] hello = javaClientHello(name);
        int cut = indexOf(hello, name.getBytes(StandardCharsets.US_ASCII)) + 3;
        send(ipv4(CLIENT, SERVER, 6, tcp(40000, 443, SYN, 1000, 0, new byte[0], new byte[0])));
        byte[] first = Arrays.copyOf(hello, cut);
        byte[] rest = Arrays.copyOfRange(hello, cut, hello.length);
        send(ipv4(CLIENT, SERVER, 6, tcp(40000, 443, PSH | ACK, 1001, 1, new byte[0], first)));
        send(ipv4(CLIENT, SERVER, 6, tcp(40000, 443, PSH | ACK, 1001, 1, new byte[0], first)));
        send(ipv4(CLIENT, SERVER, 6, tcp(40000, 443, PSH | ACK, 1001 + cut, 1, new byte[0], rest)));
        assertThat(only().flow().tlsServerName()).isEqualTo(name);
    }

    @Test
    void anHttpRequestWithALongUrlIsPutBackTogether() {
        byte[] request = ("GET /track?" + "x".repeat(3000) + " HTTP/1.1\r\nUser-Agent: test\r\nHost: Ads.Example.TEST:8080"
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        clientSends(80, request, 1448, 1448);
        Connection c = only();
        assertThat(c.flow().httpHost()).isEqualTo("ads.example.test");
        assertThat(c.enrichment().remoteDomain()).isEqualTo("ads.example.test");
    }

    @Test
    void onlyTheFirstThreeClientSegmentsAreLookedAt() {
        byte[] request = ("GET /" + "x".repeat(400) + " HTTP/1.1\r\nHost: late.example.test\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        clientSends(80, request, 100, 100, 100);
        assertThat(only().flow().httpHost()).isNull();
    }

    @Test
    void aDnsResponseOverTcpInThreeSegments() {
        byte[] response = DnsBytes.response(7, "tcp.example.test", DnsBytes.A,
                new DnsBytes.Answer("tcp.example.test", DnsBytes.A, InetAddress.ofLiteral("203.0.113.9")));
        byte[] framed = new byte[response.length + 2];
        framed[0] = (byte) (response.length >> 8);
        framed[1] = (byte) response.length;
        System.arraycopy(response, 0, framed, 2, response.length);
        String resolver = "192.168.1.1";
        int[] cuts = {0, 2, 20, framed.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            send(ipv4(resolver, CLIENT, 6, tcp(53, 41000, PSH | ACK, 7000 + cuts[i], 1, new byte[0],
                    Arrays.copyOfRange(framed, cuts[i], cuts[i + 1]))));
        }
        send(ipv4(CLIENT, "203.0.113.9", 6, tcp(40001, 443, SYN, 1, 0, new byte[0], new byte[0])));
        tracker.finish();
        assertThat(listener.ended().getLast().flow().dnsName()).isEqualTo("tcp.example.test");
        assertThat(tracker.stats().dnsAddresses()).isEqualTo(1);
    }
}
