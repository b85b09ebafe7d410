package org.connwatch.enrich;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.connwatch.records.IpAddresses;

/** A reverse DNS stand-in that never touches the network: answers from a table, counts the questions, can stall. */
final class FakeLookup implements HostNameLookup {
    private final Map<InetAddress, String> answers = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> asked = new ConcurrentHashMap<>();
    private final Map<InetAddress, CountDownLatch> stalled = new ConcurrentHashMap<>();

    /** Answers {@code name} for the address (a literal or "!" makes the lookup throw). */
    FakeLookup answer(String address, String name) {
        answers.put(IpAddresses.parse(address), name);
        return this;
    }

    /** Makes the lookup of the address wait until {@link #release} is called. */
    FakeLookup stall(String address) {
        stalled.put(IpAddresses.parse(address), new CountDownLatch(1));
        return this;
    }

    void release(String address) {
        stalled.get(IpAddresses.parse(address)).countDown();
    }

    int asked(String address) {
        AtomicInteger n = asked.get(IpAddresses.parse(address));
        return n == null ? 0 : n.get();
    }

    int askedInAll() {
        return asked.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public String hostName(InetAddress address) {
        asked.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        CountDownLatch gate = stalled.get(address);
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String name = answers.get(address);
        if ("!".equals(name)) {
            throw new IllegalStateException("resolver failure for " + address);
        }
        return name;
    }
}
