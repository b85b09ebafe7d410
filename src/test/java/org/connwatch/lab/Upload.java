package org.connwatch.lab;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sends N bytes to a server (a {@link Sink}) and stays connected until stopped, so the socket
 * keeps showing the bytes it moved. With {@code --http} the bytes are the body of an HTTP PUT
 * whose Host header names the server as it was looked up (with {@code --dns}, at the lab's DNS
 * server), as a backup client uploading to a web service does.
 *
 * <p>{@code Upload HOST PORT --bytes N [--dns SERVER] [--http] [--rate BYTES_PER_S]}, HOST a name
 * with {@code --dns}, else an IP. Prints {@code connected local=... remote=...} at once, then
 * {@code sent bytes=N seconds=S} when done (N counts the body, not the request's head).
 */
public final class Upload {
    private Upload() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            String usage = "Upload HOST PORT --bytes N [--dns SERVER] [--http] [--rate BYTES_PER_S]";
            String host = args.arg(0, usage);
            int port = Integer.parseInt(args.arg(1, usage));
            long bytes = args.number("bytes", 50L * 1024 * 1024);
            long rate = args.number("rate", 0);
            LabProgram.exitOnStdinEnd();
            InetAddress ip = LabProgram.address(args, host);
            Socket s = new Socket();
            s.connect(new InetSocketAddress(ip, port), 5000);
            LabProgram.say("connected local=" + LabProgram.local(s) + " remote=" + LabProgram.remote(s)
                    + " bytes=" + bytes);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            OutputStream out = s.getOutputStream();
            if (args.flag("http")) {
                out.write(("PUT /backup/lab-" + System.currentTimeMillis() + ".tar HTTP/1.1\r\nHost: " + host
                        + "\r\nUser-Agent: lab-backup\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                        + bytes + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            long start = System.nanoTime();
            long sent = 0;
            while (sent < bytes) {
                int n = (int) Math.min(chunk.length, bytes - sent);
                out.write(chunk, 0, n);
                sent += n;
                if (rate > 0) {
                    long due = start + (long) (sent * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0 && !LabProgram.sleep(wait / 1_000_000)) {
                        break;
                    }
                }
            }
            out.flush();
            LabProgram.say("sent bytes=" + sent + " local=" + LabProgram.local(s) + " seconds="
                    + String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - start) / 1e9));
            LabProgram.awaitStop();
            s.close();
        } catch (Exception e) {
            LabProgram.fail("Upload", e);
        }
    }
}
