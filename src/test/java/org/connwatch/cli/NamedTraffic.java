package org.connwatch.cli;

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
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Traffic with names in it, on loopback addresses of one /24 ({@code 127.79.N.0/24}), for capture
 * tests: a client at .2 asks a tiny DNS responder at .53 (UDP port 53, root needed) for
 * {@value #DNS_NAME}, which it answers with the server at .3; the client then sends
 * {@value #REQUEST} bytes over TCP and gets {@value #REPLY} back, exchanges {@link #DATAGRAMS}
 * UDP datagrams with an echo, makes an HTTP request for host {@value #HTTP_HOST}, and sends a TLS
 * ClientHello (a JDK {@link SSLSocket}) naming {@value #TLS_NAME} to a server that reads it and
 * hangs up. Five flows: DNS, TCP data, UDP echo, HTTP, TLS.
 *
 * <p>{@code NamedTraffic FILE [NET]} records it with tcpdump into FILE: how the fixture
 * {@code names.pcap} was made ({@code NET} 127.79.200.).
 */
final class NamedTraffic implements AutoCloseable {
    static final String DNS_NAME = "files.example.test";
    static final String HTTP_HOST = "www.example.test";
    static final String TLS_NAME = "secure.example.test";
    static final int REQUEST = 3000;
    static final int REPLY = 20_000;
    static final int[] DATAGRAMS = {100, 200, 300};

    private final String net;
    private final DatagramSocket dns;
    private final ServerSocket data;
    private final DatagramSocket echo;
    private final ServerSocket web;
    private final ServerSocket tls;
    private final List<Thread> threads = new ArrayList<>();

    /** Starts the servers on {@code net} ({@code 127.79.200.}). */
    NamedTraffic(String net) throws IOException {
        this.net = net;
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            dns = open(opened, new DatagramSocket(new InetSocketAddress(at(53), 53)));
            data = open(opened, new ServerSocket(0, 10, at(3)));
            echo = open(opened, new DatagramSocket(new InetSocketAddress(at(3), 0)));
            web = open(opened, new ServerSocket(0, 10, at(3)));
            tls = open(opened, new ServerSocket(0, 10, at(3)));
        } catch (IOException | RuntimeException e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        threads.add(Thread.ofVirtual().start(this::serveDns));
        threads.add(Thread.ofVirtual().start(this::serveEcho));
        threads.add(Thread.ofVirtual().start(() -> serve(data, NamedTraffic::reply)));
        threads.add(Thread.ofVirtual().start(() -> serve(web, NamedTraffic::answerHttp)));
        threads.add(Thread.ofVirtual().start(() -> serve(tls, NamedTraffic::readHelloAndHangUp)));
    }

    private static <T extends AutoCloseable> T open(List<AutoCloseable> opened, T socket) {
        opened.add(socket);
        return socket;
    }

    /** The address {@code net + host}. */
    InetAddress at(int host) throws IOException {
        return InetAddress.getByName(net + host);
    }

    /** The server's ports: TCP data, UDP echo, HTTP, TLS. */
    record Ports(int data, int echo, int web, int tls) {
    }

    Ports ports() {
        return new Ports(data.getLocalPort(), echo.getLocalPort(), web.getLocalPort(), tls.getLocalPort());
    }

    /** The client's part, from .2: the lookup, then the four exchanges with the server it named. */
    void run() throws Exception {
        InetAddress client = at(2);
        InetAddress server;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(client, 0))) {
            s.setSoTimeout(5000);
            byte[] q = DnsWire.query(0x2a2a, DNS_NAME);
            s.send(new DatagramPacket(q, q.length, new InetSocketAddress(at(53), 53)));
            DatagramPacket r = new DatagramPacket(new byte[512], 512);
            s.receive(r);
            server = InetAddress.getByAddress(java.util.Arrays.copyOfRange(r.getData(), r.getLength() - 4,
                    r.getLength()));
        }
        try (Socket s = connect(client, server, data.getLocalPort())) {
            s.getOutputStream().write(new byte[REQUEST]);
            s.shutdownOutput();
            if (s.getInputStream().readAllBytes().length != REPLY) {
                throw new IOException("the data server's reply was cut short");
            }
        }
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(client, 0))) {
            s.setSoTimeout(5000);
            for (int size : DATAGRAMS) {
                s.send(new DatagramPacket(new byte[size], size, new InetSocketAddress(server, echo.getLocalPort())));
                s.receive(new DatagramPacket(new byte[2048], 2048));
            }
        }
        try (Socket s = connect(client, server, web.getLocalPort())) {
            String request = "GET /index.html HTTP/1.1\r\nHost: " + HTTP_HOST
                    + "\r\nUser-Agent: connwatch-test\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.bind(new InetSocketAddress(client, 0));
            s.connect(new InetSocketAddress(server, tls.getLocalPort()), 5000);
            s.setSoTimeout(5000);
            SSLParameters params = s.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(TLS_NAME)));
            s.setSSLParameters(params);
            s.startHandshake();
        } catch (IOException expected) {
            // The server hangs up after the ClientHello: the name in it is all the test needs.
        }
    }

    private static Socket connect(InetAddress from, InetAddress to, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(to, port), 5000);
        return s;
    }

    private void serveDns() {
        byte[] buffer = new byte[512];
        while (!dns.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                dns.receive(p);
                boolean known = DnsWire.questionName(buffer, p.getLength()).equals(DNS_NAME);
                byte[] r = DnsWire.answer(buffer, p.getLength(), known ? at(3) : null);
                dns.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
            } catch (IOException e) {
                // closed at the end
            }
        }
    }

    private void serveEcho() {
        byte[] buffer = new byte[2048];
        while (!echo.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                echo.receive(p);
                echo.send(new DatagramPacket(buffer, p.getLength(), p.getSocketAddress()));
            } catch (IOException e) {
                // closed at the end
            }
        }
    }

    /** What a server does with one client. */
    private interface Session {
        void serve(Socket s) throws IOException;
    }

    private static void serve(ServerSocket server, Session session) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                session.serve(s);
            } catch (IOException e) {
                // closed at the end, or the client gave up
            }
        }
    }

    private static void reply(Socket s) throws IOException {
        s.getInputStream().readAllBytes();
        s.getOutputStream().write(new byte[REPLY]);
    }

    private static void answerHttp(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        for (int b; head.indexOf("\r\n\r\n") < 0 && (b = in.read()) != -1; ) {
            head.append((char) b);
        }
        OutputStream out = s.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        s.shutdownOutput();
        in.readAllBytes(); // the client closes first: no reset for unread bytes
    }

    /** Reads the whole ClientHello record (its length is in the 5-byte record header), then closes. */
    private static void readHelloAndHangUp(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] header = in.readNBytes(5);
        if (header.length == 5) {
            in.readNBytes((header[3] & 0xff) << 8 | (header[4] & 0xff));
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : List.of(dns, data, echo, web, tls)) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a server socket does not fail in a way the test cares about
            }
        }
        threads.forEach(Thread::interrupt);
    }

    /** Records the traffic with tcpdump into a file (how the fixture was made). */
    public static void main(String[] args) throws Exception {
        String net = args.length > 1 ? args[1] : "127.79.200.";
        try (NamedTraffic traffic = new NamedTraffic(net);
             TcpdumpRecording _ = TcpdumpRecording.start(List.of(), "lo", Path.of(args[0]),
                     "net " + net + "0/24")) {
            traffic.run();
        }
    }
}
