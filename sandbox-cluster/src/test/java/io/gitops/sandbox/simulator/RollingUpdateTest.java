package io.gitops.sandbox.simulator;

import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RollingUpdateTest {

  private static RollingUpdate.Replicas rs(String name, int spec, int actual, int available) {
    return new RollingUpdate.Replicas(name, spec, actual, available);
  }

  @Test
  void givenAFreshRollout_whenPlanned_thenTheNewSetSurgesWhileTheOldKeepsMinimumAvailability() {
    // Given: 4 replicas, maxSurge 1, maxUnavailable 1, all old pods available

    // When
    Map<String, Integer> plan = RollingUpdate.plan(4, 1, 1, rs("new", 0, 0, 0), List.of(rs("old", 4, 4, 4)), false);

    // Then
    assertThat(plan).containsEntry("new", 1).containsEntry("old", 3);
  }

  @Test
  void givenNewPodsThatNeverBecomeAvailable_whenPlanned_thenOldPodsAreNotScaledDown() {
    // Given: 2 replicas, maxSurge 1, maxUnavailable 0, the surge pod is crash-looping

    // When
    Map<String, Integer> plan = RollingUpdate.plan(2, 1, 0, rs("new", 1, 1, 0), List.of(rs("old", 2, 2, 2)), false);

    // Then
    assertThat(plan).containsEntry("new", 1).containsEntry("old", 2);
  }

  @Test
  void givenUnhealthyOldReplicas_whenPlanned_thenTheyAreCleanedUpFirst() {
    // Given: a rollback where the "old" set is the broken one

    // When
    Map<String, Integer> plan = RollingUpdate.plan(2, 1, 0, rs("good", 2, 2, 2), List.of(rs("bad", 1, 1, 0)), false);

    // Then
    assertThat(plan).containsEntry("good", 2).containsEntry("bad", 0);
  }

  @Test
  void givenRecreate_whenOldPodsStillExist_thenOldSetsGoToZeroAndTheNewOneWaits() {
    // Given / When
    Map<String, Integer> plan = RollingUpdate.plan(3, 0, 3, rs("new", 0, 0, 0), List.of(rs("old", 3, 3, 3)), true);

    // Then
    assertThat(plan).containsEntry("new", 0).containsEntry("old", 0);
  }

  @Test
  void givenNoOldPods_whenPlanned_thenTheNewSetIsScaledStraightToDesired() {
    // Given / When
    Map<String, Integer> plan = RollingUpdate.plan(5, 1, 1, rs("new", 2, 2, 2), List.of(rs("old", 0, 0, 0)), true);

    // Then
    assertThat(plan).containsEntry("new", 5);
  }

  @ParameterizedTest(name = "{1} {0} of 3, round up {2} -> {3}")
  @CsvSource({"'', none, true, 1", "25%, string, false, 0", "2, int, false, 2", "1, string, false, 1",
      "50%, string, true, 2"})
  void givenAnIntOrPercent_whenResolvedAgainstThreeReplicas_thenItRoundsAsKubernetesDoes(String value, String kind,
      boolean roundUp, int expected) {
    // Given
    IntOrString intOrString = switch (kind) {
      case "int" -> new IntOrString(Integer.parseInt(value));
      case "string" -> new IntOrString(value);
      default -> null;
    };

    // When
    int resolved = RollingUpdate.resolve(intOrString, "25%", 3, roundUp);

    // Then
    assertThat(resolved).isEqualTo(expected);
  }
}
