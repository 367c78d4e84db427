package io.gitops.health.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.gitops.health.rules.ClusterSnapshot;
import io.gitops.health.rules.WorkloadHealth;

/**
 * Views backed by fabric8 informers (list, then watch; no polling): Deployments and StatefulSets selected by the
 * app's labels, and the namespace's ReplicaSets and Pods (they carry the pod template's labels, not the workload's,
 * so ownership decides). The pod informer resyncs every {@code observationInterval}: each resync is one more
 * observation of every pod, which is what "N consecutive observations" counts.
 *
 * <p>What the API server deleted leaves the view through the informers' delete events alone (no look-ups): each
 * informer watches from the resourceVersion of its list, so a deletion made between its list and its watch is
 * replayed, and a version older than the API server's history (410 Gone) makes it list again.
 */
public final class InformerWorkloadViews implements WorkloadViews {

    private final KubernetesClient client;
    private final Duration observationInterval;
    private final Duration syncTimeout;

    public InformerWorkloadViews(KubernetesClient client, Duration observationInterval, Duration syncTimeout) {
        this.client = client;
        this.observationInterval = observationInterval;
        this.syncTimeout = syncTimeout;
    }

    @Override
    public WorkloadView open(String namespace, Map<String, String> labels, ViewListener listener) {
        View view = new View(namespace, labels, listener);
        try {
            view.start();
            return view;
        } catch (RuntimeException e) {
            view.close();
            throw e;
        }
    }

    private final class View implements WorkloadView {
        private final String namespace;
        private final String selector;
        private final SharedIndexInformer<Deployment> deployments;
        private final SharedIndexInformer<StatefulSet> statefulSets;
        private final SharedIndexInformer<ReplicaSet> replicaSets;
        private final SharedIndexInformer<Pod> pods;

        View(String namespace, Map<String, String> labels, ViewListener listener) {
            this.namespace = namespace;
            this.selector = labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            this.deployments = client.apps().deployments().inNamespace(namespace).withLabels(labels)
                    .runnableInformer(0);
            this.statefulSets = client.apps().statefulSets().inNamespace(namespace).withLabels(labels)
                    .runnableInformer(0);
            this.replicaSets = client.apps().replicaSets().inNamespace(namespace).runnableInformer(0);
            this.pods = client.pods().inNamespace(namespace).runnableInformer(observationInterval.toMillis());
            deployments.addEventHandler(handler(listener::changed, listener::deleted));
            statefulSets.addEventHandler(handler(listener::changed, listener::deleted));
            replicaSets.addEventHandler(handler(listener::changed, listener::deleted));
            pods.addEventHandler(handler(listener::podObserved, listener::podDeleted));
            for (SharedIndexInformer<?> informer : informers()) {
                // once started, an informer keeps re-establishing its watch; a first start failure is reported
                informer.exceptionHandler((started, error) -> started);
            }
        }

        private List<SharedIndexInformer<?>> informers() {
            return List.of(deployments, statefulSets, replicaSets, pods);
        }

        void start() {
            CompletableFuture<?>[] started = informers().stream()
                    .map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(started).get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ViewException("interrupted while watching namespace " + namespace, e);
            } catch (ExecutionException e) {
                throw new ViewException("cannot watch namespace " + namespace + ": " + e.getCause().getMessage(),
                        e.getCause());
            } catch (TimeoutException e) {
                throw new ViewException("the Kubernetes API did not list namespace " + namespace + " within "
                        + syncTimeout, e);
            }
        }

        @Override
        public ClusterSnapshot snapshot(Instant now) {
            List<HasMetadata> workloads = new ArrayList<>(deployments.getStore().list());
            workloads.addAll(statefulSets.getStore().list());
            List<ReplicaSet> sets = new ArrayList<>(replicaSets.getStore().list());
            List<Pod> podList = new ArrayList<>(pods.getStore().list());
            addMissingReplicaSets(sets, podList);
            return new ClusterSnapshot(namespace, selector, workloads, sets, podList, now);
        }

        /**
         * A pod's ReplicaSet may reach this view after the pod (separate watches): read it once directly so that the
         * pod's first status update is judged as what it is.
         */
        private void addMissingReplicaSets(List<ReplicaSet> sets, List<Pod> podList) {
            Set<String> known = sets.stream().map(rs -> rs.getMetadata().getName()).collect(Collectors.toSet());
            Set<String> wanted = new HashSet<>();
            for (Pod pod : podList) {
                OwnerReference owner = WorkloadHealth.controllerOf(pod);
                if (owner != null && "ReplicaSet".equals(owner.getKind()) && !known.contains(owner.getName())
                        && namedAfterDeployment(owner.getName())) {
                    wanted.add(owner.getName());
                }
            }
            for (String name : wanted) {
                try {
                    ReplicaSet rs = client.apps().replicaSets().inNamespace(namespace).withName(name).get();
                    if (rs != null) {
                        sets.add(rs);
                    }
                } catch (KubernetesClientException e) {
                    // the informer will bring it
                }
            }
        }

        private boolean namedAfterDeployment(String replicaSet) {
            return deployments.getStore().list().stream()
                    .anyMatch(d -> replicaSet.startsWith(d.getMetadata().getName() + "-"));
        }

        @Override
        public boolean owns(Pod pod) {
            OwnerReference owner = WorkloadHealth.controllerOf(pod);
            if (owner == null) {
                return false;
            }
            if ("StatefulSet".equals(owner.getKind())) {
                return statefulSets.getStore().list().stream()
                        .anyMatch(s -> owner.getUid() != null && owner.getUid().equals(s.getMetadata().getUid()));
            }
            if (!"ReplicaSet".equals(owner.getKind())) {
                return false;
            }
            ReplicaSet rs = replicaSets.getStore().getByKey(namespace + "/" + owner.getName());
            if (rs == null) {
                return namedAfterDeployment(owner.getName());
            }
            OwnerReference deployment = WorkloadHealth.controllerOf(rs);
            return deployment != null && deployments.getStore().list().stream()
                    .anyMatch(d -> deployment.getUid() != null && deployment.getUid().equals(d.getMetadata().getUid()));
        }

        @Override
        public void close() {
            informers().forEach(SharedIndexInformer::close);
        }
    }

    /** Adds and updates (including resyncs, where old and new are the same) go to {@code seen}. */
    private static <T> ResourceEventHandler<T> handler(Consumer<T> seen, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                seen.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                seen.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                deleted.accept(obj);
            }
        };
    }
}
