package io.gitops.sync.apply;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.manifest.Labels;
import io.gitops.sync.manifest.ObjectKey;

/**
 * Applies objects with server-side apply, in the order given (see {@link io.gitops.sync.manifest.ApplyOrder}).
 * With {@code createNamespaces} the target namespace is created first when it is missing (a cluster-scoped right);
 * such a namespace carries only the managed-by label, never the app/env labels, so it is never pruned. Without it
 * the namespace must exist: an API server that answers {@code namespaces "x" not found} fails the apply with a
 * message that says so. A Namespace that comes from Git is applied like any object.
 * Applying a CustomResourceDefinition refreshes discovery so that its custom resources can follow.
 */
public final class Applier {

    private final KubeApi api;
    private final boolean createNamespaces;

    public Applier(KubeApi api, boolean createNamespaces) {
        this.api = api;
        this.createNamespaces = createNamespaces;
    }

    /**
     * @return how many objects were applied
     * @throws ApplyException at the first object the API server refuses (earlier ones stay applied)
     */
    public int apply(List<ObjectNode> objects, String namespace) {
        boolean namespaceFromGit = objects.stream().map(ObjectKey::of)
                .anyMatch(k -> k.kind().equals("Namespace") && k.name().equals(namespace));
        if (createNamespaces && !namespaceFromGit) {
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
                throw new ApplyException(key, applied, missingNamespace(e, namespace)
                        ? "namespace " + namespace + " does not exist and the sync engine does not create namespaces"
                        + " (gitops.sync.create-namespaces=false): create it, or let the engine create it; "
                        + e.getMessage() : e.getMessage(), e);
            }
            applied++;
            if (key.kind().equals("CustomResourceDefinition")) {
                api.forgetDiscovery();
            }
        }
        return applied;
    }

    private boolean missingNamespace(RuntimeException e, String namespace) {
        return !createNamespaces && e instanceof KubernetesClientException k && k.getCode() == 404
                && String.valueOf(e.getMessage()).contains("namespaces \"" + namespace + "\" not found");
    }
}
