package org.connwatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.connwatch.source.linux.LinuxSocketSource;
import org.connwatch.store.TrackedConnection;
import org.connwatch.testing.MemoryHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 1,000 short TCP connections made in a burst on loopback, and how many of them the monitor recorded,
 * counted by the clients' local ports: all of them with the close announcements; without them, what the
 * polls happen to see (the figures in docs/BENCHMARKS.md, "Short-lived connections", come from here).
 */
class ShortLivedBurstTest {
    static final int CONNECTIONS = 1000;

    /** How the client ends each connection. */
    enum Close {
        /** A reset (SO_LINGER 0): no TIME_WAIT socket is left for a poll to see. */
        RESET,
        /** An orderly close by the client first: its TIME_WAIT socket stays 60 s. */
        ORDERLY
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Close.class)
    void withTheCloseAnnouncementsEveryConnectionOfABurstIsRecorded(Close close) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the close announcements need CAP_NET_ADMIN (root)");
        Result r = measure(true, close);
        System.out.printf("short-lived burst, close events on, %s close: %d of %d recorded (burst %d ms); %s%n",
                close, r.recorded, CONNECTIONS, r.burstMillis, r.notices);
        assertThat(r.missing).as("client ports of connections not recorded").isEmpty();
    }

    @Test
    void withoutThemOnlyWhatAPollSeesIsRecorded() throws Exception {
        Result reset = measure(false, Close.RESET);
        Result orderly = measure(false, Close.ORDERLY);
        System.out.printf("short-lived burst, close events off: reset close %d of %d (burst %d ms), orderly close "
                + "%d of %d (burst %d ms)%n", reset.recorded, CONNECTIONS, reset.burstMillis, orderly.recorded,
                CONNECTIONS, orderly.burstMillis);
        assertThat(orderly.recorded).as("a TIME_WAIT socket stays 60 s: every poll after the burst sees it")
                .isEqualTo(CONNECTIONS);
        assertThat(reset.recorded).as("a reset connection leaves nothing for the next poll").isLessThan(CONNECTIONS);
    }

    private record Result(int recorded, Map<Integer, Integer> missing, long burstMillis, List<String> notices) {
    }

    private Result measure(boolean events, Close close) throws Exception {
        MemoryHistory history = new MemoryHistory();
        Map<Integer, Integer> ports = new HashMap<>(); // client port -> connections made from it
        long burstMillis;
        try (LinuxSocketSource source = LinuxSocketSource.open(LinuxSocketSource.Options.defaults());
             ServerSocket server = new ServerSocket(0, CONNECTIONS, InetAddress.getLoopbackAddress())) {
            Monitor monitor = Monitor.open(MonitorSettings.defaults().withCloseEvents(events), source, history,
                    MonitorLoopbackTest.setup(dir), Clock.systemUTC(), List.of());
            Thread polling = Thread.ofPlatform().name("monitor").start(() -> {
                try {
                    monitor.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread serving = Thread.ofPlatform().name("server").start(() -> serve(server));
            Thread.sleep(1500); // a poll or two first, as a daemon would have run before
            long t0 = System.nanoTime();
            for (int i = 0; i < CONNECTIONS; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    ports.merge(s.getLocalPort(), 1, Integer::sum);
                    s.getOutputStream().write(new byte[100]);
                    if (close == Close.RESET) {
                        s.setSoLinger(true, 0);
                    }
                }
            }
            burstMillis = (System.nanoTime() - t0) / 1_000_000;
            long deadline = System.nanoTime() + Duration.ofSeconds(events ? 15 : 3).toNanos();
            while (System.nanoTime() < deadline && !recorded(history, ports, server.getLocalPort()).equals(ports)) {
                Thread.sleep(200);
            }
            Thread.sleep(1200); // one more poll
            monitor.stop();
            polling.join();
            List<String> notices = monitor.status().notices();
            monitor.close();
            server.close();
            serving.join();
            Map<Integer, Integer> seen = recorded(history, ports, server.getLocalPort());
            Map<Integer, Integer> missing = new HashMap<>();
            int recorded = 0;
            for (Map.Entry<Integer, Integer> p : ports.entrySet()) {
                int got = Math.min(p.getValue(), seen.getOrDefault(p.getKey(), 0));
                recorded += got;
                if (got < p.getValue()) {
                    missing.put(p.getKey(), p.getValue() - got);
                }
            }
            return new Result(recorded, missing, burstMillis, notices);
        }
    }

    /**
     * Per client port, how many client-side connections from it were recorded: local port a client's, the
     * remote the server's port, or 0 (the kernel announces a socket the client reset without its remote port).
     */
    private static Map<Integer, Integer> recorded(MemoryHistory history, Map<Integer, Integer> ports,
                                                  int serverPort) {
        Map<Integer, Integer> seen = new HashMap<>();
        for (TrackedConnection t : history.allConnections()) {
            var c = t.connection();
            if ((c.remote().port() == serverPort || c.remote().port() == 0) && c.local().port() != serverPort
                    && ports.containsKey(c.local().port())) {
                seen.merge(c.local().port(), 1, Integer::sum);
            }
        }
        return seen;
    }

    private static void serve(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.getInputStream().readAllBytes(); // to the client's close: the client closes first
            } catch (IOException e) {
                // the client reset it, or the server was closed at the end
            }
        }
    }
}
