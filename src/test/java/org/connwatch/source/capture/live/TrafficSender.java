package org.connwatch.source.capture.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a child JVM inside a test's network namespace: sends known traffic, prints one line
 * {@code done ...} and exits.
 *
 * <pre>
 *   TrafficSender udp HOST PORT SIZE,SIZE,...   one datagram of each size, 2 ms apart
 *   TrafficSender tcp HOST PORT BYTES           connects, sends BYTES, closes, waits for the server to close
 *   TrafficSender flood HOST PORT SECONDS SIZE [--threads N]
 *                                               datagrams as fast as it can; prints {@code done sent=N nanos=T}
 * </pre>
 * Payloads are {@link LiveCaptureLoopbackTest#payload}, so a capture can check their bytes.
 */
public final class TrafficSender {
    private TrafficSender() {
    }

    public static void main(String[] argv) throws Exception {
        ProbeArgs args = ProbeArgs.parse(argv);
        String host = args.word(1);
        int port = Integer.parseInt(args.word(2));
        InetSocketAddress to = new InetSocketAddress(host, port);
        switch (args.word(0)) {
            case "udp" -> {
                int count = 0;
                try (DatagramChannel ch = DatagramChannel.open()) {
                    for (String size : args.word(3).split(",")) {
                        ch.send(ByteBuffer.wrap(LiveCaptureLoopbackTest.payload(Integer.parseInt(size))), to);
                        count++;
                        Thread.sleep(2);
                    }
                }
                System.out.println("done udp=" + count);
            }
            case "tcp" -> {
                int bytes = Integer.parseInt(args.word(3));
                try (Socket s = new Socket()) {
                    s.connect(to, 5000);
                    OutputStream out = s.getOutputStream();
                    out.write(LiveCaptureLoopbackTest.payload(bytes));
                    out.flush();
                    s.shutdownOutput();
                    InputStream in = s.getInputStream();
                    while (in.read() >= 0) {
                        // until the server closes too
                    }
                    System.out.println("done tcp=" + bytes + " local=" + s.getLocalPort());
                }
            }
            case "flood" -> {
                long nanos = (long) (Double.parseDouble(args.word(3)) * 1e9);
                int size = Integer.parseInt(args.word(4));
                int threads = args.number("threads", 1);
                AtomicLong sent = new AtomicLong();
                long start = System.nanoTime();
                List<Thread> all = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    all.add(Thread.ofPlatform().start(() -> flood(to, size, start + nanos, sent)));
                }
                for (Thread t : all) {
                    t.join();
                }
                System.out.println("done sent=" + sent.get() + " nanos=" + (System.nanoTime() - start));
            }
            default -> throw new IllegalArgumentException("udp|tcp|flood");
        }
    }

    private static void flood(InetSocketAddress to, int size, long until, AtomicLong sent) {
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(to);
            ByteBuffer payload = ByteBuffer.allocateDirect(size);
            long n = 0;
            while ((n & 1023) != 0 || System.nanoTime() < until) {
                payload.clear();
                try {
                    ch.write(payload);
                } catch (IOException e) {
                    // ICMP port unreachable from a closed port comes back as an error: keep sending
                }
                n++;
            }
            sent.addAndGet(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
