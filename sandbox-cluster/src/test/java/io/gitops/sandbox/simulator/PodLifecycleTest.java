package io.gitops.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitops.sandbox.FailureMode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class PodLifecycleTest {

  private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");

  private static ObjectNode pod(String image) throws Exception {
    return (ObjectNode) io.gitops.sandbox.apiserver.Jsons.read("""
        {"metadata":{"name":"web-abc"},"spec":{"containers":[{"name":"app","image":"%s"}]}}""".formatted(image));
  }

  /** Runs {@code steps} ticks and returns a summary of each resulting status. */
  private static List<String> run(ObjectNode pod, Function<String, Optional<FailureMode>> modes, int steps) {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      PodLifecycle.Step step = PodLifecycle.next(pod, modes, NOW.plusSeconds(i));
      pod.set("status", step.status());
      JsonNode cs = step.status().path("containerStatuses").path(0);
      String state = cs.path("state").has("waiting") ? cs.at("/state/waiting/reason").asText()
          : cs.path("state").has("running") ? "Running" : "-";
      seen.add(step.status().path("phase").asText() + "/" + state + "/ready=" + PodLifecycle.isReady(pod)
          + "/restarts=" + cs.path("restartCount").asInt() + "/again=" + step.tickAgain());
    }
    return seen;
  }

  @Test
  void givenAHealthyImage_whenTicked_thenThePodGoesPendingThenContainerCreatingThenRunningAndReady()
      throws Exception {
    // Given
    ObjectNode pod = pod("web:1");

    // When
    List<String> states = run(pod, image -> Optional.empty(), 4);

    // Then
    assertThat(states).containsExactly(
        "Pending/-/ready=false/restarts=0/again=true",
        "Pending/ContainerCreating/ready=false/restarts=0/again=true",
        "Running/Running/ready=true/restarts=0/again=false",
        "Running/Running/ready=true/restarts=0/again=false");
    assertThat(PodLifecycle.readySince(pod)).contains(Instant.parse("2025-01-01T10:00:02Z"));
  }

  @Test
  void givenACrashLoopImage_whenTicked_thenRestartsGrowEachTickInCrashLoopBackOff() throws Exception {
    // Given
    ObjectNode pod = pod("web:crash");

    // When
    List<String> states = run(pod, image -> Optional.of(FailureMode.CRASHLOOP), 5);

    // Then
    assertThat(states.subList(2, 5)).containsExactly(
        "Running/CrashLoopBackOff/ready=false/restarts=1/again=true",
        "Running/CrashLoopBackOff/ready=false/restarts=2/again=true",
        "Running/CrashLoopBackOff/ready=false/restarts=3/again=true");
    assertThat(pod.at("/status/containerStatuses/0/lastState/terminated/exitCode").asInt()).isEqualTo(1);
  }

  @Test
  void givenAnImagePullFailure_whenTicked_thenErrImagePullThenImagePullBackOffAndTicksStop() throws Exception {
    // Given
    ObjectNode pod = pod("web:nope");

    // When
    List<String> states = run(pod, image -> Optional.of(FailureMode.IMAGEPULL), 5);

    // Then
    assertThat(states.subList(2, 5)).containsExactly(
        "Pending/ErrImagePull/ready=false/restarts=0/again=true",
        "Pending/ImagePullBackOff/ready=false/restarts=0/again=false",
        "Pending/ImagePullBackOff/ready=false/restarts=0/again=false");
  }

  @Test
  void givenACrashLoopingPod_whenTheFailureIsClearedAndTicked_thenItRunsReadyKeepingItsRestartCount()
      throws Exception {
    // Given
    ObjectNode pod = pod("web:crash");
    run(pod, image -> Optional.of(FailureMode.CRASHLOOP), 4);

    // When
    List<String> states = run(pod, image -> Optional.empty(), 1);

    // Then
    assertThat(states).containsExactly("Running/Running/ready=true/restarts=2/again=false");
    assertThat(pod.at("/status/containerStatuses/0/lastState/terminated/exitCode").asInt()).isEqualTo(1);
  }

  @Test
  void givenAnUnreadyImage_whenTicked_thenItRunsButIsNeverReady() throws Exception {
    // Given
    ObjectNode pod = pod("web:unready");

    // When
    List<String> states = run(pod, image -> Optional.of(FailureMode.UNREADY), 3);

    // Then
    assertThat(states.get(2)).isEqualTo("Running/Running/ready=false/restarts=0/again=false");
    assertThat(pod.at("/status/conditions").toString()).contains("containers with unready status: [app]");
  }
}
