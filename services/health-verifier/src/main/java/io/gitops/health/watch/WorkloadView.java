package io.gitops.health.watch;

import java.time.Instant;

import io.fabric8.kubernetes.api.model.Pod;
import io.gitops.health.rules.ClusterSnapshot;

/** A live, cached view of one application's workloads, ReplicaSets and pods in one namespace. */
public interface WorkloadView extends AutoCloseable {

    /** What the caches hold now. */
    ClusterSnapshot snapshot(Instant now);

    /** Whether a pod belongs to one of the viewed workloads (through its ReplicaSet or StatefulSet). */
    boolean owns(Pod pod);

    /** Stops watching. */
    @Override
    void close();
}
