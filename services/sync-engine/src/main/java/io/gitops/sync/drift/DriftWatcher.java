package io.gitops.sync.drift;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gitops.sync.cluster.ResourceKind;
import io.gitops.sync.manifest.Labels;
import io.gitops.sync.manifest.ObjectKey;
import org.jboss.logging.Logger;

/**
 * Informers (list + watch) on every kind the engine applies, limited to objects labelled
 * {@code app.kubernetes.io/managed-by=gitops-sync-engine}, <b>one per kind and managed namespace</b> (a namespaced
 * kind is never watched across all namespaces, which would need a cluster-scoped right; a cluster-scoped kind the
 * engine applied, e.g. a Namespace from Git, has one informer for the cluster). Informers start when the engine
 * applies (or audits) objects of a kind in a namespace and stop when the namespace leaves the catalog
 * ({@link #retainNamespaces}). Each change is handed to the listener; the caches answer "what does the cluster hold
 * for this app/env" without asking the API server (an index on {@code app/env}). An informer the API server refuses
 * (403) is dropped with a warning and tried again at the next apply.
 */
public final class DriftWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DriftWatcher.class);
    private static final ObjectMapper JSON = Serialization.jsonMapper();
    private static final String APP_ENV_INDEX = "gitops-app-env";

    private final KubernetesClient client;
    private final Consumer<LiveChange> listener;
    private final Duration resync;
    private final Duration syncTimeout;
    private final ConcurrentMap<String, Watched> informers = new ConcurrentHashMap<>();

    /** {@code namespace} is null for a cluster-scoped kind. */
    private record Watched(ResourceKind kind, String namespace, SharedIndexInformer<GenericKubernetesResource> informer,
                           java.util.concurrent.CompletableFuture<Void> started) {
    }

    public DriftWatcher(KubernetesClient client, Consumer<LiveChange> listener, Duration resync,
                        Duration syncTimeout) {
        this.client = client;
        this.listener = listener;
        this.resync = resync;
        this.syncTimeout = syncTimeout;
    }

    private static String id(ResourceKind kind, String namespace) {
        return kind.apiVersion() + "/" + kind.kind() + (kind.namespaced() ? "@" + namespace : "");
    }

    /**
     * Starts watching {@code kind} in {@code namespace} (once; the namespace is ignored for a cluster-scoped kind) and
     * waits until its cache holds the initial list.
     */
    public void watch(ResourceKind kind, String namespace) {
        if (kind.namespaced() && (namespace == null || namespace.isEmpty())) {
            return;
        }
        String id = id(kind, namespace);
        Watched watched = informers.computeIfAbsent(id, k -> start(kind, kind.namespaced() ? namespace : null));
        if (!watched.informer().hasSynced()) {
            try {
                watched.started().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warnf("cannot watch %s in %s: %s", kind.kind(), namespace == null ? "the cluster" : namespace,
                        e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                if (informers.remove(id, watched)) {
                    watched.informer().close();
                }
            } catch (Exception e) {
                LOG.warnf("informer for %s in %s not synced yet: %s", kind.kind(), namespace, e.getMessage());
            }
        }
    }

    /**
     * Stops the informers of namespaces not in {@code namespaces} (the namespaces the catalog's apps target now);
     * informers of cluster-scoped kinds stay.
     */
    public void retainNamespaces(Set<String> namespaces) {
        informers.forEach((id, watched) -> {
            if (watched.namespace() != null && !namespaces.contains(watched.namespace())
                    && informers.remove(id, watched)) {
                watched.informer().close();
                LOG.infof("stopped watching %s in %s (no app targets it any more)", watched.kind().kind(),
                        watched.namespace());
            }
        });
    }

    /** The namespaces some informer watches. */
    public Set<String> watchedNamespaces() {
        Set<String> namespaces = new java.util.TreeSet<>();
        informers.values().forEach(w -> {
            if (w.namespace() != null) {
                namespaces.add(w.namespace());
            }
        });
        return namespaces;
    }

    private Watched start(ResourceKind kind, String namespace) {
        var resources = client.genericKubernetesResources(kind.context());
        SharedIndexInformer<GenericKubernetesResource> informer = (namespace == null ? resources
                : resources.inNamespace(namespace))
                .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .runnableInformer(resync.toMillis());
        informer.addIndexers(Map.of(APP_ENV_INDEX, object -> {
            Map<String, String> labels = object.getMetadata().getLabels();
            return labels == null || labels.get(Labels.APP) == null ? List.of()
                    : List.of(labels.get(Labels.APP) + "/" + labels.get(Labels.ENV));
        }));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource object) {
                deliver(object, false);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                deliver(after, false);
            }

            @Override
            public void onDelete(GenericKubernetesResource object, boolean finalStateUnknown) {
                deliver(object, true);
            }
        });
        return new Watched(kind, namespace, informer, informer.start().toCompletableFuture());
    }

    private void deliver(GenericKubernetesResource object, boolean deleted) {
        try {
            ObjectNode live = JSON.valueToTree(object);
            listener.accept(new LiveChange(ObjectKey.of(live), live, deleted));
        } catch (RuntimeException e) {
            LOG.warnf(e, "drift check of %s/%s failed", object.getKind(), object.getMetadata().getName());
        }
    }

    /** Whether {@code kind} is watched in {@code namespace} (any, for a cluster-scoped kind) and its cache is filled. */
    public boolean isWatching(ResourceKind kind, String namespace) {
        Watched watched = informers.get(id(kind, namespace));
        return watched != null && watched.informer().hasSynced();
    }

    /** The cached live object, if its kind is watched in its namespace and the cluster holds it. */
    public Optional<ObjectNode> cached(ResourceKind kind, ObjectKey key) {
        Watched watched = informers.get(id(kind, key.namespace()));
        if (watched == null) {
            return Optional.empty();
        }
        String cacheKey = key.namespace() == null || !kind.namespaced() ? key.name()
                : key.namespace() + "/" + key.name();
        GenericKubernetesResource object = watched.informer().getIndexer().getByKey(cacheKey);
        return object == null ? Optional.empty() : Optional.of(JSON.valueToTree(object));
    }

    /** Managed objects labelled for (app, env) in every watched kind's cache. */
    public List<ObjectKey> managed(String app, String env) {
        List<ObjectKey> keys = new ArrayList<>();
        for (Watched watched : informers.values()) {
            for (GenericKubernetesResource object : watched.informer().getIndexer()
                    .byIndex(APP_ENV_INDEX, app + "/" + env)) {
                String namespace = object.getMetadata().getNamespace();
                keys.add(new ObjectKey(object.getApiVersion(), object.getKind(),
                        namespace == null || namespace.isEmpty() ? null : namespace, object.getMetadata().getName()));
            }
        }
        return keys;
    }

    public int watchedKinds() {
        return informers.size();
    }

    @Override
    public void close() {
        informers.values().forEach(w -> w.informer().close());
        informers.clear();
    }
}
