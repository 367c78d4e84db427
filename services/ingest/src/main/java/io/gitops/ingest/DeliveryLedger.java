package io.gitops.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which delivery ids were already published, for a bounded window, and which are being published right now.
 *
 * <p>An id is remembered only once the broker acknowledged its event, so a redelivery of an attempt that was
 * answered 503 goes through. The ledger is rebuilt from the topic itself on start ({@link DeliveryLedgerLoader}),
 * so it holds across restarts and across ingest replicas without a store of its own.
 */
public final class DeliveryLedger {

    /** What to do with a delivery. */
    public enum Admission {
        /** Not seen: publish it. */
        NEW,
        /** Already published within the window: answer 202, publish nothing. */
        DUPLICATE,
        /** The same delivery is being published by a concurrent request: answer 503 so it is tried again. */
        IN_FLIGHT
    }

    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Instant> accepted = new LinkedHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public DeliveryLedger(Duration window, int maxEntries, Clock clock) {
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** Decides, and when NEW claims the id until {@link #published} or {@link #failed} is called. */
    public Admission admit(String deliveryId) {
        synchronized (accepted) {
            Instant at = accepted.get(deliveryId);
            if (at != null && at.isAfter(clock.instant().minus(window))) {
                return Admission.DUPLICATE;
            }
        }
        return inFlight.add(deliveryId) ? Admission.NEW : Admission.IN_FLIGHT;
    }

    /** The broker acknowledged the delivery's event. */
    public void published(String deliveryId, Instant at) {
        remember(deliveryId, at);
        inFlight.remove(deliveryId);
    }

    /** Publishing failed: a redelivery must go through. */
    public void failed(String deliveryId) {
        inFlight.remove(deliveryId);
    }

    /** Records a delivery read back from the topic (on start, or published by another replica). */
    public void remember(String deliveryId, Instant at) {
        synchronized (accepted) {
            Instant previous = accepted.get(deliveryId);
            if (previous == null || at.isAfter(previous)) {
                accepted.remove(deliveryId);
                accepted.put(deliveryId, at);
            }
            evict();
        }
    }

    private void evict() {
        Instant horizon = clock.instant().minus(window);
        Iterator<Map.Entry<String, Instant>> it = accepted.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Instant> eldest = it.next();
            if (accepted.size() > maxEntries || eldest.getValue().isBefore(horizon)) {
                it.remove();
            } else {
                break;
            }
        }
    }

    public int size() {
        synchronized (accepted) {
            return accepted.size();
        }
    }

    /** A snapshot for diagnostics and tests. */
    public Map<String, Instant> snapshot() {
        synchronized (accepted) {
            return new HashMap<>(accepted);
        }
    }

    public Duration window() {
        return window;
    }

}
