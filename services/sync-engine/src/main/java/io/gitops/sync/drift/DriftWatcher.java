package io.gitops.sync.drift;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * {@code app.kubernetes.io/managed-by=gitops-sync-engine}, in every namespace. Each change is handed to the
 * listener; the caches answer "what does the cluster hold for this app/env" without asking the API server (an index
 * on {@code app/env}).
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

    private record Watched(ResourceKind kind, SharedIndexInformer<GenericKubernetesResource> informer,
                           java.util.concurrent.CompletableFuture<Void> started) {
    }

    public DriftWatcher(KubernetesClient client, Consumer<LiveChange> listener, Duration resync,
                        Duration syncTimeout) {
        this.client = client;
        this.listener = listener;
        this.resync = resync;
        this.syncTimeout = syncTimeout;
    }

    /** Starts watching {@code kind} (once) and waits until its cache holds the initial list. */
    public void watch(ResourceKind kind) {
        Watched watched = informers.computeIfAbsent(kind.apiVersion() + "/" + kind.kind(), k -> start(kind));
        if (!watched.informer().hasSynced()) {
            try {
                watched.started().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warnf("informer for %s not synced yet: %s", kind.kind(), e.getMessage());
            }
        }
    }

    private Watched start(ResourceKind kind) {
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(kind.context())
                .inAnyNamespace()
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
        return new Watched(kind, informer, informer.start().toCompletableFuture());
    }

    private void deliver(GenericKubernetesResource object, boolean deleted) {
        try {
            ObjectNode live = JSON.valueToTree(object);
            listener.accept(new LiveChange(ObjectKey.of(live), live, deleted));
        } catch (RuntimeException e) {
            LOG.warnf(e, "drift check of %s/%s failed", object.getKind(), object.getMetadata().getName());
        }
    }

    /** Whether {@code kind} is watched and its cache is filled. */
    public boolean isWatching(ResourceKind kind) {
        Watched watched = informers.get(kind.apiVersion() + "/" + kind.kind());
        return watched != null && watched.informer().hasSynced();
    }

    /** The cached live object, if its kind is watched and the cluster holds it. */
    public Optional<ObjectNode> cached(ResourceKind kind, ObjectKey key) {
        Watched watched = informers.get(kind.apiVersion() + "/" + kind.kind());
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
