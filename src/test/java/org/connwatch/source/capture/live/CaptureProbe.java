package org.connwatch.source.capture.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Run in a child JVM (inside a test's network namespace, or as another user) by the tests: opens a
 * {@link LiveCapture}, prints {@code ready ...} (or {@code error <Exception> <message>} and exits
 * 2), captures until its standard input ends or says {@code stop}, then prints each packet as
 * {@code pkt <epochNanos> <ifindex> <linktype> <originalLength> <hex of the captured bytes>}
 * (unless {@code --quiet}) and {@code stats key=value...}, and exits.
 *
 * <pre>
 *   CaptureProbe --interface eth0|any [--filter EXPR] [--snap N] [--block-size B] [--block-count C]
 *                [--slow-micros N] [--promiscuous] [--quiet]
 * </pre>
 */
public final class CaptureProbe {
    private CaptureProbe() {
    }

    public static void main(String[] argv) throws Exception {
        ProbeArgs args = ProbeArgs.parse(argv);
        String name = args.option("interface", "any");
        LiveCaptureOptions options = (name.equals("any") ? LiveCaptureOptions.allInterfaces()
                : LiveCaptureOptions.onInterface(name))
                .withFilter(args.option("filter", null))
                .withSnapLength(args.number("snap", LiveCaptureOptions.MAX_SNAP_LENGTH))
                .withPromiscuous(args.flag("promiscuous"))
                .withRing(args.number("block-size", LiveCaptureOptions.DEFAULT_BLOCK_SIZE),
                        args.number("block-count", LiveCaptureOptions.DEFAULT_BLOCK_COUNT))
                .withPollTimeout(Duration.ofMillis(50));
        LiveCapture capture;
        try {
            capture = LiveCapture.open(options);
        } catch (IOException e) {
            say("error " + e.getClass().getSimpleName() + " " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean quiet = args.flag("quiet");
        long slowNanos = args.number("slow-micros", 0) * 1000L;
        List<String> packets = new ArrayList<>();
        AtomicLong ticks = new AtomicLong();
        Thread loop = Thread.ofPlatform().name("capture").start(() -> {
            try {
                capture.run((epochNanos, ifindex, linkType, data, offset, captured, original) -> {
                    if (!quiet) {
                        byte[] bytes = data.asSlice(offset, captured).toArray(ValueLayout.JAVA_BYTE);
                        packets.add("pkt " + epochNanos + " " + ifindex + " " + linkType + " " + original + " "
                                + HexFormat.of().formatHex(bytes));
                    }
                    if (slowNanos > 0) {
                        LockSupport.parkNanos(slowNanos);
                    }
                }, now -> ticks.incrementAndGet());
            } catch (IOException e) {
                say("error " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
        });
        say("ready linktype=" + (capture.linkType().isPresent() ? capture.linkType().getAsInt() : "per-packet")
                + " " + capture.description().replace(' ', '_'));
        long started = System.nanoTime();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null && !line.strip().equals("stop"); ) {
                // wait
            }
        }
        capture.stop();
        loop.join();
        long elapsed = System.nanoTime() - started;
        CaptureStatistics s = capture.statistics();
        capture.close();
        for (String p : packets) {
            say(p);
        }
        say("stats received=" + s.received() + " dropped=" + s.dropped() + " freezes=" + s.ringFreezes()
                + " delivered=" + s.delivered() + " loopback=" + s.loopbackDuplicates()
                + " unsupported=" + s.unsupportedLink() + " malformed=" + s.malformed()
                + " vlan=" + s.vlanTagsRestored() + " ticks=" + ticks.get() + " nanos=" + elapsed);
        System.exit(0);
    }

    private static void say(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
