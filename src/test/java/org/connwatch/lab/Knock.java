package org.connwatch.lab;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Tries a service the way a scanner or an intruder does: connects, sends one line, closes its
 * side first and waits for the server to close. The short inbound connection a listener on an
 * unexpected port receives; the server's side ends closed at once (this side keeps the
 * TIME_WAIT), so only a capture of the network still shows it afterwards.
 *
 * <p>{@code Knock IP PORT [--text WORDS]}. Prints
 * {@code knocked local=IP:PORT remote=IP:PORT bytes=N} once the server closed, and exits.
 */
public final class Knock {
    private Knock() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            String usage = "Knock IP PORT [--text WORDS]";
            InetAddress ip = InetAddress.ofLiteral(args.arg(0, usage));
            int port = Integer.parseInt(args.arg(1, usage));
            byte[] text = (args.opt("text", "HELLO") + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, port), 5000);
                s.setSoTimeout(5000);
                s.getOutputStream().write(text);
                s.getOutputStream().flush();
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                byte[] discard = new byte[4096];
                while (in.read(discard) != -1) {
                    // a Sink sends nothing: this waits for its close
                }
                LabProgram.say("knocked local=" + LabProgram.local(s) + " remote=" + LabProgram.remote(s)
                        + " bytes=" + text.length);
            }
            System.exit(0);
        } catch (Exception e) {
            LabProgram.fail("Knock", e);
        }
    }
}
