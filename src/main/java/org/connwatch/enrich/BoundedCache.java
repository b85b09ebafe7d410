package org.connwatch.enrich;

import java.util.LinkedHashMap;
import java.util.Map;

/** A thread-safe map that forgets its least recently used entry once it holds more than its capacity. */
final class BoundedCache<K, V> {
    private final Map<K, V> entries;

    BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be positive: " + capacity);
        }
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The value already held for the key (now the most recently used), or null after storing {@code value}. */
    synchronized V putIfAbsent(K key, V value) {
        V held = entries.get(key);
        if (held != null) {
            return held;
        }
        entries.put(key, value);
        return null;
    }

    synchronized int size() {
        return entries.size();
    }
}
