package org.connwatch.enrich;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.connwatch.records.IpAddresses;

/**
 * Reverse DNS for many addresses at once: the lookups run in parallel on virtual threads, and the
 * caller gets what finished before its deadline.
 *
 * <p>Results, names and no-names alike, are cached (the least recently used are forgotten beyond
 * the cache size), so a watch loop asks once per address. A lookup still running at the deadline
 * goes on in the background and fills the cache for the next call, which waits for it rather than
 * asking again. Unspecified addresses (0.0.0.0, ::) are never looked up. Thread-safe.
 */
public final class ReverseDns {
    /** How many addresses the cache remembers unless told otherwise. */
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    /** How many lookups run at once unless told otherwise. */
    public static final int DEFAULT_PARALLELISM = 32;

    private final HostNameLookup lookup;
    private final BoundedCache<InetAddress, CompletableFuture<Optional<String>>> cache;
    private final Semaphore running;
    private final ThreadFactory threads = Thread.ofVirtual().name("reverse-dns-", 0).factory();

    /** Uses the given lookup with the default cache size and parallelism. */
    public ReverseDns(HostNameLookup lookup) {
        this(lookup, DEFAULT_CACHE_SIZE, DEFAULT_PARALLELISM);
    }

    public ReverseDns(HostNameLookup lookup, int cacheSize, int parallelism) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.cache = new BoundedCache<>(cacheSize);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be positive: " + parallelism);
        }
        this.running = new Semaphore(parallelism);
    }

    /**
     * The names of the addresses that have one, as far as known within the timeout; an address
     * without a name, or whose lookup did not finish in time, is absent. Returns within the
     * timeout (or at once when interrupted), whatever the resolver does.
     */
    public Map<InetAddress, String> resolveAll(Collection<InetAddress> addresses, Duration timeout) {
        long deadline = System.nanoTime() + budget(timeout);
        Map<InetAddress, CompletableFuture<Optional<String>>> pending = new LinkedHashMap<>();
        for (InetAddress address : addresses) {
            if (!IpAddresses.isUnspecified(address)) {
                pending.computeIfAbsent(address, this::lookupOf);
            }
        }
        Map<InetAddress, String> names = new HashMap<>();
        pending.forEach((address, name) -> await(name, deadline).ifPresent(n -> names.put(address, n)));
        return Map.copyOf(names);
    }

    private CompletableFuture<Optional<String>> lookupOf(InetAddress address) {
        CompletableFuture<Optional<String>> fresh = new CompletableFuture<>();
        CompletableFuture<Optional<String>> known = cache.putIfAbsent(address, fresh);
        if (known != null) {
            return known;
        }
        threads.newThread(() -> run(address, fresh)).start();
        return fresh;
    }

    private void run(InetAddress address, CompletableFuture<Optional<String>> result) {
        Optional<String> name = Optional.empty();
        try {
            running.acquire();
            try {
                name = nameOf(lookup.hostName(address));
            } finally {
                running.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A lookup that fails is remembered as "no name", like one that finds none.
        } finally {
            result.complete(name);
        }
    }

    /** The resolver's answer as a name, empty when it is missing or just an address literal. */
    static Optional<String> nameOf(String answer) {
        if (answer == null || answer.isBlank()) {
            return Optional.empty();
        }
        int scope = answer.indexOf('%');
        try {
            IpAddresses.parse(scope < 0 ? answer : answer.substring(0, scope));
            return Optional.empty();
        } catch (IllegalArgumentException notAnAddress) {
            return Optional.of(answer);
        }
    }

    private static Optional<String> await(CompletableFuture<Optional<String>> name, long deadline) {
        long left = deadline - System.nanoTime();
        try {
            return left > 0 ? name.get(left, TimeUnit.NANOSECONDS) : name.getNow(Optional.empty());
        } catch (TimeoutException | ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return name.getNow(Optional.empty());
        }
    }

    private static long budget(Duration timeout) {
        if (timeout.isNegative()) {
            return 0;
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException longerThanCenturies) {
            return Long.MAX_VALUE;
        }
    }
}
