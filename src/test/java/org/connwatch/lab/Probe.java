package org.connwatch.lab;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checks that hosts reach each other: serves a TCP and a UDP echo on one port, and on the
 * command {@code go} (a line on standard input) checks each target by sending a word and
 * reading it back.
 *
 * <p>{@code Probe PORT TARGET...} with targets {@code tcp:IP:PORT} or {@code udp:IP:PORT}. Prints
 * {@code listening port=P}, then after {@code go}: {@code ok TARGET} or {@code fail TARGET error}
 * per target, then {@code done ok=N fail=M}.
 */
public final class Probe {
    private Probe() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            int port = Integer.parseInt(args.arg(0, "Probe PORT tcp:IP:PORT|udp:IP:PORT..."));
            List<String> targets = args.positional().subList(1, args.positional().size());
            ServerSocket tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(port), 64);
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(port));
            Thread.ofPlatform().daemon().start(() -> tcpEcho(tcp));
            Thread.ofPlatform().daemon().start(() -> udpEcho(udp));
            LabProgram.watchStdin(line -> {
                if (line.equals("go")) {
                    check(targets);
                }
            }, () -> System.exit(0));
            LabProgram.say("listening port=" + port);
            LabProgram.awaitStop();
        } catch (Exception e) {
            LabProgram.fail("Probe", e);
        }
    }

    private static void check(List<String> targets) {
        int ok = 0;
        for (String t : targets) {
            String[] p = t.split(":");
            String word = "probe-" + System.nanoTime();
            try {
                String back = p[0].equals("udp") ? udp(p[1], Integer.parseInt(p[2]), word)
                        : tcp(p[1], Integer.parseInt(p[2]), word);
                if (word.equals(back)) {
                    ok++;
                    LabProgram.say("ok " + t);
                } else {
                    LabProgram.say("fail " + t + " echoed=" + back);
                }
            } catch (Exception e) {
                LabProgram.say("fail " + t + " " + e.toString().replace(' ', '_'));
            }
        }
        LabProgram.say("done ok=" + ok + " fail=" + (targets.size() - ok));
    }

    private static String tcp(String ip, int port, String word) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 3000);
            s.setSoTimeout(3000);
            s.getOutputStream().write((word + "\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return LabProgram.readLine(s.getInputStream());
        }
    }

    private static String udp(String ip, int port, String word) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.connect(new InetSocketAddress(ip, port));
            s.setSoTimeout(1000);
            byte[] out = word.getBytes(StandardCharsets.US_ASCII);
            for (int attempt = 0; attempt < 3; attempt++) {
                s.send(new DatagramPacket(out, out.length));
                byte[] buf = new byte[512];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                    return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                } catch (SocketTimeoutException e) {
                    // the first packet may wait for ARP: try again
                }
            }
            throw new SocketTimeoutException("no UDP echo");
        }
    }

    private static void tcpEcho(ServerSocket server) {
        while (true) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        for (String line; (line = LabProgram.readLine(in)) != null; ) {
                            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    } catch (Exception e) {
                        // peer gone
                    }
                });
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void udpEcho(DatagramSocket socket) {
        byte[] buf = new byte[1500];
        while (true) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
            } catch (Exception e) {
                return;
            }
        }
    }
}
