package io.gitops.health.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.gitops.health.rules.WorkloadHealth;

/**
 * Pods a view's informer still holds although the API server no longer has them: a watch can miss a deletion that
 * happens while it starts (between its list and its watch), and such a pod would keep "a pod of an old ReplicaSet
 * left" true forever. Only pods of ReplicaSets scaled to zero (spec or status) are suspects; each is confirmed with
 * one look-up at most once per {@code interval}, and left out for good once the API server says it is gone.
 */
final class GonePods {

    /** The uid of the live pod of that name, empty when there is none; throws when the API server cannot tell. */
    interface Lookup {
        Optional<String> liveUid(String podName);
    }

    private final Lookup lookup;
    private final Duration interval;
    private final Map<String, Instant> confirmed = new ConcurrentHashMap<>();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();

    GonePods(Lookup lookup, Duration interval) {
        this.lookup = lookup;
        this.interval = interval;
    }

    /** Removes from {@code pods} those known or found to be gone. */
    void dropFrom(List<Pod> pods, List<ReplicaSet> sets, Instant now) {
        Set<String> scaledToZero = sets.stream()
                .filter(rs -> rs.getSpec() != null && Integer.valueOf(0).equals(rs.getSpec().getReplicas())
                        || rs.getStatus() != null && Integer.valueOf(0).equals(rs.getStatus().getReplicas()))
                .map(rs -> rs.getMetadata().getName()).collect(Collectors.toSet());
        pods.removeIf(pod -> isGone(pod, scaledToZero, now));
    }

    private boolean isGone(Pod pod, Set<String> scaledToZero, Instant now) {
        String uid = pod.getMetadata().getUid();
        if (uid == null) {
            return false;
        }
        if (gone.contains(uid)) {
            return true;
        }
        OwnerReference owner = WorkloadHealth.controllerOf(pod);
        if (owner == null || !"ReplicaSet".equals(owner.getKind()) || !scaledToZero.contains(owner.getName())) {
            return false;
        }
        Instant last = confirmed.get(uid);
        if (last != null && now.isBefore(last.plus(interval))) {
            return false;
        }
        try {
            if (!lookup.liveUid(pod.getMetadata().getName()).map(uid::equals).orElse(false)) {
                gone.add(uid);
                confirmed.remove(uid);
                return true;
            }
        } catch (RuntimeException e) {
            // the API server cannot tell now: keep the pod, ask again after the interval
        }
        confirmed.put(uid, now);
        return false;
    }
}
