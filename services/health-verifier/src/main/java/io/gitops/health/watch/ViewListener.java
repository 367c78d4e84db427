package io.gitops.health.watch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

/** What a {@link WorkloadView} reports as it happens (on informer threads). */
public interface ViewListener {

    /** A pod was added or updated, or re-observed by a resync (one observation). */
    void podObserved(Pod pod);

    void podDeleted(Pod pod);

    /** A workload or one of its ReplicaSets was added or changed. */
    void changed(HasMetadata object);

    /** A workload or ReplicaSet was deleted. */
    void deleted(HasMetadata object);
}
