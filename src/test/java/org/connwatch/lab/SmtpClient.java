package org.connwatch.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Sends one real message over SMTP (EHLO, MAIL, RCPT, DATA) to a server it looks up (with
 * {@code --dns}, at the lab's DNS server), then, with {@code --hold}, keeps the session open until
 * stopped (then QUIT), so the connection stays visible.
 *
 * <p>{@code SmtpClient HOST [PORT] [--dns SERVER] [--from a@x] [--to b@y] [--helo NAME] [--hold]},
 * HOST a name with {@code --dns}, else an IP. Prints
 * {@code sent local=IP:PORT remote=IP:PORT reply=250 id=...} once the server accepted the message.
 */
public final class SmtpClient {
    private SmtpClient() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            String usage = "SmtpClient HOST [PORT] [--dns SERVER] [--from a@x] [--to b@y] [--helo NAME] [--hold]";
            String host = args.arg(0, usage);
            int port = args.positional().size() > 1 ? Integer.parseInt(args.positional().get(1)) : 25;
            String from = args.opt("from", "alice@corp.example.test");
            String to = args.opt("to", "bob@example.test");
            String helo = args.opt("helo", "workstation.corp.example.test");
            boolean hold = args.flag("hold");
            LabProgram.watchStdin(line -> { }, () -> { });
            InetAddress ip = LabProgram.address(args, host);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, port), 5000);
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                expect(in, "220");
                command(out, "EHLO " + helo);
                expect(in, "250");
                command(out, "MAIL FROM:<" + from + ">");
                expect(in, "250");
                command(out, "RCPT TO:<" + to + ">");
                expect(in, "250");
                command(out, "DATA");
                expect(in, "354");
                String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
                command(out, "From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: lab message\r\nDate: " + date
                        + "\r\n\r\nThis message was sent directly, without the mail server.\r\n"
                        + "It crossed a network namespace lab.\r\n.");
                String accepted = expect(in, "250");
                String id = accepted.substring(accepted.lastIndexOf(' ') + 1);
                LabProgram.say("sent local=" + LabProgram.local(s) + " remote=" + LabProgram.remote(s)
                        + " reply=250 id=" + id + " from=" + from + " to=" + to);
                if (hold) {
                    s.setSoTimeout(0);
                    LabProgram.awaitStop();
                }
                command(out, "QUIT");
                s.setSoTimeout(2000);
                expect(in, "221");
            }
            System.exit(0);
        } catch (Exception e) {
            LabProgram.fail("SmtpClient", e);
        }
    }

    private static void command(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads a (possibly multi-line) reply; fails unless it has the expected code. Returns its last line. */
    private static String expect(InputStream in, String code) throws IOException {
        while (true) {
            String line = LabProgram.readLine(in);
            if (line == null) {
                throw new IOException("connection closed while waiting for " + code);
            }
            if (!line.startsWith(code)) {
                throw new IOException("expected " + code + ", got: " + line);
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }
}
