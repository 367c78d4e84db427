package io.gitops.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

import java.util.Optional;

/**
 * Advances pods through {@link PodLifecycle}, one step per tick, and tells the owning workload when a pod's readiness
 * or phase changed. Pods are ticked only while they have somewhere to go (or crash-loop); a failure rule change
 * re-ticks every pod.
 */
public final class Kubelet {

  private final SimulatorContext ctx;

  public Kubelet(SimulatorContext ctx) {
    this.ctx = ctx;
  }

  /** Starts simulating a freshly created pod. */
  public void admit(Pod pod) {
    ctx.queue().enqueueAfter(WorkKey.pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName()), ctx.tick());
  }

  /** Re-evaluates every pod (after a failure rule was set or cleared). */
  public void recheckAll() {
    for (Pod pod : ctx.client().pods().inAnyNamespace().list().getItems()) {
      ctx.queue().enqueueAfter(WorkKey.pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName()),
          ctx.tick());
    }
  }

  /** One tick of one pod. */
  public void tick(String namespace, String name) {
    Pod pod = ctx.client().pods().inNamespace(namespace).withName(name).get();
    if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    JsonNode before = SimulatorContext.json(pod);
    PodLifecycle.Step step = PodLifecycle.next(before, ctx.failures()::modeFor, ctx.clock().instant());
    if (!SimulatorContext.sameJson(step.status(), before.path("status"))) {
      ctx.writeStatus(pod, step.status(), SimulatorContext.KUBELET);
      boolean readinessChanged = PodLifecycle.isReady(before) != isReady(step.status());
      boolean phaseChanged = !before.path("status").path("phase").equals(step.status().path("phase"));
      if (readinessChanged || phaseChanged) {
        ownerKey(pod).ifPresent(ctx.queue()::enqueue);
      }
    }
    if (step.tickAgain()) {
      ctx.queue().enqueueAfter(WorkKey.pod(namespace, name), ctx.tick());
    }
  }

  private static boolean isReady(JsonNode status) {
    for (JsonNode condition : status.path("conditions")) {
      if ("Ready".equals(condition.path("type").asText())) {
        return "True".equals(condition.path("status").asText());
      }
    }
    return false;
  }

  /** The workload to reconcile when this pod changes: its StatefulSet, or its ReplicaSet's Deployment. */
  public Optional<WorkKey> ownerKey(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    return SimulatorContext.controllerOf(pod).flatMap(owner -> switch (owner.getKind()) {
      case "StatefulSet" -> Optional.of(WorkKey.statefulSet(namespace, owner.getName()));
      case "ReplicaSet" -> Optional.of(WorkKey.replicaSet(namespace, owner.getName()));
      default -> Optional.empty();
    });
  }

  /** The Deployment that controls a ReplicaSet, as a work key. */
  public Optional<WorkKey> deploymentOf(String namespace, String replicaSet) {
    ReplicaSet rs = ctx.client().apps().replicaSets().inNamespace(namespace).withName(replicaSet).get();
    return Optional.ofNullable(rs).flatMap(SimulatorContext::controllerOf)
        .filter(r -> "Deployment".equals(r.getKind()))
        .map(r -> WorkKey.deployment(namespace, r.getName()));
  }
}
