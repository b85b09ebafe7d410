package org.connwatch.act.alert;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bounded queue with one virtual thread that hands each item to a worker, for sinks whose
 * delivery may block (an HTTP POST with retries, starting a program). {@link #offer} never blocks:
 * when the queue is full the item is dropped and counted. {@link #offer} and {@link #close} may be
 * called from any thread; the worker runs on the queue's own thread only.
 */
final class DeliveryQueue<T> implements AutoCloseable {
    private final BlockingQueue<T> queue;
    private final Consumer<T> worker;
    private final DeliveryCounter counter;
    private final Thread thread;
    private volatile boolean closing;

    DeliveryQueue(String name, int capacity, Consumer<T> worker, DeliveryCounter counter) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a queue holds at least one item: " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = worker;
        this.counter = counter;
        this.thread = Thread.ofVirtual().name("alerts " + name).start(this::run);
    }

    /** Queues the item, or counts it as dropped when the queue is full or closed. */
    void offer(T item) {
        if (closing || !queue.offer(item)) {
            counter.dropped();
        }
    }

    /** Items waiting (the one being delivered not included). */
    int waiting() {
        return queue.size();
    }

    private void run() {
        try {
            while (!closing || !queue.isEmpty()) {
                T item = queue.poll(100, TimeUnit.MILLISECONDS);
                if (item != null) {
                    worker.accept(item);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() gave up waiting: what is left is dropped below
        }
    }

    /**
     * Stops taking items, lets the worker deliver what is queued for up to {@code grace}, then
     * interrupts it; items still queued then are counted as dropped.
     */
    void close(Duration grace) {
        closing = true;
        try {
            if (!thread.join(grace)) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
        while (queue.poll() != null) {
            counter.dropped();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
