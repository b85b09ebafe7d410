package org.connwatch.source.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.connwatch.records.Connection;
import org.connwatch.source.capture.file.CaptureFile;
import org.connwatch.records.IpAddresses;
import org.connwatch.records.Transport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names land on the right flows, in a real capture: a tiny DNS responder (UDP and TCP port 53) on
 * a loopback address answers the test's clients, who then connect to the answered addresses; an
 * HTTP request carries a Host; a Java {@link SSLSocket} sends a ClientHello with a server name.
 *
 * <p>Clients: alice 127.77.N.2, bob .4, carol .5; the resolver is .53, the servers .3, .6 and .7.
 */
class AppNamesCaptureTest {
    @TempDir
    Path dir;

    private final Map<String, byte[]> zone = new ConcurrentHashMap<>();
    private String net;

    private InetAddress at(int host) {
        return IpAddresses.parse(net + host);
    }

    @Test
    void dnsNamesTlsServerNamesAndHttpHostsLandOnTheirFlows() throws Exception {
        TcpdumpCapture.unavailableReason().ifPresent(reason -> Assumptions.abort(reason));
        net = "127.77." + ThreadLocalRandom.current().nextInt(1, 250) + ".";
        InetAddress alice = at(2);
        InetAddress bob = at(4);
        InetAddress carol = at(5);
        InetAddress resolver = at(53);
        Path file = dir.resolve("names.pcap");
        List<Thread> threads = new ArrayList<>();
        try (DatagramSocket dnsUdp = new DatagramSocket(new InetSocketAddress(resolver, 53));
             ServerSocket dnsTcp = new ServerSocket(53, 10, resolver);
             ServerSocket web = new ServerSocket(0, 10, at(3));
             ServerSocket late = new ServerSocket(0, 10, at(6));
             ServerSocket viaTcp = new ServerSocket(0, 10, at(7))) {
            threads.add(Thread.ofVirtual().start(() -> serveDnsUdp(dnsUdp)));
            threads.add(Thread.ofVirtual().start(() -> serveDnsTcp(dnsTcp)));
            for (ServerSocket s : List.of(web, late, viaTcp)) {
                threads.add(Thread.ofVirtual().start(() -> serveWeb(s)));
            }
            try (TcpdumpCapture capture = TcpdumpCapture.start(List.of(), "lo", file, List.of(),
                    "net " + net + "0/24")) {
                zone.put("app.example.test", DnsBytes.response(0, "app.example.test", DnsBytes.A,
                        new DnsBytes.Answer("app.example.test", DnsBytes.CNAME, "edge.cdn.test"),
                        new DnsBytes.Answer("edge.cdn.test", DnsBytes.A, at(3))));
                zone.put("other.example.test", DnsBytes.response(0, "other.example.test", DnsBytes.A,
                        new DnsBytes.Answer("other.example.test", DnsBytes.A, at(3))));
                zone.put("late.example.test", DnsBytes.response(0, "late.example.test", DnsBytes.A,
                        new DnsBytes.Answer("late.example.test", DnsBytes.A, at(6))));
                zone.put("tcp.example.test", DnsBytes.response(0, "tcp.example.test", DnsBytes.A,
                        new DnsBytes.Answer("tcp.example.test", DnsBytes.A, at(7))));

                resolve(alice, resolver, "app.example.test");
                resolve(bob, resolver, "other.example.test");
                try (Socket early = connect(carol, late)) { // before anyone learns a name for .6
                    resolve(alice, resolver, "late.example.test");
                    early.getOutputStream().write("early".getBytes(StandardCharsets.US_ASCII));
                }
                talk(alice, late, "after the answer");
                http(alice, web, "www.example.test");
                talk(bob, web, "hello");
                talk(carol, web, "hello");
                tls(alice, web, "secure.example.test");
                resolveOverTcp(alice, resolver, "tcp.example.test");
                talk(alice, viaTcp, "hello");
            }
        } finally {
            threads.forEach(Thread::interrupt);
        }

        RecordingListener listener = new RecordingListener();
        FlowTracker tracker = new FlowTracker(listener);
        CaptureFile.read(file, tracker);
        tracker.finish();
        List<Connection> tcp = listener.ended().stream().filter(c -> c.transport() == Transport.TCP
                && c.remote().port() != 53).toList();

        Connection carolEarly = one(tcp, carol, 6);
        assertThat(carolEarly.flow().dnsName()).as("the answer came after the flow began").isNull();
        assertThat(one(tcp, alice, 6).flow().dnsName()).isEqualTo("late.example.test");

        List<Connection> aliceWeb = tcp.stream().filter(c -> c.local().address().equals(alice)
                && c.remote().address().equals(at(3))).toList();
        assertThat(aliceWeb).hasSize(2).allSatisfy(c -> assertThat(c.flow().dnsName())
                .as("the name alice asked for, not the CNAME target").isEqualTo("app.example.test"));
        Connection http = aliceWeb.stream().filter(c -> c.flow().httpHost() != null).findFirst().orElseThrow();
        assertThat(http.flow().httpHost()).isEqualTo("www.example.test");
        assertThat(http.enrichment().remoteDomain()).isEqualTo("www.example.test");
        Connection tls = aliceWeb.stream().filter(c -> c.flow().tlsServerName() != null).findFirst().orElseThrow();
        assertThat(tls.flow().tlsServerName()).isEqualTo("secure.example.test");
        assertThat(tls.enrichment().remoteDomain()).isEqualTo("secure.example.test");
        assertThat(tls.flow().httpHost()).isNull();

        assertThat(one(tcp, bob, 3).flow().dnsName()).as("bob's own answer").isEqualTo("other.example.test");
        assertThat(one(tcp, carol, 3).flow().dnsName()).as("carol asked nothing: the latest answer of anyone")
                .isEqualTo("other.example.test");
        assertThat(one(tcp, bob, 3).enrichment().remoteDomain()).isEqualTo("other.example.test");
        assertThat(one(tcp, alice, 7).flow().dnsName()).as("answered over TCP").isEqualTo("tcp.example.test");

        CaptureStats stats = tracker.stats();
        assertThat(stats.dnsAddresses()).as("one A record per answered name").isEqualTo(4);
        assertThat(stats.dnsMessages()).as("3 UDP queries, their responses, and the TCP response").isEqualTo(7);
        assertThat(stats.tlsServerNames()).isEqualTo(1);
        assertThat(stats.httpHosts()).isEqualTo(1);
        assertThat(stats.malformedAppPayloads()).isZero();
    }

    private Connection one(List<Connection> tcp, InetAddress client, int server) {
        InetAddress s = at(server);
        List<Connection> found = tcp.stream().filter(c -> c.local().address().equals(client)
                && c.remote().address().equals(s)).toList();
        assertThat(found).as("flows from %s to %s", client, s).hasSize(1);
        return found.getFirst();
    }

    private static Socket connect(InetAddress from, ServerSocket to) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(to.getLocalSocketAddress(), 5000);
        return s;
    }

    private static void talk(InetAddress from, ServerSocket to, String text) throws IOException {
        try (Socket s = connect(from, to)) {
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            s.getInputStream().readAllBytes();
        }
    }

    private static void http(InetAddress from, ServerSocket to, String host) throws IOException {
        talk(from, to, "GET /index.html HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: connwatch-test\r\n\r\n");
    }

    private static void tls(InetAddress from, ServerSocket to, String serverName) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(to.getLocalSocketAddress(), 5000);
            s.setSoTimeout(5000);
            SSLParameters params = s.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(serverName)));
            s.setSSLParameters(params);
            s.startHandshake();
        } catch (IOException expected) {
            // The server only reads the ClientHello and hangs up: the name is all the test needs.
        }
    }

    private static void resolve(InetAddress client, InetAddress resolver, String name) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(client, 0))) {
            s.setSoTimeout(5000);
            byte[] q = DnsBytes.query(0x1234, name, DnsBytes.A);
            s.send(new DatagramPacket(q, q.length, new InetSocketAddress(resolver, 53)));
            s.receive(new DatagramPacket(new byte[512], 512));
        }
    }

    private static void resolveOverTcp(InetAddress client, InetAddress resolver, String name) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(client, 0));
            s.connect(new InetSocketAddress(resolver, 53), 5000);
            byte[] q = DnsBytes.query(0x4321, name, DnsBytes.A);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(q.length);
            out.write(q);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readFully(new byte[in.readUnsignedShort()]);
        }
    }

    /** The answer for the question of a query, with the query's id; an empty response for an unknown name. */
    private byte[] answer(byte[] query, int length) {
        int at = 12;
        StringBuilder name = new StringBuilder();
        while (at < length && query[at] != 0) {
            int n = query[at];
            name.append(name.isEmpty() ? "" : ".").append(new String(query, at + 1, n, StandardCharsets.US_ASCII));
            at += n + 1;
        }
        byte[] r = zone.getOrDefault(name.toString(), DnsBytes.response(0, name.toString(), DnsBytes.A)).clone();
        r[0] = query[0];
        r[1] = query[1];
        return r;
    }

    private void serveDnsUdp(DatagramSocket s) {
        byte[] buffer = new byte[512];
        while (!s.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                s.receive(p);
                byte[] r = answer(buffer, p.getLength());
                s.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
            } catch (IOException e) {
                // closed at the end of the test
            }
        }
    }

    private void serveDnsTcp(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] q = new byte[in.readUnsignedShort()];
                in.readFully(q);
                byte[] r = answer(q, q.length);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeShort(r.length);
                out.write(r);
                out.flush();
            } catch (IOException e) {
                // closed at the end of the test
            }
        }
    }

    /** Reads what a client sends; answers an HTTP request, hangs up after anything else. */
    private static void serveWeb(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                byte[] first = new byte[4096];
                int n = in.read(first);
                OutputStream out = s.getOutputStream();
                if (n > 3 && new String(first, 0, 4, StandardCharsets.US_ASCII).equals("GET ")) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                            .getBytes(StandardCharsets.US_ASCII));
                } else if (n > 0 && first[0] != 0x16) {
                    in.readAllBytes();
                }
            } catch (IOException e) {
                // closed at the end of the test, or the client gave up
            }
        }
    }
}
