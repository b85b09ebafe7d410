package org.connwatch.act.alert;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A sink's delivery counts (sent, failed, dropped), and the one notice about its first failure.
 * Thread-safe: the dispatcher's thread and a sink's worker both count.
 */
final class DeliveryCounter {
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean told = new AtomicBoolean();
    private final String sink;
    private final Consumer<String> notices;

    DeliveryCounter(String sink, Consumer<String> notices) {
        this.sink = sink;
        this.notices = notices;
    }

    void sent() {
        sent.incrementAndGet();
    }

    /** Counts a failure; the first one is told to the user (later ones only counted, so a dead receiver is no flood). */
    void failed(String why) {
        // the notice first: whoever sees the count go up then also finds the notice
        if (told.compareAndSet(false, true)) {
            notices.accept("alerts to " + sink + " failed: " + why + " (further failures are only counted)");
        }
        failed.incrementAndGet();
    }

    void dropped() {
        dropped.incrementAndGet();
    }

    long sentCount() {
        return sent.get();
    }

    long failedCount() {
        return failed.get();
    }

    long droppedCount() {
        return dropped.get();
    }
}
