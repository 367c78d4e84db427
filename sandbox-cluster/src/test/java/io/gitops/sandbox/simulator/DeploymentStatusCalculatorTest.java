package io.gitops.sandbox.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentStatusCalculatorTest {

  private static final Instant T0 = Instant.parse("2025-01-01T10:00:00Z");
  private static final Duration DEADLINE = Duration.ofSeconds(600);

  private static DeploymentStatusCalculator.Input input(boolean paused, boolean created,
      DeploymentStatusCalculator.Counts counts, JsonNode previous, Instant lastProgress) {
    return new DeploymentStatusCalculator.Input(2, paused, "web-abc", created, counts, previous, lastProgress,
        DEADLINE);
  }

  private static DeploymentStatusCalculator.Counts counts(int replicas, int updated, int ready, int available) {
    return new DeploymentStatusCalculator.Counts(2, replicas, updated, ready, available, Math.max(2, replicas), 0);
  }

  private static String progressing(JsonNode status) {
    for (JsonNode c : status.path("conditions")) {
      if ("Progressing".equals(c.path("type").asText())) {
        return c.path("status").asText() + "/" + c.path("reason").asText();
      }
    }
    return "none";
  }

  @Test
  void givenANewReplicaSet_whenCalculated_thenProgressingIsNewReplicaSetCreatedAndZerosAreOmitted() {
    // Given
    ObjectNode previous = JsonNodeFactory.instance.objectNode();

    // When
    DeploymentStatusCalculator.Result result = DeploymentStatusCalculator.calculate(
        input(false, true, counts(1, 1, 0, 0), previous, null), T0);

    // Then
    assertThat(progressing(result.status())).isEqualTo("True/NewReplicaSetCreated");
    assertThat(result.status().has("readyReplicas")).isFalse();
    assertThat(result.status().path("unavailableReplicas").asInt()).isEqualTo(2);
    assertThat(result.status().path("observedGeneration").asLong()).isEqualTo(2);
    assertThat(result.deadline()).contains(T0.plus(DEADLINE));
  }

  @Test
  void givenNoProgressSinceTheDeadline_whenCalculated_thenProgressDeadlineExceeded() {
    // Given
    JsonNode previous = DeploymentStatusCalculator.calculate(input(false, true, counts(1, 1, 0, 0),
        JsonNodeFactory.instance.objectNode(), null), T0).status();

    // When
    DeploymentStatusCalculator.Result result = DeploymentStatusCalculator.calculate(
        input(false, false, counts(1, 1, 0, 0), previous, T0), T0.plus(DEADLINE));

    // Then
    assertThat(progressing(result.status())).isEqualTo("False/ProgressDeadlineExceeded");
    assertThat(result.deadline()).isEmpty();
  }

  @Test
  void givenAllReplicasUpdatedAndAvailable_whenCalculated_thenNewReplicaSetAvailableAndMinimumReplicasAvailable() {
    // Given
    JsonNode previous = JsonNodeFactory.instance.objectNode();

    // When
    DeploymentStatusCalculator.Result result = DeploymentStatusCalculator.calculate(
        input(false, false, counts(2, 2, 2, 2), previous, T0), T0);

    // Then
    assertThat(progressing(result.status())).isEqualTo("True/NewReplicaSetAvailable");
    assertThat(result.status().toString()).contains("MinimumReplicasAvailable");
  }

  @Test
  void givenAPausedDeploymentThatIsResumed_whenCalculated_thenDeploymentPausedThenDeploymentResumed() {
    // Given
    JsonNode paused = DeploymentStatusCalculator.calculate(
        input(true, false, counts(2, 0, 2, 2), JsonNodeFactory.instance.objectNode(), T0), T0).status();

    // When
    DeploymentStatusCalculator.Result resumed = DeploymentStatusCalculator.calculate(
        input(false, false, counts(2, 0, 2, 2), paused, T0), T0.plusSeconds(5));

    // Then
    assertThat(progressing(paused)).isEqualTo("Unknown/DeploymentPaused");
    assertThat(progressing(resumed.status())).isEqualTo("Unknown/DeploymentResumed");
    assertThat(resumed.lastProgress()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void givenMoreReadyReplicasThanBefore_whenCalculated_thenReplicaSetUpdatedMovesTheProgressClock() {
    // Given
    JsonNode previous = DeploymentStatusCalculator.calculate(input(false, true, counts(1, 1, 0, 0),
        JsonNodeFactory.instance.objectNode(), null), T0).status();

    // When
    DeploymentStatusCalculator.Result result = DeploymentStatusCalculator.calculate(
        input(false, false, counts(2, 2, 1, 1), previous, T0), T0.plusSeconds(3));

    // Then
    assertThat(progressing(result.status())).isEqualTo("True/ReplicaSetUpdated");
    assertThat(result.lastProgress()).isEqualTo(T0.plusSeconds(3));
  }
}
