// Floods UDP through a veth pair and captures it with LiveCapture (see bench/run-capture-flood,
// docs/BENCHMARKS.md). Two roles, each run in its own network namespace:
//
//   java -cp target/connwatch.jar bench/CaptureFlood.java send HOST PORT SECONDS SIZE THREADS
//       datagrams of SIZE payload bytes to HOST:PORT as fast as THREADS connected sockets can;
//       prints "sent <datagrams> <nanos>"
//   java --enable-native-access=ALL-UNNAMED -cp target/connwatch.jar bench/CaptureFlood.java \
//       capture IFACE SECONDS [FILTER] [BLOCK_SIZE BLOCK_COUNT]
//       captures for SECONDS (from the first packet) with a sink that reads each packet's first and
//       last byte and counts (no allocation); prints "captured <packets> <bytes> <nanos>" and
//       "stats <received> <dropped> <ring-freezes> <delivered>", "cpu <nanos of the capture thread>"
//
// The capture prints "ready" once its ring is set up, so a script can start the sender after it.
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.connwatch.source.capture.PacketSink;
import org.connwatch.source.capture.live.CaptureStatistics;
import org.connwatch.source.capture.live.LiveCapture;
import org.connwatch.source.capture.live.LiveCaptureOptions;

public class CaptureFlood {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "send" -> send(args[1], Integer.parseInt(args[2]), Double.parseDouble(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "capture" -> capture(args);
            default -> throw new IllegalArgumentException("send | capture");
        }
    }

    static void send(String host, int port, double seconds, int size, int threads) throws Exception {
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime();
        long until = start + (long) (seconds * 1e9);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                try (DatagramChannel ch = DatagramChannel.open()) {
                    ch.connect(new InetSocketAddress(host, port));
                    ByteBuffer payload = ByteBuffer.allocateDirect(size);
                    long n = 0;
                    while ((n & 255) != 0 || System.nanoTime() < until) {
                        payload.clear();
                        try {
                            ch.write(payload);
                        } catch (java.io.IOException e) {
                            // port unreachable from an earlier datagram: keep going
                        }
                        n++;
                    }
                    sent.addAndGet(n);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        System.out.println("sent " + sent.get() + " " + (System.nanoTime() - start));
    }

    /** Counts packets and bytes, reading the first and last byte of each: what any real sink must at least touch. */
    static final class CountingSink implements PacketSink {
        long packets;
        long bytes;
        long firstAt;
        long lastAt;
        int checksum;

        @Override
        public void packet(long epochNanos, int interfaceId, int linkType, MemorySegment data, long offset,
                           int capturedLength, int originalLength) {
            if (packets == 0) {
                firstAt = System.nanoTime();
            }
            lastAt = System.nanoTime();
            packets++;
            bytes += originalLength;
            if (capturedLength > 0) {
                checksum += data.get(ValueLayout.JAVA_BYTE, offset) + data.get(ValueLayout.JAVA_BYTE,
                        offset + capturedLength - 1);
            }
        }
    }

    static void capture(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[2]);
        LiveCaptureOptions options = LiveCaptureOptions.onInterface(args[1]);
        if (args.length > 3 && !args[3].isEmpty()) {
            options = options.withFilter(args[3]);
        }
        if (args.length > 5) {
            options = options.withRing(Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        }
        CountingSink sink = new CountingSink();
        try (LiveCapture capture = LiveCapture.open(options)) {
            System.out.println("ready " + capture.description());
            System.out.flush();
            long limit = (long) (seconds * 1e9);
            long started = System.nanoTime();
            long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            // Stop SECONDS after the first packet (the sender starts after "ready"), or when none came
            // (a filter that matches nothing) SECONDS after the sender must have finished.
            capture.run(sink, now -> {
                long t = System.nanoTime();
                if (sink.packets > 0 ? t - sink.firstAt > limit : t - started > 2 * limit + 5_000_000_000L) {
                    capture.stop();
                }
            });
            long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore;
            CaptureStatistics s = capture.statistics();
            System.out.println("captured " + sink.packets + " " + sink.bytes + " " + (sink.lastAt - sink.firstAt)
                    + " checksum " + sink.checksum);
            System.out.println("stats " + s.received() + " " + s.dropped() + " " + s.ringFreezes() + " "
                    + s.delivered());
            System.out.println("cpu " + cpu);
        }
    }
}
