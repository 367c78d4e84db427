package io.gitops.kit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of recently handled events, bounded, for the first line of idempotency: at-least-once delivery means a
 * consumer sees an event again after a rebalance or restart. Operations stay idempotent by design behind it.
 */
public final class RecentIds {

    private final Map<String, Boolean> ids;

    public RecentIds(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.ids = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code id}; true the first time it is seen (within the capacity), false for a repeat. */
    public synchronized boolean firstTime(String id) {
        return ids.put(id, Boolean.TRUE) == null;
    }

    public synchronized boolean contains(String id) {
        return ids.containsKey(id);
    }

    public synchronized int size() {
        return ids.size();
    }
}
