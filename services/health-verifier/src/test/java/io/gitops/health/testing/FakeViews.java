package io.gitops.health.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.gitops.health.rules.ClusterSnapshot;
import io.gitops.health.rules.HealthFixture;
import io.gitops.health.watch.ViewListener;
import io.gitops.health.watch.WorkloadView;
import io.gitops.health.watch.WorkloadViews;

/**
 * Views whose state the test sets (e.g. from a health fixture) and whose changes the test announces, as the
 * informers would. Each open view sees the current state.
 */
public final class FakeViews implements WorkloadViews {

    private volatile List<HasMetadata> workloads = List.of();
    private volatile List<ReplicaSet> replicaSets = List.of();
    private volatile List<Pod> pods = List.of();
    private volatile ViewListener listener;
    private volatile RuntimeException openFailure;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();

    /** Sets the state to a fixture's workloads, ReplicaSets and pods. */
    public FakeViews state(String fixture) {
        ClusterSnapshot snapshot = HealthFixture.named(fixture).snapshot();
        workloads = snapshot.workloads();
        replicaSets = snapshot.replicaSets();
        pods = snapshot.pods();
        return this;
    }

    /** No workload at all. */
    public FakeViews empty() {
        workloads = List.of();
        replicaSets = List.of();
        pods = List.of();
        return this;
    }

    /** The next opens fail as if the API server did not answer (null: they succeed again). */
    public void failOpens(RuntimeException failure) {
        openFailure = failure;
    }

    /** Announces a change of the first workload, as an informer event would. */
    public void announceWorkloadChange() {
        listener.changed(workloads.isEmpty() ? null : workloads.get(0));
    }

    /** Announces an update of every pod (one observation each). */
    public void announcePods() {
        pods.forEach(listener::podObserved);
    }

    public int opened() {
        return opened.get();
    }

    public int closed() {
        return closed.get();
    }

    @Override
    public WorkloadView open(String namespace, Map<String, String> labels, ViewListener viewListener) {
        if (openFailure != null) {
            throw openFailure;
        }
        opened.incrementAndGet();
        this.listener = viewListener;
        return new WorkloadView() {
            @Override
            public ClusterSnapshot snapshot(Instant now) {
                return new ClusterSnapshot(namespace, "gitops.io/app=shop,gitops.io/env=staging", workloads,
                        replicaSets, pods, now);
            }

            @Override
            public boolean owns(Pod pod) {
                return true;
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }
}
