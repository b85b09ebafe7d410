package org.connwatch.lab;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Phones home like malware: every N ms, give or take J percent, connects to a server, sends a
 * small request and closes. Each beacon is scheduled from the previous one's start, so the period
 * does not drift.
 *
 * <p>{@code Beacon IP PORT [--every MS] [--jitter PERCENT] [--count N] [--seed S]}. Prints
 * {@code beaconing every=MS jitter=J remote=IP:PORT}, then per beacon
 * {@code beacon n=K local=IP:PORT at=EPOCH_MS} (or {@code failed n=K error=...}).
 */
public final class Beacon {
    private Beacon() {
    }

    public static void main(String[] argv) {
        try {
            LabProgram.Args args = LabProgram.Args.parse(argv);
            String usage = "Beacon IP PORT [--every MS] [--jitter PERCENT] [--count N] [--seed S]";
            String ip = args.arg(0, usage);
            int port = Integer.parseInt(args.arg(1, usage));
            long every = args.number("every", 2000);
            double jitter = args.number("jitter", 30) / 100.0;
            long count = args.number("count", Long.MAX_VALUE);
            Random random = args.options().containsKey("seed") ? new Random(args.number("seed", 0)) : new Random();
            LabProgram.exitOnStdinEnd();
            LabProgram.say("beaconing every=" + every + " jitter=" + Math.round(jitter * 100) + " remote=" + ip + ":" + port);
            long next = System.nanoTime();
            for (long n = 1; n <= count; n++) {
                long wait = (next - System.nanoTime()) / 1_000_000;
                if (!LabProgram.sleep(wait)) {
                    break;
                }
                beacon(ip, port, n);
                double factor = 1 + (random.nextDouble() * 2 - 1) * jitter;
                next += (long) (every * factor * 1_000_000);
            }
            System.exit(0);
        } catch (Exception e) {
            LabProgram.fail("Beacon", e);
        }
    }

    private static void beacon(String ip, int port, long n) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(ip, port), 2000);
            String request = "GET /c2/checkin?n=" + n + " HTTP/1.0\r\nHost: " + ip + "\r\nUser-Agent: lab-beacon\r\n\r\n";
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            LabProgram.say("beacon n=" + n + " local=" + LabProgram.local(s) + " at=" + System.currentTimeMillis());
        } catch (Exception e) {
            LabProgram.say("failed n=" + n + " error=" + e.toString().replace(' ', '_'));
        }
    }
}
