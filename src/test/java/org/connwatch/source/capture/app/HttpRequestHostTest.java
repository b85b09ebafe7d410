package org.connwatch.source.capture.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpRequestHostTest {

    /** What the JDK's HTTP client sends, read by a server socket on loopback. */
    private record Sent(byte[] request, String host) {
    }

    @Test
    void realRequestsOfTheJdkHttpClient() throws Exception {
        for (Sent s : realRequests()) {
            assertThat(HttpRequestHost.host(s.request(), 0, s.request().length))
                    .as(new String(s.request(), StandardCharsets.ISO_8859_1)).isEqualTo(s.host());
        }
    }

    /** A direct GET, a POST, a GET through a proxy (absolute target) and a CONNECT through a proxy. */
    private static List<Sent> realRequests() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 10, loopback)) {
            int port = server.getLocalPort();
            HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpClient proxied = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .proxy(ProxySelector.of(new InetSocketAddress(loopback, port)))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            byte[] get = exchange(server, () -> direct.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/index.html?q=1")).build(),
                    HttpResponse.BodyHandlers.discarding()));
            byte[] post = exchange(server, () -> direct.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/form")).POST(HttpRequest.BodyPublishers.ofString("a=b"))
                    .build(), HttpResponse.BodyHandlers.discarding()));
            byte[] viaProxy = exchange(server, () -> proxied.send(HttpRequest.newBuilder(
                    URI.create("http://Www.Example.COM:8080/a/b")).build(), HttpResponse.BodyHandlers.discarding()));
            byte[] connect = exchange(server, () -> {
                assertThatThrownBy(() -> proxied.send(HttpRequest.newBuilder(
                        URI.create("https://Secure.Example.COM/")).build(), HttpResponse.BodyHandlers.discarding()))
                        .isInstanceOf(IOException.class);
                return null;
            });
            assertThat(new String(connect, StandardCharsets.US_ASCII)).startsWith("CONNECT Secure.Example.COM:443 ");
            return List.of(new Sent(get, "127.0.0.1"), new Sent(post, "localhost"),
                    new Sent(viaProxy, "www.example.com"), new Sent(connect, "secure.example.com"));
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    /** Runs the client call while one connection is served; returns the request's head and body as sent. */
    private static byte[] exchange(ServerSocket server, Call call) throws Exception {
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> serve(server));
        call.run();
        return received.get(20, TimeUnit.SECONDS);
    }

    private static byte[] serve(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!new String(head.toByteArray(), StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                head.write(c);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.toLowerCase(Locale.ROOT).contains("content-length: 3")) {
                head.writeBytes(in.readNBytes(3));
            }
            String reply = text.startsWith("CONNECT") ? "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
                    : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
            s.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return head.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Built requests and the host each should give (null: none). */
    private static Map<String, String> builtRequests() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("GET / HTTP/1.1\r\nHost: Example.ORG\r\n\r\n", "example.org");
        m.put("HEAD /x HTTP/1.0\r\nUser-Agent: a\r\nhOST:   spaced.example:81 \t\r\nAccept: */*\r\n\r\n",
                "spaced.example");
        m.put("PUT /f HTTP/1.1\nHost: bare-lf.example\n\n", "bare-lf.example");
        m.put("DELETE /r HTTP/1.1\r\nHost: [2001:DB8::1]:8080\r\n\r\n", "2001:db8::1");
        m.put("OPTIONS * HTTP/1.1\r\nHost: 192.0.2.7:8443\r\n\r\n", "192.0.2.7");
        m.put("PATCH /p HTTP/1.1\r\nHost: first.example\r\nHost: second.example\r\n\r\n", "first.example");
        m.put("CONNECT tunnel.example:443 HTTP/1.1\r\nHost: other.example\r\n\r\n", "tunnel.example");
        m.put("CONNECT [2001:db8::2]:443 HTTP/1.1\r\n\r\n", "2001:db8::2");
        m.put("GET http://user:pw@Absolute.Example:8000/p?q HTTP/1.0\r\nAccept: */*\r\n\r\n", "absolute.example");
        m.put("M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n\r\n",
                "239.255.255.250");
        m.put("GET / HTTP/1.1\r\nHost: h\u00e9\u0007.example\r\n\r\n", "h\\xe9\\x07.example");
        m.put("GET / HTTP/1.1\r\nHost: name.example:http\r\n\r\n", "name.example:http");
        m.put("GET / HTTP/1.0\r\nAccept: */*\r\n\r\n", null);
        m.put("GET / HTTP/1.1\r\nHost: \r\n\r\n", null);
        m.put("GET / HTTP/1.1\r\nHost: [2001:db8::1\r\n\r\n", null);
        m.put("GET / HTTP/1.1\r\nAccept: */*\r\n\r\nHost: body.example\r\n", null);
        m.put("GET / HTTP/2.0\r\nHost: h2.example\r\n\r\n", null);
        m.put("get / HTTP/1.1\r\nHost: lower.example\r\n\r\n", null);
        m.put("GET  HTTP/1.1\r\nHost: a.example\r\n\r\n", null);
        m.put("-GET / HTTP/1.1\r\nHost: dash.example\r\n\r\n", null);
        m.put("HTTP/1.1 200 OK\r\nHost: response.example\r\n\r\n", null);
        m.put("SSH-2.0-OpenSSH_9.2\r\n", null);
        return m;
    }

    @Test
    void builtRequests_giveTheirHost() {
        builtRequests().forEach((request, host) -> {
            byte[] b = request.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(HttpRequestHost.host(b, 0, b.length)).as(request).isEqualTo(host);
        });
    }

    @Test
    void aRequestCutBeforeItsHostLineEndsGivesNull() {
        String request = "GET /a HTTP/1.1\r\nUser-Agent: x\r\nHost: cut.example\r\nAccept: */*\r\n\r\n";
        byte[] b = request.getBytes(StandardCharsets.US_ASCII);
        int hostLineEnd = request.indexOf("\r\nAccept") + 2;
        for (int len = 0; len <= b.length; len++) {
            assertThat(HttpRequestHost.host(b, 0, len)).as("the first %d bytes", len)
                    .isEqualTo(len >= hostLineEnd ? "cut.example" : null);
        }
        // An absolute target is not used while the headers (which may hold Host) are cut.
        byte[] absolute = "GET http://abs.example/ HTTP/1.1\r\nAccept: */*\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(HttpRequestHost.host(absolute, 0, absolute.length)).isNull();
    }

    @Test
    void theBytesMayStartAtAnOffsetAndLongHostsAreCut() {
        byte[] b = ("xxxGET / HTTP/1.1\r\nHost: " + "a".repeat(300) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(HttpRequestHost.host(b, 3, b.length - 3)).isEqualTo("a".repeat(PacketText.MAX_CHARS));
        assertThat(HttpRequestHost.host(b, 0, b.length)).isNull();
        assertThat(HttpRequestHost.host(b, 3, b.length)).isNull();
        assertThat(HttpRequestHost.host(null, 0, 1)).isNull();
    }

    /** tshark reads the same Host in the real and the built requests (sent to port 80). */
    @Test
    void tsharkFindsTheSameHosts(@TempDir Path dir) throws Exception {
        assumeTrue(Tshark.available(), "skipped: tshark is not installed (apt-get install tshark)");
        PcapWriter pcap = new PcapWriter();
        Map<Integer, String> ours = new LinkedHashMap<>();
        int port = 40000;
        for (Sent s : realRequests()) {
            ours.put(pcap.tcpSession("10.2.0.2", port++, "10.2.0.1", 80, s.request()), s.host());
        }
        // tshark's http.host is the Host header as it stands: compare where ours comes from that header too (not
        // CONNECT or an absolute target) and is printable (tshark escapes other bytes its own way).
        for (Map.Entry<String, String> e : builtRequests().entrySet()) {
            if (e.getValue() != null && e.getKey().toLowerCase(Locale.ROOT).contains("\nhost:")
                    && !e.getKey().startsWith("CONNECT") && !e.getValue().contains("\\x")) {
                byte[] b = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
                ours.put(pcap.tcpSession("10.2.0.2", port++, "10.2.0.1", 80, b), HttpRequestHost.host(b, 0, b.length));
            }
        }
        Map<Integer, Map<String, String>> tshark = Tshark.fields(pcap.write(dir.resolve("http.pcap")),
                List.of("http.host"));
        for (Map.Entry<Integer, String> e : ours.entrySet()) {
            String theirs = Tshark.values(tshark.get(e.getKey()), "http.host").getFirst();
            assertThat(e.getValue()).as("frame %d", e.getKey()).isEqualTo(withoutPort(theirs));
        }
    }

    /**
     * The host part of a Host header value as tshark prints it: tshark keeps the blanks after the
     * value (which RFC 9110 says are not part of it), a tab written as {@code \t}.
     */
    static String withoutPort(String value) {
        String v = value.replace("\\t", "\t").strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("[")) {
            return v.substring(1, v.indexOf(']'));
        }
        return v.matches("[^:]*:[0-9]*") ? v.substring(0, v.indexOf(':')) : v;
    }
}
