package io.gitops.gitserver;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What tests asked the server to do with pushes to a repository: reject them with a reason, or hold them for a while
 * before the refs move (to widen race windows). Keyed by {@code owner/name}; thread-safe.
 */
final class PushPolicies {

    private final Map<String, String> rejections = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();

    void reject(String fullName, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
        rejections.put(fullName, reason);
    }

    void accept(String fullName) {
        rejections.remove(fullName);
    }

    Optional<String> rejection(String fullName) {
        return Optional.ofNullable(rejections.get(fullName));
    }

    void delay(String fullName, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        if (delay.isZero()) {
            delays.remove(fullName);
        } else {
            delays.put(fullName, delay);
        }
    }

    Duration delay(String fullName) {
        return delays.getOrDefault(fullName, Duration.ZERO);
    }

    /** Pushes currently being held by a delay. */
    int held(String fullName) {
        AtomicInteger count = held.get(fullName);
        return count == null ? 0 : count.get();
    }

    AtomicInteger heldCounter(String fullName) {
        return held.computeIfAbsent(fullName, key -> new AtomicInteger());
    }
}
