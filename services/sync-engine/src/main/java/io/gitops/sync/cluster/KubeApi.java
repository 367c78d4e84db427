package io.gitops.sync.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gitops.sync.manifest.ObjectKey;

/**
 * The sync engine's view of the Kubernetes API: discovery (kind → plural, namespaced), server-side apply under one
 * field manager with force, get, list by labels, delete, and namespace creation; every request passes the
 * {@link RateLimiter}. Objects travel as Jackson trees; errors become {@link ApiException} /
 * {@link UnknownKindException} with the API server's message.
 */
public final class KubeApi {

    private static final ObjectMapper JSON = Serialization.jsonMapper();

    private final KubernetesClient client;
    private final RateLimiter limiter;
    private final String fieldManager;
    private final ConcurrentMap<String, List<ResourceKind>> discovery = new ConcurrentHashMap<>();
    private final java.util.Set<String> knownNamespaces = ConcurrentHashMap.newKeySet();

    public KubeApi(KubernetesClient client, RateLimiter limiter, String fieldManager) {
        this.client = client;
        this.limiter = limiter;
        this.fieldManager = fieldManager;
    }

    public KubernetesClient client() {
        return client;
    }

    public String fieldManager() {
        return fieldManager;
    }

    /** The served type of {@code apiVersion}/{@code kind}. */
    public ResourceKind kind(String apiVersion, String kind) {
        List<ResourceKind> kinds = discovery.get(apiVersion);
        if (kinds == null || kinds.stream().noneMatch(k -> k.kind().equals(kind))) {
            kinds = discover(apiVersion);
        }
        return kinds.stream().filter(k -> k.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new UnknownKindException(apiVersion, kind));
    }

    public ResourceKind kind(ObjectKey key) {
        return kind(key.apiVersion(), key.kind());
    }

    private List<ResourceKind> discover(String apiVersion) {
        limiter.acquire();
        APIResourceList list;
        try {
            list = client.getApiResources(apiVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                list = null;
            } else {
                throw failure("discovery of " + apiVersion, e);
            }
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        List<ResourceKind> kinds = list == null || list.getResources() == null ? List.of()
                : list.getResources().stream()
                .filter(r -> r.getName() != null && !r.getName().contains("/"))
                .map((APIResource r) -> new ResourceKind(group, version, r.getKind(), r.getName(),
                        Boolean.TRUE.equals(r.getNamespaced())))
                .toList();
        discovery.put(apiVersion, kinds);
        return kinds;
    }

    /** Server-side apply of {@code object} (force: the sync engine's field manager wins); returns the live object. */
    public ObjectNode apply(ObjectNode object) {
        ObjectKey key = ObjectKey.of(object);
        ResourceKind kind = kind(key);
        GenericKubernetesResource body = JSON.convertValue(object, GenericKubernetesResource.class);
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                operation = client.genericKubernetesResources(kind.context());
        Resource<GenericKubernetesResource> resource = kind.namespaced()
                ? operation.inNamespace(key.namespace()).resource(body) : operation.resource(body);
        limiter.acquire();
        try {
            GenericKubernetesResource live = resource.fieldManager(fieldManager).forceConflicts().serverSideApply();
            return JSON.valueToTree(live);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 && key.namespace() != null) {
                forgetNamespace(key.namespace());
            }
            throw failure(key + " was rejected by the API server", e);
        }
    }

    public Optional<ObjectNode> get(ObjectKey key) {
        Resource<GenericKubernetesResource> resource = resource(key);
        limiter.acquire();
        try {
            GenericKubernetesResource live = resource.get();
            return live == null ? Optional.empty() : Optional.of(JSON.valueToTree(live));
        } catch (KubernetesClientException e) {
            throw failure("cannot read " + key, e);
        }
    }

    /** Deletes the object (background propagation); true when it existed. */
    public boolean delete(ObjectKey key) {
        Resource<GenericKubernetesResource> resource = resource(key);
        limiter.acquire();
        try {
            return !resource.delete().isEmpty();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw failure("cannot delete " + key, e);
        }
    }

    /** Objects of {@code kind} carrying every label of {@code labels}, in {@code namespace} (null: any). */
    public List<ObjectNode> list(ResourceKind kind, String namespace, Map<String, String> labels) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                operation = client.genericKubernetesResources(kind.context());
        limiter.acquire();
        try {
            GenericKubernetesResourceList list = kind.namespaced() && namespace != null
                    ? operation.inNamespace(namespace).withLabels(labels).list()
                    : operation.inAnyNamespace().withLabels(labels).list();
            return list.getItems().stream().map(item -> (ObjectNode) JSON.valueToTree(item)).toList();
        } catch (KubernetesClientException e) {
            throw failure("cannot list " + kind.kind(), e);
        }
    }

    /**
     * Creates the namespace when it does not exist; true when it was created. A namespace seen once is remembered
     * (no request at all the next time) until {@link #forgetNamespace} — e.g. after a write failed because it is gone.
     */
    public boolean ensureNamespace(String name, Map<String, String> labels) {
        if (knownNamespaces.contains(name)) {
            return false;
        }
        limiter.acquire();
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .withLabels(labels).endMetadata().build()).create();
            knownNamespaces.add(name);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                knownNamespaces.add(name);
                return false;
            }
            throw failure("cannot create namespace " + name, e);
        }
    }

    public void forgetNamespace(String name) {
        knownNamespaces.remove(name);
    }

    /** Forgets discovery results (after CustomResourceDefinitions were applied). */
    public void forgetDiscovery() {
        discovery.clear();
    }

    private Resource<GenericKubernetesResource> resource(ObjectKey key) {
        ResourceKind kind = kind(key);
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                operation = client.genericKubernetesResources(kind.context());
        if (kind.namespaced()) {
            return operation.inNamespace(key.namespace()).withName(key.name());
        }
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>> clusterScoped = operation;
        return clusterScoped.withName(key.name());
    }

    static ApiException failure(String what, KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : e.getMessage();
        int code = e.getCode();
        return new ApiException(what + (code > 0 ? " (HTTP " + code + ")" : "") + ": " + message, e);
    }
}
