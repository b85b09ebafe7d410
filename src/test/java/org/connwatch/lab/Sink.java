package org.connwatch.lab;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP server that accepts many clients and discards what they send: the far end of an upload,
 * a beacon's command-and-control server, or an unexpected listener.
 *
 * <p>{@code Sink PORT [--bind IP]}. Prints {@code listening port=P}, then for each client
 * {@code accept remote=IP:PORT at=EPOCH_MS} and {@code closed remote=IP:PORT bytes=N at=EPOCH_MS}.
 */
public final class Sink {
    private Sink() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            int port = Integer.parseInt(args.arg(0, "Sink PORT [--bind IP]"));
            String bind = args.opt("bind", "0.0.0.0");
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(bind), port), 256);
            LabProgram.exitOnStdinEnd();
            LabProgram.say("listening port=" + server.getLocalPort() + " bind=" + bind);
            while (true) {
                Socket s = server.accept();
                LabProgram.say("accept remote=" + LabProgram.remote(s) + " local=" + LabProgram.local(s)
                        + " at=" + System.currentTimeMillis());
                Thread.ofVirtual().start(() -> drain(s));
            }
        } catch (Exception e) {
            LabProgram.fail("Sink", e);
        }
    }

    private static void drain(Socket s) {
        long total = 0;
        String remote = LabProgram.remote(s);
        try (s; InputStream in = s.getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) != -1; ) {
                total += n;
            }
        } catch (IOException e) {
            // a reset counts as the end
        }
        LabProgram.say("closed remote=" + remote + " bytes=" + total + " at=" + System.currentTimeMillis());
    }
}
