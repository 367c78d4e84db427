package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StatefulSetRolloutTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static SandboxCluster sandbox;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    sandbox = SandboxCluster.start(SandboxOptions.defaults().withTick(Duration.ofMillis(15)));
    client = sandbox.client();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private static StatefulSet apply(StatefulSet manifest) {
    return client.resource(manifest).fieldManager("sync").forceConflicts().serverSideApply();
  }

  private static void awaitStatus(String ns, Consumer<StatefulSetStatus> assertion) {
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() ->
        assertion.accept(client.apps().statefulSets().inNamespace(ns).withName("db").get().getStatus()));
  }

  private static List<Pod> pods(String ns) {
    return client.pods().inNamespace(ns).list().getItems();
  }

  @Test
  void givenANewStatefulSet_whenApplied_thenOrdinalPodsBecomeReadyAndStatusIsComplete() {
    // Given
    String ns = "sts-new";

    // When
    StatefulSet sts = apply(Workloads.statefulSet(ns, "db", "db:1", 3));

    // Then
    awaitStatus(ns, s -> {
      assertThat(s.getReplicas()).isEqualTo(3);
      assertThat(s.getReadyReplicas()).isEqualTo(3);
      assertThat(s.getCurrentReplicas()).isEqualTo(3);
      assertThat(s.getUpdatedReplicas()).isEqualTo(3);
      assertThat(s.getCurrentRevision()).isEqualTo(s.getUpdateRevision()).startsWith("db-");
      assertThat(s.getObservedGeneration()).isEqualTo(1L);
    });
    assertThat(pods(ns)).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("db-0", "db-1", "db-2");
    assertThat(pods(ns)).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences().get(0).getUid())
        .isEqualTo(sts.getMetadata().getUid()));
  }

  @Test
  void givenAReadyStatefulSet_whenANewImageIsApplied_thenPodsAreReplacedAndTheRevisionMoves() {
    // Given
    String ns = "sts-update";
    apply(Workloads.statefulSet(ns, "db", "db:1", 2));
    awaitStatus(ns, s -> assertThat(s.getReadyReplicas()).isEqualTo(2));
    String firstRevision = client.apps().statefulSets().inNamespace(ns).withName("db").get().getStatus()
        .getCurrentRevision();

    // When
    apply(Workloads.statefulSet(ns, "db", "db:2", 2));

    // Then
    awaitStatus(ns, s -> {
      assertThat(s.getUpdateRevision()).isNotEqualTo(firstRevision);
      assertThat(s.getCurrentRevision()).isEqualTo(s.getUpdateRevision());
      assertThat(s.getUpdatedReplicas()).isEqualTo(2);
      assertThat(s.getReadyReplicas()).isEqualTo(2);
      assertThat(s.getObservedGeneration()).isEqualTo(2L);
    });
    assertThat(pods(ns)).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("db:2"));
  }

  @Test
  void givenACrashLoopingImage_whenAStatefulSetRollsItOut_thenItsPodCrashLoopsAndTheUpdateStalls() {
    // Given
    String ns = "sts-crash";
    apply(Workloads.statefulSet(ns, "db", "db:1", 2));
    awaitStatus(ns, s -> assertThat(s.getReadyReplicas()).isEqualTo(2));
    sandbox.simulator().failImage("db:broken", FailureMode.CRASHLOOP);

    // When
    apply(Workloads.statefulSet(ns, "db", "db:broken", 2));

    // Then
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      Pod last = client.pods().inNamespace(ns).withName("db-1").get();
      assertThat(last.getSpec().getContainers().get(0).getImage()).isEqualTo("db:broken");
      assertThat(last.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
          .isEqualTo("CrashLoopBackOff");
    });
    awaitStatus(ns, s -> {
      assertThat(s.getCurrentRevision()).isNotEqualTo(s.getUpdateRevision());
      assertThat(s.getUpdatedReplicas()).isEqualTo(1);
      assertThat(s.getReadyReplicas()).isEqualTo(1);
    });
    assertThat(client.pods().inNamespace(ns).withName("db-0").get().getSpec().getContainers().get(0).getImage())
        .isEqualTo("db:1");
  }

  @Test
  void givenAReadyStatefulSet_whenScaledDown_thenTheHighestOrdinalsGo() {
    // Given
    String ns = "sts-scale";
    apply(Workloads.statefulSet(ns, "db", "db:1", 3));
    awaitStatus(ns, s -> assertThat(s.getReadyReplicas()).isEqualTo(3));

    // When
    apply(Workloads.statefulSet(ns, "db", "db:1", 1));

    // Then
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(pods(ns)).extracting(p -> p.getMetadata().getName())
        .containsExactly("db-0"));
    awaitStatus(ns, s -> assertThat(s.getReplicas()).isEqualTo(1));
  }
}
