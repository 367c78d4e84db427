package io.gitops.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stands in for the Deployment and ReplicaSet controllers: one ReplicaSet per pod template revision
 * ({@code <deployment>-<pod-template-hash>}), rolling updates within maxSurge/maxUnavailable, pods per ReplicaSet,
 * ReplicaSet and Deployment status. A paused Deployment makes no progress; a template equal to an old revision
 * brings that ReplicaSet back (rollback) under a new revision number.
 */
public final class DeploymentController {

  public static final String HASH_LABEL = "pod-template-hash";
  public static final String REVISION = "deployment.kubernetes.io/revision";
  private static final String DESIRED = "deployment.kubernetes.io/desired-replicas";
  private static final String MAX = "deployment.kubernetes.io/max-replicas";
  private static final long DEFAULT_DEADLINE_SECONDS = 600;

  private final SimulatorContext ctx;
  private final Kubelet kubelet;
  private final Map<String, Instant> lastProgress = new HashMap<>();

  public DeploymentController(SimulatorContext ctx, Kubelet kubelet) {
    this.ctx = ctx;
    this.kubelet = kubelet;
  }

  /** One sync of one Deployment. */
  public void reconcile(String namespace, String name) {
    Deployment d = ctx.client().apps().deployments().inNamespace(namespace).withName(name).get();
    if (d == null || d.getMetadata().getDeletionTimestamp() != null || d.getSpec() == null) {
      return;
    }
    String uid = d.getMetadata().getUid();
    int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    String hash = PodTemplateHash.of(d.getSpec().getTemplate());
    List<ReplicaSet> owned = new ArrayList<>(ctx.client().apps().replicaSets().inNamespace(namespace).list()
        .getItems().stream().filter(rs -> SimulatorContext.isControlledBy(rs, uid)).toList());
    owned.sort(Comparator.comparingLong(DeploymentController::revision));
    Map<String, List<Pod>> podsByOwner = podsByOwner(namespace);
    ReplicaSet newRs = owned.stream().filter(rs -> hash.equals(labels(rs).get(HASH_LABEL))).findFirst().orElse(null);
    List<ReplicaSet> olds = owned.stream().filter(rs -> !hash.equals(labels(rs).get(HASH_LABEL)))
        .toList();
    boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
    int maxSurge = maxSurge(d, desired);
    int maxUnavailable = maxUnavailable(d, desired, maxSurge);
    Duration minReady = ctx.scaled(d.getSpec().getMinReadySeconds() == null ? 0 : d.getSpec().getMinReadySeconds());
    Instant now = ctx.clock().instant();
    boolean created = false;
    Map<String, Integer> plan = new LinkedHashMap<>();
    owned.forEach(rs -> plan.put(rs.getMetadata().getName(), specReplicas(rs)));
    if (!paused) {
      long maxRevision = owned.stream().mapToLong(DeploymentController::revision).max().orElse(0);
      RollingUpdate.Replicas newState = newRs == null
          ? new RollingUpdate.Replicas(name + "-" + hash, 0, 0, 0)
          : replicas(newRs, podsByOwner, now, minReady);
      List<RollingUpdate.Replicas> oldStates = olds.stream().map(rs -> replicas(rs, podsByOwner, now, minReady))
          .toList();
      plan.putAll(RollingUpdate.plan(desired, maxSurge, maxUnavailable, newState, oldStates, isRecreate(d)));
      if (newRs == null) {
        newRs = createReplicaSet(d, hash, maxRevision + 1, plan.get(newState.name()), desired, maxSurge);
        owned.add(newRs);
        created = true;
      } else if (revision(newRs) < maxRevision) {
        newRs = annotate(newRs, REVISION, String.valueOf(maxRevision + 1));
      }
    }
    int totalSpec = 0;
    int replicas = 0;
    int ready = 0;
    int available = 0;
    int updated = 0;
    Optional<Duration> untilAvailable = Optional.empty();
    for (ReplicaSet rs : owned) {
      int want = plan.getOrDefault(rs.getMetadata().getName(), specReplicas(rs));
      if (want != specReplicas(rs)) {
        rs = scale(rs, want, desired, maxSurge);
      }
      List<Pod> pods = syncPods(rs, want, podsByOwner.getOrDefault(rs.getMetadata().getUid(), List.of()));
      int rsReady = (int) pods.stream().map(SimulatorContext::json).filter(PodLifecycle::isReady).count();
      int rsAvailable = (int) pods.stream().filter(p -> isAvailable(p, now, minReady)).count();
      untilAvailable = untilAvailable.or(() -> nextAvailability(pods, now, minReady));
      writeReplicaSetStatus(rs, pods.size(), rsReady, rsAvailable);
      totalSpec += want;
      replicas += pods.size();
      ready += rsReady;
      available += rsAvailable;
      if (newRs != null && rs.getMetadata().getUid().equals(newRs.getMetadata().getUid())) {
        updated = pods.size();
      }
    }
    DeploymentStatusCalculator.Result result = DeploymentStatusCalculator.calculate(
        new DeploymentStatusCalculator.Input(d.getMetadata().getGeneration() == null ? 1
            : d.getMetadata().getGeneration(), paused, newRs == null ? null : newRs.getMetadata().getName(), created,
            new DeploymentStatusCalculator.Counts(desired, replicas, updated, ready, available, totalSpec,
                maxUnavailable),
            d.getStatus() == null ? JsonNodeFactory.instance.objectNode() : SimulatorContext.json(d.getStatus()),
            lastProgress.get(uid), ctx.scaled(deadlineSeconds(d))),
        now);
    lastProgress.put(uid, result.lastProgress());
    if (!SimulatorContext.sameJson(result.status(), d.getStatus() == null ? null
        : SimulatorContext.json(d.getStatus()))) {
      ctx.writeStatus(d, result.status(), SimulatorContext.CONTROLLER_MANAGER);
    }
    WorkKey key = WorkKey.deployment(namespace, name);
    result.deadline().ifPresent(at -> ctx.queue().enqueueAfter(key,
        Duration.between(now, at).plusMillis(20)));
    untilAvailable.ifPresent(wait -> ctx.queue().enqueueAfter(key, wait.plusMillis(20)));
  }

  private static long deadlineSeconds(Deployment d) {
    Integer seconds = d.getSpec().getProgressDeadlineSeconds();
    return seconds == null ? DEFAULT_DEADLINE_SECONDS : seconds;
  }

  private static boolean isRecreate(Deployment d) {
    DeploymentStrategy strategy = d.getSpec().getStrategy();
    return strategy != null && "Recreate".equals(strategy.getType());
  }

  private static int maxSurge(Deployment d, int desired) {
    RollingUpdateDeployment ru = rollingUpdate(d);
    return isRecreate(d) ? 0 : RollingUpdate.resolve(ru == null ? null : ru.getMaxSurge(), "25%", desired, true);
  }

  private static int maxUnavailable(Deployment d, int desired, int maxSurge) {
    if (isRecreate(d)) {
      return desired;
    }
    RollingUpdateDeployment ru = rollingUpdate(d);
    int value = RollingUpdate.resolve(ru == null ? null : ru.getMaxUnavailable(), "25%", desired, false);
    return value == 0 && maxSurge == 0 ? 1 : Math.min(value, desired);
  }

  private static RollingUpdateDeployment rollingUpdate(Deployment d) {
    return d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
  }

  private RollingUpdate.Replicas replicas(ReplicaSet rs, Map<String, List<Pod>> podsByOwner, Instant now,
      Duration minReady) {
    List<Pod> pods = podsByOwner.getOrDefault(rs.getMetadata().getUid(), List.of());
    int available = (int) pods.stream().filter(p -> isAvailable(p, now, minReady)).count();
    return new RollingUpdate.Replicas(rs.getMetadata().getName(), specReplicas(rs), pods.size(), available);
  }

  private static boolean isAvailable(Pod pod, Instant now, Duration minReady) {
    return PodLifecycle.readySince(SimulatorContext.json(pod))
        .map(since -> !since.plus(minReady).isAfter(now)).orElse(false);
  }

  private static Optional<Duration> nextAvailability(List<Pod> pods, Instant now, Duration minReady) {
    return pods.stream()
        .map(p -> PodLifecycle.readySince(SimulatorContext.json(p)))
        .flatMap(Optional::stream)
        .map(since -> Duration.between(now, since.plus(minReady)))
        .filter(d -> !d.isNegative() && !d.isZero())
        .min(Comparator.naturalOrder());
  }

  private Map<String, List<Pod>> podsByOwner(String namespace) {
    Map<String, List<Pod>> out = new HashMap<>();
    for (Pod pod : ctx.client().pods().inNamespace(namespace).list().getItems()) {
      SimulatorContext.controllerOf(pod)
          .ifPresent(ref -> out.computeIfAbsent(ref.getUid(), k -> new ArrayList<>()).add(pod));
    }
    return out;
  }

  private ReplicaSet createReplicaSet(Deployment d, String hash, long revision, int replicas, int desired,
      int maxSurge) {
    PodTemplateSpec template = Serialization.clone(d.getSpec().getTemplate());
    Map<String, String> podLabels = new LinkedHashMap<>(labelsOf(template));
    podLabels.put(HASH_LABEL, hash);
    template.getMetadata().setLabels(podLabels);
    LabelSelector selector = d.getSpec().getSelector() == null ? new LabelSelector()
        : Serialization.clone(d.getSpec().getSelector());
    LabelSelector rsSelector = new LabelSelectorBuilder(selector).addToMatchLabels(HASH_LABEL, hash).build();
    ReplicaSet rs = new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(d.getMetadata().getName() + "-" + hash)
        .withNamespace(d.getMetadata().getNamespace())
        .withLabels(podLabels)
        .addToAnnotations(REVISION, String.valueOf(revision))
        .addToAnnotations(DESIRED, String.valueOf(desired))
        .addToAnnotations(MAX, String.valueOf(desired + maxSurge))
        .withOwnerReferences(PodFactory.controllerRef(d))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withMinReadySeconds(d.getSpec().getMinReadySeconds())
        .withSelector(rsSelector)
        .withTemplate(template)
        .endSpec()
        .build();
    return ctx.client().resource(rs).create();
  }

  private static Map<String, String> labelsOf(PodTemplateSpec template) {
    if (template.getMetadata() == null) {
      template.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    return template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels();
  }

  private ReplicaSet annotate(ReplicaSet rs, String key, String value) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("metadata").putObject("annotations").put(key, value);
    return ctx.client().resource(rs).patch(mergePatch(), patch.toString());
  }

  private ReplicaSet scale(ReplicaSet rs, int replicas, int desired, int maxSurge) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectNode annotations = patch.putObject("metadata").putObject("annotations");
    annotations.put(DESIRED, String.valueOf(desired));
    annotations.put(MAX, String.valueOf(desired + maxSurge));
    patch.putObject("spec").put("replicas", replicas);
    return ctx.client().resource(rs).patch(mergePatch(), patch.toString());
  }

  private static PatchContext mergePatch() {
    return new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
        .withFieldManager(SimulatorContext.CONTROLLER_MANAGER).build();
  }

  /** Creates or deletes pods until the ReplicaSet has {@code want}; returns the pods it then has. */
  private List<Pod> syncPods(ReplicaSet rs, int want, List<Pod> existing) {
    List<Pod> pods = new ArrayList<>(existing);
    while (pods.size() < want) {
      Pod pod = PodFactory.fromTemplate(rs.getSpec().getTemplate(), rs, PodFactory.randomName(
          rs.getMetadata().getName()), Map.of());
      Pod created = ctx.client().resource(pod).create();
      kubelet.admit(created);
      pods.add(created);
    }
    if (pods.size() > want) {
      pods.sort(Comparator.comparing((Pod p) -> PodLifecycle.isReady(SimulatorContext.json(p)))
          .thenComparing((Pod p) -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder())
          .thenComparing(p -> p.getMetadata().getName()));
      while (pods.size() > want) {
        Pod victim = pods.remove(0);
        ctx.client().resource(victim).delete();
      }
    }
    return pods;
  }

  private void writeReplicaSetStatus(ReplicaSet rs, int replicas, int ready, int available) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("replicas", replicas);
    if (replicas > 0) {
      status.put("fullyLabeledReplicas", replicas);
    }
    if (ready > 0) {
      status.put("readyReplicas", ready);
    }
    if (available > 0) {
      status.put("availableReplicas", available);
    }
    status.put("observedGeneration", rs.getMetadata().getGeneration() == null ? 1 : rs.getMetadata().getGeneration());
    JsonNode current = rs.getStatus() == null ? null : SimulatorContext.json(rs.getStatus());
    if (!SimulatorContext.sameJson(status, current)) {
      ctx.writeStatus(rs, status, SimulatorContext.CONTROLLER_MANAGER);
    }
  }

  private static int specReplicas(ReplicaSet rs) {
    return rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
  }

  private static Map<String, String> labels(ReplicaSet rs) {
    return rs.getMetadata().getLabels() == null ? Map.of() : rs.getMetadata().getLabels();
  }

  static long revision(ReplicaSet rs) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    try {
      return annotations == null ? 0 : Long.parseLong(annotations.getOrDefault(REVISION, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Forgets a deleted Deployment's progress clock. */
  public void forget(String uid) {
    lastProgress.remove(uid);
  }
}
