package org.connwatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One end of the traffic of {@link CaptureCommandTest}, run in a child JVM inside a namespace.
 *
 * <ul>
 *   <li>{@code NetnsPeer serve tcp:IP:PORT udp:IP:PORT ...}: a TCP server that reads what a client
 *       sends until it shuts down its side and answers {@value #REPLY} bytes, and a UDP echo, at
 *       each address; prints {@code ready}, and ends when its standard input does.</li>
 *   <li>{@code NetnsPeer send tcp:IP:PORT:BYTES udp:IP:PORT:BYTES ...}: prints {@code ready}; on
 *       each line {@code go} on its standard input makes the exchanges in order (TCP: a connection
 *       sending BYTES and reading the reply; UDP: one datagram of BYTES and its echo), printing
 *       {@code sent PROTO LOCAL REMOTE} for each, then {@code done}.</li>
 * </ul>
 */
public final class NetnsPeer {
    /** Bytes the TCP server answers each client with. */
    static final int REPLY = 2000;

    private NetnsPeer() {
    }

    public static void main(String[] args) throws Exception {
        List<String> specs = List.of(args).subList(1, args.length);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (args[0].equals("serve")) {
            for (String spec : specs) {
                String[] p = spec.split(":");
                InetSocketAddress at = new InetSocketAddress(InetAddress.getByName(p[1]), Integer.parseInt(p[2]));
                if (p[0].equals("tcp")) {
                    ServerSocket server = new ServerSocket();
                    server.setReuseAddress(true);
                    server.bind(at);
                    Thread.ofPlatform().daemon().start(() -> serveTcp(server));
                } else {
                    DatagramSocket socket = new DatagramSocket(at);
                    Thread.ofPlatform().daemon().start(() -> echo(socket));
                }
            }
            say("ready");
            while (stdin.readLine() != null) {
                // runs until the test closes our standard input
            }
            return;
        }
        say("ready");
        for (String line; (line = stdin.readLine()) != null; ) {
            if (line.equals("go")) {
                for (String spec : specs) {
                    exchange(spec.split(":"));
                }
                say("done");
            }
        }
    }

    private static void exchange(String[] p) throws IOException {
        InetSocketAddress to = new InetSocketAddress(InetAddress.getByName(p[1]), Integer.parseInt(p[2]));
        int bytes = Integer.parseInt(p[3]);
        if (p[0].equals("tcp")) {
            try (Socket s = new Socket()) {
                s.connect(to, 5000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(new byte[bytes]);
                s.shutdownOutput();
                s.getInputStream().readAllBytes();
                say("sent tcp " + s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort() + " "
                        + p[1] + ":" + p[2]);
            }
        } else {
            try (DatagramSocket s = new DatagramSocket()) {
                s.setSoTimeout(10_000);
                s.connect(to); // so that the local address is the one the datagram leaves from
                s.send(new DatagramPacket(new byte[bytes], bytes, to));
                s.receive(new DatagramPacket(new byte[65536], 65536));
                say("sent udp " + s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort() + " "
                        + p[1] + ":" + p[2]);
            }
        }
    }

    private static void serveTcp(ServerSocket server) {
        while (true) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                s.getInputStream().readAllBytes();
                s.getOutputStream().write(new byte[REPLY]);
            } catch (IOException e) {
                // a client that gave up: serve the next
            }
        }
    }

    private static void echo(DatagramSocket socket) {
        byte[] buffer = new byte[65536];
        while (true) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                socket.receive(p);
                socket.send(new DatagramPacket(buffer, p.getLength(), p.getSocketAddress()));
            } catch (IOException e) {
                // one lost datagram: serve the next
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
