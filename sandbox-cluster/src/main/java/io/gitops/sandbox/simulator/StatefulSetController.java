package io.gitops.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for the StatefulSet controller: pods {@code <sts>-0..n-1} labelled with their
 * {@code controller-revision-hash}; OrderedReady creates one pod at a time once the lower ordinals are ready
 * (Parallel creates them all); a RollingUpdate replaces pods from the highest ordinal down, one at a time, when the
 * others are ready (an outdated pod that is not ready is replaced at once, so a rollback is not stuck behind a
 * crash-looping pod); status carries replicas, readyReplicas, currentReplicas, updatedReplicas, currentRevision,
 * updateRevision and observedGeneration.
 */
public final class StatefulSetController {

  public static final String REVISION_LABEL = "controller-revision-hash";
  private static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";

  private final SimulatorContext ctx;
  private final Kubelet kubelet;

  public StatefulSetController(SimulatorContext ctx, Kubelet kubelet) {
    this.ctx = ctx;
    this.kubelet = kubelet;
  }

  public void reconcile(String namespace, String name) {
    StatefulSet sts = ctx.client().apps().statefulSets().inNamespace(namespace).withName(name).get();
    if (sts == null || sts.getMetadata().getDeletionTimestamp() != null || sts.getSpec() == null) {
      return;
    }
    int desired = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
    String updateRevision = name + "-" + PodTemplateHash.of(sts.getSpec().getTemplate());
    String currentRevision = sts.getStatus() == null || sts.getStatus().getCurrentRevision() == null
        ? updateRevision : sts.getStatus().getCurrentRevision();
    boolean parallel = "Parallel".equals(sts.getSpec().getPodManagementPolicy());
    boolean onDelete = sts.getSpec().getUpdateStrategy() != null
        && "OnDelete".equals(sts.getSpec().getUpdateStrategy().getType());
    Map<Integer, Pod> pods = podsByOrdinal(sts);

    boolean lowerReady = true;
    for (int i = 0; i < desired; i++) {
      Pod pod = pods.get(i);
      if (pod == null) {
        if (!parallel && !lowerReady) {
          break;
        }
        Pod created = ctx.client().resource(PodFactory.fromTemplate(sts.getSpec().getTemplate(), sts,
            name + "-" + i, Map.of(REVISION_LABEL, updateRevision, POD_NAME_LABEL, name + "-" + i))).create();
        kubelet.admit(created);
        pods.put(i, created);
        lowerReady = false;
        if (!parallel) {
          break;
        }
      } else {
        lowerReady &= ready(pod);
      }
    }
    for (int i : pods.keySet().stream().filter(o -> o >= desired).sorted((a, b) -> b - a).toList()) {
      ctx.client().resource(pods.remove(i)).delete();
      if (!parallel) {
        break;
      }
    }
    if (!onDelete && pods.size() == desired) {
      for (int i = desired - 1; i >= 0; i--) {
        Pod pod = pods.get(i);
        boolean outdated = !updateRevision.equals(revisionOf(pod));
        boolean othersReady = pods.values().stream().filter(p -> p != pod).allMatch(StatefulSetController::ready);
        if (outdated && (othersReady || !ready(pod))) {
          ctx.client().resource(pod).delete();
          pods.remove(i);
          ctx.queue().enqueueAfter(WorkKey.statefulSet(namespace, name), ctx.tick());
          break;
        }
        if (outdated) {
          break;
        }
      }
    }
    writeStatus(sts, pods, desired, currentRevision, updateRevision);
  }

  private void writeStatus(StatefulSet sts, Map<Integer, Pod> pods, int desired, String currentRevision,
      String updateRevision) {
    int ready = (int) pods.values().stream().filter(StatefulSetController::ready).count();
    int updated = (int) pods.values().stream().filter(p -> updateRevision.equals(revisionOf(p))).count();
    String current = currentRevision;
    if (updated == desired && ready == desired && pods.size() == desired) {
      current = updateRevision;
    }
    String currentRev = current;
    int currentReplicas = (int) pods.values().stream().filter(p -> currentRev.equals(revisionOf(p))).count();
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("observedGeneration", sts.getMetadata().getGeneration() == null ? 1
        : sts.getMetadata().getGeneration());
    status.put("replicas", pods.size());
    putNonZero(status, "readyReplicas", ready);
    putNonZero(status, "currentReplicas", currentReplicas);
    putNonZero(status, "updatedReplicas", updated);
    putNonZero(status, "availableReplicas", ready);
    status.put("currentRevision", current);
    status.put("updateRevision", updateRevision);
    status.put("collisionCount", 0);
    JsonNode before = sts.getStatus() == null ? null : SimulatorContext.json(sts.getStatus());
    if (!SimulatorContext.sameJson(status, before)) {
      ctx.writeStatus(sts, status, SimulatorContext.CONTROLLER_MANAGER);
    }
  }

  private static void putNonZero(ObjectNode status, String field, int value) {
    if (value != 0) {
      status.put(field, value);
    }
  }

  private Map<Integer, Pod> podsByOrdinal(StatefulSet sts) {
    Map<Integer, Pod> out = new TreeMap<>();
    String prefix = sts.getMetadata().getName() + "-";
    for (Pod pod : ctx.client().pods().inNamespace(sts.getMetadata().getNamespace()).list().getItems()) {
      String podName = pod.getMetadata().getName();
      if (SimulatorContext.isControlledBy(pod, sts.getMetadata().getUid()) && podName.startsWith(prefix)) {
        try {
          out.put(Integer.parseInt(podName.substring(prefix.length())), pod);
        } catch (NumberFormatException e) {
          // not one of ours
        }
      }
    }
    return out;
  }

  private static String revisionOf(Pod pod) {
    return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(REVISION_LABEL);
  }

  private static boolean ready(Pod pod) {
    return PodLifecycle.isReady(SimulatorContext.json(pod));
  }
}
