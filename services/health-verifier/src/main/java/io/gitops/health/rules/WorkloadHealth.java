package io.gitops.health.rules;

import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

/** How one kind of workload converges and which of its pods belong to its new revision. */
public interface WorkloadHealth {

    /** The kind it understands ({@code Deployment}, {@code StatefulSet}). */
    String kind();

    WorkloadStatus status(HasMetadata workload, ClusterSnapshot snapshot);

    /** The controller owner reference of an object, if any. */
    static OwnerReference controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return null;
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(null);
    }

    /** Whether {@code object} is controlled by the object with {@code uid}. */
    static boolean controlledBy(HasMetadata object, String uid) {
        OwnerReference ref = controllerOf(object);
        return ref != null && uid != null && uid.equals(ref.getUid());
    }

    static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    static String ref(HasMetadata workload) {
        return workload.getKind() + "/" + workload.getMetadata().getName();
    }
}
