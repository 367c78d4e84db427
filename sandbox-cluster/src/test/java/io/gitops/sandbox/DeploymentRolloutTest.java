package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The rollout simulator standing in for the Deployment controller and the kubelet. */
class DeploymentRolloutTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static SandboxCluster sandbox;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    sandbox = SandboxCluster.start(SandboxOptions.defaults().withTick(Duration.ofMillis(15)).withTimeScale(600));
    client = sandbox.client();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static String namespace() {
    return "roll-" + NAMESPACES.incrementAndGet();
  }

  private static Deployment apply(Deployment manifest) {
    return client.resource(manifest).fieldManager("sync").forceConflicts().serverSideApply();
  }

  private static void awaitStatus(String ns, String name, Consumer<DeploymentStatus> assertion) {
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
      assertThat(d.getStatus()).isNotNull();
      assertion.accept(d.getStatus());
    });
  }

  /** Complete for the current spec: observedGeneration caught up, all replicas updated and available. */
  private static void awaitComplete(String ns, String name, int replicas) {
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
      DeploymentStatus s = d.getStatus();
      assertThat(s.getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
      assertThat(s.getUpdatedReplicas()).isEqualTo(replicas);
      assertThat(s.getAvailableReplicas()).isEqualTo(replicas);
      assertThat(s.getReplicas()).isEqualTo(replicas);
      assertThat(condition(s, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
    });
  }

  private static DeploymentCondition condition(DeploymentStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  private static List<ReplicaSet> replicaSets(String ns) {
    return client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
        .sorted(Comparator.comparing(rs -> rs.getMetadata().getAnnotations()
            .get("deployment.kubernetes.io/revision"))).toList();
  }

  private static List<Pod> pods(String ns) {
    return client.pods().inNamespace(ns).list().getItems();
  }

  @Test
  void givenANewDeployment_whenApplied_thenAReplicaSetAndPodsAreCreatedAndItBecomesAvailable() {
    // Given
    String ns = namespace();

    // When
    Deployment d = apply(Workloads.deployment(ns, "web", "web:1", 3));

    // Then
    awaitComplete(ns, "web", 3);
    DeploymentStatus status = client.apps().deployments().inNamespace(ns).withName("web").get().getStatus();
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getReadyReplicas()).isEqualTo(3);
    assertThat(status.getUnavailableReplicas()).isNull();
    assertThat(condition(status, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
    assertThat(condition(status, "Available").getStatus()).isEqualTo("True");
    ReplicaSet rs = replicaSets(ns).get(0);
    String hash = rs.getMetadata().getLabels().get("pod-template-hash");
    assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
    assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
    assertThat(rs.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo(d.getMetadata().getUid());
      assertThat(o.getKind()).isEqualTo("Deployment");
      assertThat(o.getController()).isTrue();
    });
    assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
    assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(pods(ns)).hasSize(3).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).matches("web-" + hash + "-[bcdfghjklmnpqrstvwxz2456789]{5}");
      assertThat(p.getMetadata().getLabels()).containsEntry("app", "web").containsEntry("pod-template-hash", hash);
      assertThat(p.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo(rs.getMetadata().getName());
      assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("web:1");
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
      assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
      assertThat(p.getStatus().getContainerStatuses().get(0).getState().getRunning()).isNotNull();
    });
  }

  @Test
  void givenAnAvailableDeployment_whenANewImageIsApplied_thenANewReplicaSetReplacesTheOldOne() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 2));
    awaitComplete(ns, "web", 2);

    // When
    apply(Workloads.deployment(ns, "web", "web:2", 2));

    // Then
    awaitStatus(ns, "web", s -> {
      assertThat(s.getObservedGeneration()).isEqualTo(2L);
      assertThat(s.getUpdatedReplicas()).isEqualTo(2);
      assertThat(s.getAvailableReplicas()).isEqualTo(2);
      assertThat(s.getReplicas()).isEqualTo(2);
    });
    List<ReplicaSet> sets = replicaSets(ns);
    assertThat(sets).extracting(rs -> rs.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")
        + ":" + rs.getSpec().getReplicas()).containsExactly("1:0", "2:2");
    assertThat(pods(ns)).hasSize(2)
        .allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("web:2"));
  }

  @Test
  void givenAnAvailableDeployment_whenScaledUp_thenMorePodsBecomeReadyInTheSameReplicaSet() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 1));
    awaitComplete(ns, "web", 1);

    // When
    apply(Workloads.deployment(ns, "web", "web:1", 4));

    // Then
    awaitComplete(ns, "web", 4);
    assertThat(replicaSets(ns)).singleElement().satisfies(rs -> assertThat(rs.getSpec().getReplicas()).isEqualTo(4));
  }

  @Test
  void givenAnAvailableDeployment_whenScaledDown_thenExtraPodsAreDeleted() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 3));
    awaitComplete(ns, "web", 3);

    // When
    apply(Workloads.deployment(ns, "web", "web:1", 1));

    // Then
    awaitComplete(ns, "web", 1);
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(pods(ns)).hasSize(1));
  }

  @Test
  void givenACrashLoopingImage_whenRolledOut_thenPodsRestartEveryTickAndTheOldReplicaSetKeepsServing() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 2));
    awaitComplete(ns, "web", 2);
    sandbox.simulator().failImage("web:crash", FailureMode.CRASHLOOP);

    // When
    apply(Workloads.deployment(ns, "web", "web:crash", 2));

    // Then
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(pods(ns)).filteredOn(p -> image(p).equals("web:crash"))
        .isNotEmpty().allSatisfy(p -> {
          ContainerStatus cs = p.getStatus().getContainerStatuses().get(0);
          assertThat(cs.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
          assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(1);
          assertThat(cs.getRestartCount()).isGreaterThanOrEqualTo(3);
          assertThat(cs.getReady()).isFalse();
          assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        }));
    DeploymentStatus status = client.apps().deployments().inNamespace(ns).withName("web").get().getStatus();
    assertThat(status.getAvailableReplicas()).isEqualTo(2);
    assertThat(status.getUnavailableReplicas()).isPositive();
    assertThat(pods(ns)).filteredOn(p -> image(p).equals("web:1")).isNotEmpty();
  }

  @Test
  void givenAnImageThatCannotBePulled_whenRolledOut_thenPodsGoFromErrImagePullToImagePullBackOff() {
    // Given
    String ns = namespace();
    sandbox.simulator().failImage("web:nopull", FailureMode.IMAGEPULL);

    // When
    apply(Workloads.deployment(ns, "web", "web:nopull", 1));

    // Then
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(pods(ns)).singleElement().satisfies(p -> {
      assertThat(p.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
          .isEqualTo("ImagePullBackOff");
      assertThat(p.getStatus().getPhase()).isEqualTo("Pending");
    }));
    awaitStatus(ns, "web", s -> {
      assertThat(s.getUnavailableReplicas()).isEqualTo(1);
      assertThat(condition(s, "Available").getReason()).isEqualTo("MinimumReplicasUnavailable");
    });
  }

  @Test
  void givenAnImageThatNeverBecomesReady_whenRolledOut_thenPodsRunButAreNotReady() {
    // Given
    String ns = namespace();
    sandbox.simulator().failImage(":never-ready", FailureMode.UNREADY);

    // When
    apply(Workloads.deployment(ns, "web", "web:never-ready", 1));

    // Then
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(pods(ns)).singleElement().satisfies(p -> {
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
      assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isFalse();
      assertThat(p.getStatus().getContainerStatuses().get(0).getState().getRunning()).isNotNull();
      assertThat(p.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready")).singleElement()
          .satisfies(c -> assertThat(c.getStatus()).isEqualTo("False"));
    }));
  }

  @Test
  void givenAFailingRollout_whenTheFailureIsCleared_thenTheRolloutCompletes() {
    // Given
    String ns = namespace();
    sandbox.simulator().failImage("web:flaky", FailureMode.CRASHLOOP);
    apply(Workloads.deployment(ns, "web", "web:flaky", 2));
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(pods(ns)).isNotEmpty().allSatisfy(p ->
        assertThat(p.getStatus().getContainerStatuses()).isNotEmpty()
            .allSatisfy(cs -> assertThat(cs.getRestartCount()).isPositive())));

    // When
    sandbox.simulator().clearImage("web:flaky");

    // Then
    awaitComplete(ns, "web", 2);
  }

  @Test
  void givenARolloutThatMakesNoProgress_whenItsDeadlinePasses_thenProgressingIsFalseWithProgressDeadlineExceeded() {
    // Given
    String ns = namespace();
    sandbox.simulator().failImage("web:stuck", FailureMode.IMAGEPULL);
    Deployment manifest = Workloads.deployment(ns, "web", "web:stuck", 1);
    manifest.getSpec().setProgressDeadlineSeconds(600);

    // When
    apply(manifest);

    // Then (time scale 600: the 600 s deadline passes after about a second)
    awaitStatus(ns, "web", s -> {
      DeploymentCondition progressing = condition(s, "Progressing");
      assertThat(progressing.getStatus()).isEqualTo("False");
      assertThat(progressing.getReason()).isEqualTo("ProgressDeadlineExceeded");
      assertThat(progressing.getMessage()).contains("has timed out progressing");
    });
  }

  @Test
  void givenAPausedDeployment_whenItsTemplateChanges_thenNothingRollsOutUntilItIsResumed() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 1));
    awaitComplete(ns, "web", 1);
    pause(ns, true);
    apply(Workloads.deployment(ns, "web", "web:2", 1));
    awaitStatus(ns, "web", s -> {
      assertThat(s.getObservedGeneration()).isEqualTo(3L);
      assertThat(condition(s, "Progressing").getReason()).isEqualTo("DeploymentPaused");
    });
    assertThat(replicaSets(ns)).hasSize(1);

    // When
    pause(ns, false);

    // Then
    awaitComplete(ns, "web", 1);
    assertThat(replicaSets(ns)).hasSize(2);
    assertThat(pods(ns)).singleElement().satisfies(p -> assertThat(image(p)).isEqualTo("web:2"));
  }

  @Test
  void givenAHaltedBrokenRollout_whenTheOldTemplateIsReappliedAndResumed_thenTheOldReplicaSetComesBack() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:good", 2));
    awaitComplete(ns, "web", 2);
    String goodRs = replicaSets(ns).get(0).getMetadata().getName();
    sandbox.simulator().failImage("web:bad", FailureMode.CRASHLOOP);
    apply(Workloads.deployment(ns, "web", "web:bad", 2));
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(replicaSets(ns)).hasSize(2));
    pause(ns, true);
    apply(Workloads.deployment(ns, "web", "web:good", 2));

    // When
    pause(ns, false);

    // Then
    awaitComplete(ns, "web", 2);
    ReplicaSet revived = client.apps().replicaSets().inNamespace(ns).withName(goodRs).get();
    assertThat(revived.getSpec().getReplicas()).isEqualTo(2);
    assertThat(revived.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(pods(ns)).hasSize(2)
        .allSatisfy(p -> assertThat(image(p)).isEqualTo("web:good")));
  }

  @Test
  void givenARecreateDeployment_whenTheImageChanges_thenOldPodsGoBeforeNewOnesStart() {
    // Given
    String ns = namespace();
    Deployment v1 = Workloads.deployment(ns, "web", "web:1", 2);
    v1.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
        .withType("Recreate").build());
    apply(v1);
    awaitComplete(ns, "web", 2);
    Deployment v2 = Workloads.deployment(ns, "web", "web:2", 2);
    v2.getSpec().setStrategy(v1.getSpec().getStrategy());

    // When
    apply(v2);

    // Then
    awaitComplete(ns, "web", 2);
    assertThat(pods(ns)).hasSize(2).allSatisfy(p -> assertThat(image(p)).isEqualTo("web:2"));
  }

  @Test
  void givenADeploymentWithPods_whenAPodIsDeletedByHand_thenItIsReplaced() {
    // Given
    String ns = namespace();
    apply(Workloads.deployment(ns, "web", "web:1", 2));
    awaitComplete(ns, "web", 2);
    Pod victim = pods(ns).get(0);

    // When
    client.resource(victim).delete();

    // Then
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(pods(ns)).hasSize(2)
        .noneSatisfy(p -> assertThat(p.getMetadata().getName()).isEqualTo(victim.getMetadata().getName())));
    awaitComplete(ns, "web", 2);
  }

  private static void pause(String ns, boolean paused) {
    client.apps().deployments().inNamespace(ns).withName("web").patch(
        new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("health-verifier").build(),
        "{\"spec\":{\"paused\":" + paused + "}}");
  }

  private static String image(Pod p) {
    return p.getSpec().getContainers().get(0).getImage();
  }
}
