package org.connwatch.source.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.connwatch.source.capture.LinkType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live capture on the loopback interface of the test's own network namespace, with a filter on
 * a port only this test uses (other tests' loopback traffic never reaches the sink): lengths,
 * timestamps and bytes of real datagrams, the loopback duplicates, the snap length, the tick, and
 * the threading rules of stop and close. Needs root (CAP_NET_RAW); skipped otherwise.
 */
class LiveCaptureLoopbackTest {
    private static final int HEADERS = 14 + 20 + 8;

    private DatagramSocket receiver;
    private int port;

    @BeforeEach
    void needsRoot() throws IOException {
        assumeTrue(isRoot(), "live capture needs root (CAP_NET_RAW)");
        assumeTrue(LiveCapture.isAvailable(), () -> "live capture unavailable: " + LiveCapture.unavailabilityCause());
        assumeTrue(BpfCompiler.isAvailable(), () -> "libpcap missing: " + BpfCompiler.unavailabilityCause());
    }

    @Test
    void everyDatagramArrivesOnceWithItsLengthTimeAndBytes() throws Exception {
        int[] sizes = {0, 1, 100, 512, 1400, 8000};
        List<Captured> got = new CopyOnWriteArrayList<>();
        try (DatagramSocket rx = openReceiver(); LiveCapture capture = LiveCapture.open(
                LiveCaptureOptions.onInterface("lo").withFilter("udp dst port " + port))) {
            assertThat(capture.linkType()).hasValue(LinkType.ETHERNET);
            long before = System.currentTimeMillis() * 1_000_000L;
            Thread loop = start(capture, got);
            send(sizes, port);
            await(() -> got.size() >= sizes.length);
            capture.stop();
            loop.join(5_000);
            long after = System.currentTimeMillis() * 1_000_000L;

            assertThat(got).hasSize(sizes.length);
            int lo = loopbackIndex();
            for (int i = 0; i < sizes.length; i++) {
                Captured c = got.get(i);
                assertThat(c.linkType).isEqualTo(LinkType.ETHERNET);
                assertThat(c.interfaceId).isEqualTo(lo);
                assertThat(c.original).isEqualTo(HEADERS + sizes[i]);
                assertThat(c.bytes).hasSize(HEADERS + sizes[i]);
                assertThat(c.epochNanos).isBetween(before - 1_000_000L, after + 1_000_000L);
                assertThat(u16(c.bytes, 12)).as("EtherType IPv4").isEqualTo(0x0800);
                assertThat(u16(c.bytes, 14 + 20 + 2)).as("UDP destination port").isEqualTo(port);
                assertThat(Arrays.copyOfRange(c.bytes, HEADERS, c.bytes.length)).isEqualTo(payload(sizes[i]));
            }
            CaptureStatistics stats = capture.statistics();
            assertThat(stats.delivered()).isEqualTo(sizes.length);
            assertThat(stats.loopbackDuplicates()).as("the outgoing copies").isEqualTo(sizes.length);
            assertThat(stats.received()).isEqualTo(2L * sizes.length);
            assertThat(stats.dropped()).isZero();
            assertThat(stats.malformed()).isZero();
        }
    }

    @Test
    void whatWasCapturedBeforeAStopIsStillDelivered() throws Exception {
        List<Captured> got = new CopyOnWriteArrayList<>();
        int[] sizes = {1, 2, 3, 4, 5, 6, 7, 8};
        try (DatagramSocket rx = openReceiver(); LiveCapture capture = LiveCapture.open(
                LiveCaptureOptions.onInterface("lo").withFilter("udp dst port " + port)
                        .withBlockTimeout(Duration.ofMillis(200)))) {
            Thread loop = start(capture, got);
            send(sizes, port);
            // The block holding them is not handed over before its 200 ms timeout: stop at once.
            capture.stop();
            loop.join(5_000);
            assertThat(loop.isAlive()).isFalse();
        }
        assertThat(got).extracting(c -> c.bytes.length).containsExactly(
                IntStream.of(sizes).map(s -> HEADERS + s).boxed().toArray(Integer[]::new));
    }

    @Test
    void theSnapLengthCutsWhatIsCapturedButNotTheOriginalLength() throws Exception {
        List<Captured> got = new CopyOnWriteArrayList<>();
        try (DatagramSocket rx = openReceiver(); LiveCapture capture = LiveCapture.open(
                LiveCaptureOptions.onInterface("lo").withFilter("udp dst port " + port).withSnapLength(60))) {
            Thread loop = start(capture, got);
            send(new int[] {10, 1000}, port);
            await(() -> got.size() >= 2);
            capture.stop();
            loop.join(5_000);
        }
        assertThat(got).extracting(c -> c.bytes.length).containsExactly(HEADERS + 10, 60);
        assertThat(got).extracting(c -> c.original).containsExactly(HEADERS + 10, HEADERS + 1000);
    }

    @Test
    void aQuietNetworkStillTicksAndStopEndsTheLoopWithinAPollTimeout() throws Exception {
        List<Long> ticks = new CopyOnWriteArrayList<>();
        try (DatagramSocket rx = openReceiver(); LiveCapture capture = LiveCapture.open(
                LiveCaptureOptions.onInterface("lo").withFilter("udp dst port " + port)
                        .withPollTimeout(Duration.ofMillis(50)))) {
            Thread loop = Thread.ofPlatform().start(() -> {
                try {
                    capture.run((t, i, l, d, o, c, n) -> { }, ticks::add);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            await(() -> ticks.size() >= 3);
            long stopAt = System.nanoTime();
            capture.stop();
            loop.join(2_000);
            assertThat(loop.isAlive()).isFalse();
            assertThat(System.nanoTime() - stopAt).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        assertThat(ticks.getFirst()).isBetween(now - 10_000_000_000L, now);
        assertThat(ticks).isSorted();
    }

    @Test
    void onlyOneThreadRunsTheLoopAndCloseFromAnotherThreadWaitsForIt() throws Exception {
        CountDownLatch ticking = new CountDownLatch(1);
        LiveCapture capture = LiveCapture.open(LiveCaptureOptions.onInterface("lo").withFilter("udp dst port 9")
                .withPollTimeout(Duration.ofMillis(20)));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loop = Thread.ofPlatform().start(() -> {
            try {
                capture.run((t, i, l, d, o, c, n) -> { }, now -> ticking.countDown());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        assertThat(ticking.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> capture.run((t, i, l, d, o, c, n) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
        capture.close();
        assertThat(loop.isAlive()).as("close returned only after the loop did").isFalse();
        assertThat(failure.get()).isNull();
        assertThat(capture.statistics().dropped()).isZero();
        assertThatThrownBy(() -> capture.run((t, i, l, d, o, c, n) -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        capture.close();
    }

    @Test
    void closeFromTheSinkFreesTheRingWhenRunReturns() throws Exception {
        List<Captured> got = new CopyOnWriteArrayList<>();
        try (DatagramSocket rx = openReceiver()) {
            LiveCapture capture = LiveCapture.open(
                    LiveCaptureOptions.onInterface("lo").withFilter("udp dst port " + port));
            Thread loop = Thread.ofPlatform().start(() -> {
                try {
                    capture.run((t, i, l, d, o, c, n) -> {
                        got.add(new Captured(t, i, l, d.asSlice(o, c).toArray(ValueLayout.JAVA_BYTE), n));
                        capture.close();
                    });
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            send(new int[] {5, 6, 7}, port);
            loop.join(5_000);
            assertThat(loop.isAlive()).isFalse();
            // The whole block in hand is still delivered; then the loop ends and the ring is gone.
            assertThat(got).isNotEmpty();
            assertThat(capture.statistics().delivered()).isEqualTo(got.size());
            assertThatThrownBy(() -> capture.run((t, i, l, d, o, c, n) -> { }))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void theInterfaceListHasLoopback() {
        assertThat(LiveCapture.interfaces()).contains(new CaptureInterface(loopbackIndex(), "lo"));
    }

    private DatagramSocket openReceiver() throws IOException {
        receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        port = receiver.getLocalPort();
        return receiver;
    }

    private static Thread start(LiveCapture capture, List<Captured> into) {
        return Thread.ofPlatform().start(() -> {
            try {
                capture.run((t, i, l, d, o, c, n) ->
                        into.add(new Captured(t, i, l, d.asSlice(o, c).toArray(ValueLayout.JAVA_BYTE), n)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void send(int[] sizes, int port) throws IOException {
        try (DatagramSocket tx = new DatagramSocket()) {
            for (int size : sizes) {
                byte[] p = payload(size);
                tx.send(new DatagramPacket(p, p.length, InetAddress.getByName("127.0.0.1"), port));
            }
        }
    }

    static byte[] payload(int size) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = (byte) (i * 7 + size);
        }
        return p;
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int loopbackIndex() {
        return LiveCapture.interfaces().stream().filter(i -> i.name().equals("lo")).findFirst().orElseThrow().index();
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** One packet, copied out of the ring. */
    record Captured(long epochNanos, int interfaceId, int linkType, byte[] bytes, int original) {
    }
}
