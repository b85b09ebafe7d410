package org.connwatch.lab;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Phones home like malware: looks its server up once (with {@code --dns}, at the lab's DNS
 * server), then every N ms, give or take J percent, connects, sends a small HTTP GET naming the
 * server in its Host header, and closes. Each beacon is scheduled from the previous one's start,
 * so the period does not drift.
 *
 * <p>{@code Beacon HOST PORT [--dns SERVER] [--every MS] [--jitter PERCENT] [--count N] [--seed S]},
 * HOST a name with {@code --dns}, else an IP. Prints
 * {@code beaconing every=MS jitter=J remote=IP:PORT host=HOST}, then per beacon
 * {@code beacon n=K local=IP:PORT at=EPOCH_MS} (or {@code failed n=K error=...}).
 */
public final class Beacon {
    private Beacon() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            String usage = "Beacon HOST PORT [--dns SERVER] [--every MS] [--jitter PERCENT] [--count N] [--seed S]";
            String host = args.arg(0, usage);
            int port = Integer.parseInt(args.arg(1, usage));
            long every = args.number("every", 2000);
            double jitter = args.number("jitter", 30) / 100.0;
            long count = args.number("count", Long.MAX_VALUE);
            Random random = args.options().containsKey("seed") ? new Random(args.number("seed", 0)) : new Random();
            LabProgram.exitOnStdinEnd();
            InetAddress ip = LabProgram.address(args, host);
            LabProgram.say("beaconing every=" + every + " jitter=" + Math.round(jitter * 100) + " remote="
                    + ip.getHostAddress() + ":" + port + " host=" + host);
            long next = System.nanoTime();
            for (long n = 1; n <= count; n++) {
                long wait = (next - System.nanoTime()) / 1_000_000;
                if (!LabProgram.sleep(wait)) {
                    break;
                }
                beacon(ip, host, port, n);
                double factor = 1 + (random.nextDouble() * 2 - 1) * jitter;
                next += (long) (every * factor * 1_000_000);
            }
            System.exit(0);
        } catch (Exception e) {
            LabProgram.fail("Beacon", e);
        }
    }

    private static void beacon(InetAddress ip, String host, int port, long n) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 2000);
            String request = "GET /c2/checkin?n=" + n + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: lab-beacon\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            LabProgram.say("beacon n=" + n + " local=" + LabProgram.local(s) + " at=" + System.currentTimeMillis());
        } catch (Exception e) {
            LabProgram.say("failed n=" + n + " error=" + e.toString().replace(' ', '_'));
        }
    }
}
