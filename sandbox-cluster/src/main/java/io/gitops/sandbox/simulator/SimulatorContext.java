package io.gitops.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.gitops.sandbox.apiserver.Jsons;
import io.gitops.sandbox.FailureRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the simulator's parts share: the client they write through, the failure rules, the clock, the tick, the time
 * scale for deadlines, and the work queue.
 *
 * @param timeScale simulated seconds per real second for progressDeadlineSeconds and minReadySeconds
 */
public record SimulatorContext(KubernetesClient client, FailureRegistry failures, Clock clock, Duration tick,
    double timeScale, WorkQueue queue) {

  /** The field manager of the simulated controllers' writes. */
  public static final String CONTROLLER_MANAGER = "kube-controller-manager";
  /** The field manager of the simulated kubelet's pod status writes. */
  public static final String KUBELET = "kubelet";

  /** A real duration for a number of simulated seconds. */
  public Duration scaled(long simulatedSeconds) {
    return Duration.ofMillis(Math.round(simulatedSeconds * 1000 / timeScale));
  }

  /** A JSON patch that replaces the whole status, written to the status subresource. */
  public <T extends HasMetadata> void writeStatus(T object, JsonNode status, String manager) {
    String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + status.toString() + "}]";
    PatchContext context = new PatchContext.Builder().withPatchType(PatchType.JSON).withFieldManager(manager)
        .build();
    client.resource(object).subresource("status").patch(context, patch);
  }

  /** An object as JSON. */
  public static JsonNode json(Object object) {
    return Jsons.MAPPER.valueToTree(object);
  }

  /** JSON equality that ignores number representations (1 as int or long) and field order. */
  public static boolean sameJson(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    try {
      return Jsons.read(a.toString()).equals(Jsons.read(b.toString()));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** The controller owner reference of an object, if any. */
  public static Optional<OwnerReference> controllerOf(HasMetadata object) {
    return object.getMetadata().getOwnerReferences().stream()
        .filter(r -> Boolean.TRUE.equals(r.getController()))
        .findFirst();
  }

  /** Whether {@code object} is controlled by the object with this uid. */
  public static boolean isControlledBy(HasMetadata object, String ownerUid) {
    return controllerOf(object).map(r -> ownerUid.equals(r.getUid())).orElse(false);
  }
}
