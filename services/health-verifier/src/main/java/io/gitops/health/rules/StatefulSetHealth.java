package io.gitops.health.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;

/**
 * A StatefulSet's convergence, as {@code kubectl rollout status} judges it, plus pods: the controller observed the
 * current generation, every desired replica is ready, the update revision became current (or, with a partition,
 * every pod at or above the partition is updated), and no pod of an old revision remains. New-revision pods carry
 * the {@code controller-revision-hash} label of {@code status.updateRevision}.
 */
public final class StatefulSetHealth implements WorkloadHealth {

    public static final String REVISION_LABEL = "controller-revision-hash";

    @Override
    public String kind() {
        return "StatefulSet";
    }

    @Override
    public WorkloadStatus status(HasMetadata workload, ClusterSnapshot snapshot) {
        StatefulSet sts = (StatefulSet) workload;
        String ref = WorkloadHealth.ref(sts);
        StatefulSetStatus status = sts.getStatus() == null ? new StatefulSetStatus() : sts.getStatus();
        String updateRevision = status.getUpdateRevision();
        List<Pod> newPods = new ArrayList<>();
        List<Pod> oldPods = new ArrayList<>();
        for (Pod pod : snapshot.pods()) {
            if (!WorkloadHealth.controlledBy(pod, sts.getMetadata().getUid())) {
                continue;
            }
            Map<String, String> labels = pod.getMetadata().getLabels();
            String revision = labels == null ? null : labels.get(REVISION_LABEL);
            (updateRevision != null && updateRevision.equals(revision) ? newPods : oldPods).add(pod);
        }
        return new WorkloadStatus(ref, convergence(sts, ref, status, oldPods.size()), newPods, oldPods);
    }

    private static Verdict convergence(StatefulSet sts, String ref, StatefulSetStatus status, int oldPods) {
        int desired = sts.getSpec() == null || sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
        long generation = sts.getMetadata().getGeneration() == null ? 0 : sts.getMetadata().getGeneration();
        long observed = WorkloadRule.observedGeneration(sts);
        if (observed < generation) {
            return new Verdict.Progressing(ref + ": waiting for the controller to observe generation " + generation
                    + " (observed " + observed + ")");
        }
        if (status.getUpdateRevision() == null) {
            return new Verdict.Progressing(ref + ": waiting for the controller to compute the update revision");
        }
        int ready = WorkloadHealth.orZero(status.getReadyReplicas());
        int updated = WorkloadHealth.orZero(status.getUpdatedReplicas());
        int replicas = WorkloadHealth.orZero(status.getReplicas());
        if (ready < desired || replicas < desired) {
            return new Verdict.Progressing(ref + ": " + ready + " of " + desired + " replicas ready");
        }
        if (replicas > desired) {
            return new Verdict.Progressing(ref + ": " + (replicas - desired) + " surplus "
                    + (replicas - desired == 1 ? "replica" : "replicas") + " pending termination");
        }
        int partition = partition(sts);
        if (partition > 0) {
            int expected = Math.max(0, desired - partition);
            if (updated < expected) {
                return new Verdict.Progressing(ref + ": " + updated + " of " + expected
                        + " replicas updated (partition " + partition + ")");
            }
            return new Verdict.Healthy(ref + ": " + updated + " of " + expected + " replicas updated (partition "
                    + partition + ") and " + ready + " of " + desired + " ready");
        }
        if (!status.getUpdateRevision().equals(status.getCurrentRevision()) || updated < desired) {
            return new Verdict.Progressing(ref + ": " + updated + " of " + desired + " replicas updated to revision "
                    + status.getUpdateRevision());
        }
        if (oldPods > 0) {
            return new Verdict.Progressing(ref + ": " + oldPods + " " + (oldPods == 1 ? "pod" : "pods")
                    + " of an old revision left");
        }
        return new Verdict.Healthy(ref + ": " + desired + " of " + desired + " replicas updated and ready");
    }

    static int partition(StatefulSet sts) {
        StatefulSetUpdateStrategy strategy = sts.getSpec() == null ? null : sts.getSpec().getUpdateStrategy();
        if (strategy == null || strategy.getRollingUpdate() == null
                || strategy.getRollingUpdate().getPartition() == null) {
            return 0;
        }
        return strategy.getRollingUpdate().getPartition();
    }
}
