package org.connwatch.monitor;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.connwatch.records.Connection;
import org.connwatch.source.linux.SocketCloseEvents;

/**
 * Reads the kernel's socket close announcements on a thread of its own, so that none waits for the
 * next poll in the kernel's buffer, and queues them (bounded) for the poll thread to take.
 *
 * <p>Threads: {@link #start()} and {@link #close()} from the monitor's owner; {@link #drain()} from the
 * poll thread; the counters and {@link #notices()} from any thread.
 */
final class CloseEventFeed implements AutoCloseable {
    /** The receive buffer asked of the kernel: room for about 40,000 announcements. */
    static final int KERNEL_BUFFER = 16 << 20;
    /** Announcements waiting for the poll thread at most; beyond, they are counted and dropped. */
    static final int QUEUE = 200_000;
    private static final Duration WAIT = Duration.ofMillis(200);

    private final SocketCloseEvents events;
    private final Clock clock;
    private final ArrayBlockingQueue<Connection> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;

    private CloseEventFeed(SocketCloseEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
        this.thread = Thread.ofPlatform().daemon().name("connwatch-close-events").unstarted(this::run);
    }

    /**
     * Opens the kernel's announcements (needs CAP_NET_ADMIN).
     *
     * @throws IOException saying why they cannot be had
     */
    static CloseEventFeed open(Clock clock) throws IOException {
        return new CloseEventFeed(SocketCloseEvents.open(KERNEL_BUFFER, WAIT), clock);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                events.receive(c -> {
                    if (!queue.offer(c)) {
                        dropped.incrementAndGet();
                    }
                }, clock, 4096);
            }
        } catch (IOException | RuntimeException e) {
            failure = e.getMessage();
        }
    }

    /** The closed sockets announced since the last call, oldest first. */
    List<Connection> drain() {
        List<Connection> out = new ArrayList<>(queue.size());
        queue.drainTo(out);
        return out;
    }

    /** What the user should know about the feed: overruns, drops, a failure. */
    List<String> notices() {
        List<String> out = new ArrayList<>();
        if (events.overruns() > 0) {
            out.add("socket close events: the kernel's buffer overran " + events.overruns()
                    + " time(s) (ENOBUFS): some short-lived connections may be missing");
        }
        if (dropped.get() > 0) {
            out.add("socket close events: " + dropped.get() + " dropped because the monitor fell behind");
        }
        if (events.malformed() > 0) {
            out.add("socket close events: " + events.malformed() + " malformed announcement(s) skipped, the last: "
                    + events.lastMalformed());
        }
        if (failure != null) {
            out.add("socket close events stopped: " + failure);
        }
        return out;
    }

    /** Closed sockets announced so far. */
    long received() {
        return events.received();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            events.close();
        }
    }
}
