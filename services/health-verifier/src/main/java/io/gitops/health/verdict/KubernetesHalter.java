package io.gitops.health.verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.gitops.kit.Outcome;
import io.gitops.kit.Retry;
import io.gitops.kit.Transience;
import org.jboss.logging.Logger;

/**
 * The Kubernetes {@link Halter}: halts a failed rollout so it goes no further while the verdict travels: a Deployment gets {@code spec.paused: true};
 * a StatefulSet's rolling update gets a partition equal to its replicas (it has no pause). Both are JSON merge
 * patches under the field manager {@value #FIELD_MANAGER}, marked with {@value #HALTED_ANNOTATION} so that only
 * what the verifier halted is resumed, when the next revision (or the restored one) is watched. A refused patch is
 * retried when {@link Transience} says it may work later (no answer, 409, 429, 5xx), not when it never will (403,
 * 404, 422, other 4xx).
 */
public final class KubernetesHalter implements Halter {

    public static final String FIELD_MANAGER = "gitops-health-verifier";
    public static final String HALTED_ANNOTATION = "health.gitops.io/halted-revision";
    public static final String PARTITION_ANNOTATION = "health.gitops.io/partition-before-halt";
    private static final Logger LOG = Logger.getLogger(KubernetesHalter.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final KubernetesClient client;
    private final Retry retry;
    private final Retry.Sleeper sleeper;

    public KubernetesHalter(KubernetesClient client, Retry retry, Retry.Sleeper sleeper) {
        this.client = client;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    @Override
    public Result halt(String namespace, List<HasMetadata> workloads, String revision) {
        List<String> halted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (HasMetadata workload : workloads) {
            String ref = workload.getKind() + "/" + workload.getMetadata().getName();
            ObjectNode patch = haltPatch(workload, revision);
            if (patch == null) {
                continue;
            }
            Outcome<Void> outcome = retry.run(() -> patch(namespace, workload, patch), sleeper);
            if (outcome instanceof Outcome.Success<Void>) {
                halted.add(ref);
            } else {
                problems.add(ref + ": " + reason(outcome));
            }
        }
        if (!problems.isEmpty()) {
            LOG.warnf("halt of %s incomplete: %s", namespace, problems);
        }
        return new Result(!halted.isEmpty() && problems.isEmpty(), halted, problems);
    }

    @Override
    public List<String> resume(String namespace, List<HasMetadata> workloads) {
        List<String> resumed = new ArrayList<>();
        for (HasMetadata workload : workloads) {
            Map<String, String> annotations = workload.getMetadata().getAnnotations();
            if (annotations == null || !annotations.containsKey(HALTED_ANNOTATION)) {
                continue;
            }
            ObjectNode patch = resumePatch(workload, annotations);
            Outcome<Void> outcome = retry.run(() -> patch(namespace, workload, patch), sleeper);
            if (outcome instanceof Outcome.Success<Void>) {
                resumed.add(workload.getKind() + "/" + workload.getMetadata().getName());
            } else {
                LOG.warnf("could not resume %s/%s: %s", workload.getKind(), workload.getMetadata().getName(),
                        reason(outcome));
            }
        }
        return resumed;
    }

    private static ObjectNode haltPatch(HasMetadata workload, String revision) {
        ObjectNode patch = JSON.objectNode();
        ObjectNode annotations = patch.putObject("metadata").putObject("annotations");
        annotations.put(HALTED_ANNOTATION, revision);
        if (workload instanceof Deployment) {
            patch.putObject("spec").put("paused", true);
            return patch;
        }
        if (workload instanceof StatefulSet sts) {
            int replicas = sts.getSpec() == null || sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
            Integer before = sts.getSpec() == null || sts.getSpec().getUpdateStrategy() == null
                    || sts.getSpec().getUpdateStrategy().getRollingUpdate() == null ? null
                    : sts.getSpec().getUpdateStrategy().getRollingUpdate().getPartition();
            annotations.put(PARTITION_ANNOTATION, before == null ? "" : String.valueOf(before));
            patch.putObject("spec").putObject("updateStrategy").putObject("rollingUpdate").put("partition", replicas);
            return patch;
        }
        return null;
    }

    private static ObjectNode resumePatch(HasMetadata workload, Map<String, String> annotations) {
        ObjectNode patch = JSON.objectNode();
        ObjectNode meta = patch.putObject("metadata").putObject("annotations");
        meta.putNull(HALTED_ANNOTATION);
        if (workload instanceof StatefulSet) {
            meta.putNull(PARTITION_ANNOTATION);
            String before = annotations.getOrDefault(PARTITION_ANNOTATION, "");
            ObjectNode rollingUpdate = patch.putObject("spec").putObject("updateStrategy").putObject("rollingUpdate");
            if (before.matches("\\d{1,9}")) {
                rollingUpdate.put("partition", Integer.parseInt(before));
            } else {
                rollingUpdate.putNull("partition");
            }
        } else {
            patch.putObject("spec").putNull("paused");
        }
        return patch;
    }

    private Outcome<Void> patch(String namespace, HasMetadata workload, ObjectNode patch) {
        PatchContext context = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
                .withFieldManager(FIELD_MANAGER).build();
        String name = workload.getMetadata().getName();
        try {
            // patch through the workload the informer holds: withName(name).patch(...) would GET it first, a right
            // the verifier does not have (its Role: list, watch and patch; see the chart's healthVerifier.rbac)
            if (workload instanceof Deployment deployment) {
                client.apps().deployments().inNamespace(namespace).resource(deployment)
                        .patch(context, patch.toString());
            } else if (workload instanceof StatefulSet statefulSet) {
                client.apps().statefulSets().inNamespace(namespace).resource(statefulSet)
                        .patch(context, patch.toString());
            } else {
                return Outcome.permanent("cannot halt a " + workload.getKind() + " (" + name + ")");
            }
            return Outcome.success(null);
        } catch (KubernetesClientException e) {
            return Transience.failure("HTTP " + e.getCode() + ": " + e.getMessage(), e);
        }
    }

    private static String reason(Outcome<Void> outcome) {
        if (outcome instanceof Outcome.PermanentFailure<Void> p) {
            return p.reason();
        }
        return outcome instanceof Outcome.TransientFailure<Void> t ? t.reason() : "";
    }
}
