package org.connwatch.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal SMTP server (RFC 5321 dialogue: 220 greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT) that accepts every message and throws it away.
 *
 * <p>{@code SmtpServer [--port 25] [--name mx.example.test]}. Prints {@code listening port=P},
 * then {@code accept remote=...} and {@code message remote=... from=... to=... bytes=N id=...}.
 */
public final class SmtpServer {
    private static final AtomicLong IDS = new AtomicLong();

    private SmtpServer() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            int port = (int) args.number("port", 25);
            String name = args.opt("name", "mail.lab.test");
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(port), 128);
            LabProgram.exitOnStdinEnd();
            LabProgram.say("listening port=" + server.getLocalPort() + " name=" + name);
            while (true) {
                Socket s = server.accept();
                LabProgram.say("accept remote=" + LabProgram.remote(s) + " at=" + System.currentTimeMillis());
                Thread.ofVirtual().start(() -> serve(s, name));
            }
        } catch (Exception e) {
            LabProgram.fail("SmtpServer", e);
        }
    }

    private static void serve(Socket s, String name) {
        String remote = LabProgram.remote(s);
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            reply(out, "220 " + name + " ESMTP lab ready");
            String from = null;
            List<String> to = new ArrayList<>();
            for (String line; (line = LabProgram.readLine(in)) != null; ) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-" + name + " greets " + arg(line, 5) + "\r\n250-SIZE 52428800\r\n250-8BITMIME\r\n250 HELP");
                    case "HELO" -> reply(out, "250 " + name);
                    case "MAIL" -> {
                        from = address(line);
                        to.clear();
                        reply(out, "250 2.1.0 OK");
                    }
                    case "RCPT" -> {
                        if (from == null) {
                            reply(out, "503 5.5.1 MAIL first");
                        } else {
                            to.add(address(line));
                            reply(out, "250 2.1.5 OK");
                        }
                    }
                    case "DATA" -> {
                        if (to.isEmpty()) {
                            reply(out, "503 5.5.1 RCPT first");
                            break;
                        }
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        long bytes = 0;
                        for (String body; (body = LabProgram.readLine(in)) != null && !body.equals("."); ) {
                            bytes += body.length() + 2;
                        }
                        long id = IDS.incrementAndGet();
                        reply(out, "250 2.0.0 OK queued as LAB" + id);
                        LabProgram.say("message remote=" + remote + " from=" + from + " to=" + String.join(",", to)
                                + " bytes=" + bytes + " id=LAB" + id);
                        from = null;
                        to.clear();
                    }
                    case "RSET" -> {
                        from = null;
                        to.clear();
                        reply(out, "250 2.0.0 OK");
                    }
                    case "NOOP" -> reply(out, "250 2.0.0 OK");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            // client went away
        } finally {
            LabProgram.say("closed remote=" + remote + " at=" + System.currentTimeMillis());
        }
    }

    private static String arg(String line, int from) {
        return line.length() > from ? line.substring(from).strip() : "";
    }

    private static String address(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>');
        return lt >= 0 && gt > lt ? line.substring(lt + 1, gt) : arg(line, line.indexOf(':') + 1);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
