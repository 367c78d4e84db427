package io.gitops.sync.apply;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.manifest.Labels;
import io.gitops.sync.manifest.ObjectKey;

/**
 * Applies objects with server-side apply, in the order given (see {@link io.gitops.sync.manifest.ApplyOrder}),
 * after creating the target namespace when it is missing. A created namespace carries only the managed-by label,
 * never the app/env labels, so it is never pruned; a Namespace that comes from Git is applied like any object.
 * Applying a CustomResourceDefinition refreshes discovery so that its custom resources can follow.
 */
public final class Applier {

    private final KubeApi api;

    public Applier(KubeApi api) {
        this.api = api;
    }

    /**
     * @return how many objects were applied
     * @throws ApplyException at the first object the API server refuses (earlier ones stay applied)
     */
    public int apply(List<ObjectNode> objects, String namespace) {
        boolean namespaceFromGit = objects.stream().map(ObjectKey::of)
                .anyMatch(k -> k.kind().equals("Namespace") && k.name().equals(namespace));
        if (!namespaceFromGit) {
            try {
                api.ensureNamespace(namespace, Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE));
            } catch (RuntimeException e) {
                throw new ApplyException(new ObjectKey("v1", "Namespace", null, namespace), 0,
                        "cannot create namespace " + namespace + ": " + e.getMessage(), e);
            }
        }
        int applied = 0;
        for (ObjectNode object : objects) {
            ObjectKey key = ObjectKey.of(object);
            try {
                api.apply(object);
            } catch (RuntimeException e) {
                throw new ApplyException(key, applied, e.getMessage(), e);
            }
            applied++;
            if (key.kind().equals("CustomResourceDefinition")) {
                api.forgetDiscovery();
            }
        }
        return applied;
    }
}
