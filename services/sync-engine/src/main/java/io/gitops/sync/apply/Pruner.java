package io.gitops.sync.apply;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.cluster.UnknownKindException;
import io.gitops.sync.manifest.ApplyOrder;
import io.gitops.sync.manifest.ObjectKey;

/**
 * Deletes managed objects of an (app, env) that are no longer in Git, in reverse apply order. Candidates are what
 * the previous revision applied and what the cluster holds with the app/env labels; the app's own namespace is never
 * deleted while the app still deploys objects into it.
 */
public final class Pruner {

    private final KubeApi api;

    public Pruner(KubeApi api) {
        this.api = api;
    }

    /** @return the objects deleted */
    public List<ObjectKey> prune(Collection<ObjectKey> candidates, Set<ObjectKey> desired, String namespace) {
        TreeSet<ObjectKey> extra = new TreeSet<>(ApplyOrder.KEYS.reversed());
        for (ObjectKey candidate : candidates) {
            if (desired.contains(candidate) || desired.stream().anyMatch(d -> sameObject(d, candidate))) {
                continue;
            }
            if (candidate.kind().equals("Namespace") && candidate.name().equals(namespace) && !desired.isEmpty()) {
                continue;
            }
            extra.add(candidate);
        }
        List<ObjectKey> deleted = new java.util.ArrayList<>();
        for (ObjectKey key : extra) {
            try {
                if (api.delete(key)) {
                    deleted.add(key);
                }
            } catch (UnknownKindException e) {
                // its type is gone (CRD removed): nothing left to delete
            }
        }
        return deleted;
    }

    /** The same object seen under another version of its API group (e.g. autoscaling/v1 and v2). */
    private static boolean sameObject(ObjectKey a, ObjectKey b) {
        return a.groupKind().equals(b.groupKind()) && a.name().equals(b.name())
                && java.util.Objects.equals(a.namespace(), b.namespace());
    }
}
