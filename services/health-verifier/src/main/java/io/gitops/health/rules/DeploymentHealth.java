package io.gitops.health.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.gitops.events.EventCodec;

/**
 * A Deployment's convergence, as {@code kubectl rollout status} judges it, plus pods: the controller observed the
 * current generation, every desired replica is updated, no old replica is left, every updated replica is available,
 * and no pod of an old ReplicaSet remains.
 *
 * <p>The new ReplicaSet is the one the Deployment controls whose pod template equals the Deployment's (ignoring the
 * {@code pod-template-hash} label), as the Deployment controller decides it; failing that, the one whose
 * {@code deployment.kubernetes.io/revision} equals the Deployment's.
 */
public final class DeploymentHealth implements WorkloadHealth {

    public static final String HASH_LABEL = "pod-template-hash";
    public static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
    private static final ObjectMapper JSON = EventCodec.mapper();

    @Override
    public String kind() {
        return "Deployment";
    }

    @Override
    public WorkloadStatus status(HasMetadata workload, ClusterSnapshot snapshot) {
        Deployment d = (Deployment) workload;
        String ref = WorkloadHealth.ref(d);
        String uid = d.getMetadata().getUid();
        List<ReplicaSet> owned = snapshot.replicaSets().stream()
                .filter(rs -> WorkloadHealth.controlledBy(rs, uid)).toList();
        Optional<ReplicaSet> newRs = newReplicaSet(d, owned);
        Set<String> ownedUids = owned.stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
        String newUid = newRs.map(rs -> rs.getMetadata().getUid()).orElse(null);
        List<Pod> newPods = new ArrayList<>();
        List<Pod> oldPods = new ArrayList<>();
        for (Pod pod : snapshot.pods()) {
            OwnerReference owner = WorkloadHealth.controllerOf(pod);
            if (owner == null || !ownedUids.contains(owner.getUid())) {
                continue;
            }
            (owner.getUid().equals(newUid) ? newPods : oldPods).add(pod);
        }
        return new WorkloadStatus(ref, convergence(d, ref, newRs.isPresent(), oldPods.size()), newPods, oldPods);
    }

    private static Verdict convergence(Deployment d, String ref, boolean newRsKnown, int oldPods) {
        int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        String paused = d.getSpec() != null && Boolean.TRUE.equals(d.getSpec().getPaused()) ? " (paused)" : "";
        long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
        long observed = WorkloadRule.observedGeneration(d);
        if (observed < generation) {
            return new Verdict.Progressing(ref + ": waiting for the controller to observe generation " + generation
                    + " (observed " + observed + ")" + paused);
        }
        if (desired > 0 && !newRsKnown) {
            return new Verdict.Progressing(ref + ": waiting for the new ReplicaSet" + paused);
        }
        DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int updated = WorkloadHealth.orZero(status.getUpdatedReplicas());
        int replicas = WorkloadHealth.orZero(status.getReplicas());
        int available = WorkloadHealth.orZero(status.getAvailableReplicas());
        if (updated < desired) {
            return new Verdict.Progressing(ref + ": " + updated + " of " + desired + " replicas updated" + paused);
        }
        if (replicas > updated) {
            return new Verdict.Progressing(ref + ": " + (replicas - updated) + " old "
                    + (replicas - updated == 1 ? "replica" : "replicas") + " pending termination" + paused);
        }
        if (available < updated) {
            return new Verdict.Progressing(ref + ": " + available + " of " + updated + " updated replicas available"
                    + paused);
        }
        if (oldPods > 0) {
            return new Verdict.Progressing(ref + ": " + oldPods + " " + (oldPods == 1 ? "pod" : "pods")
                    + " of an old ReplicaSet left" + paused);
        }
        return new Verdict.Healthy(ref + ": " + desired + " of " + desired + " replicas updated and available");
    }

    /** The ReplicaSet of the Deployment's current pod template, if the controller created it already. */
    static Optional<ReplicaSet> newReplicaSet(Deployment d, List<ReplicaSet> owned) {
        if (d.getSpec() == null || d.getSpec().getTemplate() == null) {
            return Optional.empty();
        }
        JsonNode template = withoutHash(d.getSpec().getTemplate());
        Optional<ReplicaSet> byTemplate = owned.stream()
                .filter(rs -> rs.getSpec() != null && rs.getSpec().getTemplate() != null)
                .filter(rs -> template.equals(withoutHash(rs.getSpec().getTemplate())))
                .max(Comparator.comparingLong(DeploymentHealth::revision));
        if (byTemplate.isPresent()) {
            return byTemplate;
        }
        String revision = annotation(d, REVISION_ANNOTATION);
        return revision == null ? Optional.empty()
                : owned.stream().filter(rs -> revision.equals(annotation(rs, REVISION_ANNOTATION))).findFirst();
    }

    private static JsonNode withoutHash(PodTemplateSpec template) {
        JsonNode tree = JSON.valueToTree(template);
        JsonNode labels = tree.path("metadata").path("labels");
        if (labels instanceof ObjectNode object) {
            object.remove(HASH_LABEL);
        }
        return tree;
    }

    private static long revision(ReplicaSet rs) {
        try {
            String value = annotation(rs, REVISION_ANNOTATION);
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String annotation(HasMetadata object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
