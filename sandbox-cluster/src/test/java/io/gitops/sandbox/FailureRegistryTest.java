package io.gitops.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureRegistryTest {

  @Test
  void givenATagRuleAndAnExactRule_whenAnImageIsLookedUp_thenTheExactRuleWinsAndTheTagRuleMatchesOthers() {
    // Given
    FailureRegistry registry = new FailureRegistry();
    registry.fail(":bad", FailureMode.IMAGEPULL);
    registry.fail("registry.local:5000/shop:bad", FailureMode.CRASHLOOP);

    // When
    var exact = registry.modeFor("registry.local:5000/shop:bad");

    // Then
    assertThat(exact).contains(FailureMode.CRASHLOOP);
    assertThat(registry.modeFor("cart:bad")).contains(FailureMode.IMAGEPULL);
    assertThat(registry.modeFor("registry.local:5000/cart")).isEmpty();
    assertThat(registry.modeFor("cart:bad@sha256:abc")).contains(FailureMode.IMAGEPULL);
    assertThat(registry.modeFor(null)).isEmpty();
  }

  @Test
  void givenARule_whenCleared_thenListenersHearAndTheImageIsHealthy() {
    // Given
    FailureRegistry registry = new FailureRegistry();
    List<String> heard = new ArrayList<>();
    registry.onChange(heard::add);
    registry.fail("a:1", FailureMode.UNREADY);

    // When
    boolean cleared = registry.clear("a:1");

    // Then
    assertThat(cleared).isTrue();
    assertThat(registry.clear("a:1")).isFalse();
    assertThat(heard).containsExactly("a:1", "a:1", "a:1");
    assertThat(registry.modeFor("a:1")).isEmpty();
    assertThatThrownBy(() -> registry.fail(" ", FailureMode.UNREADY)).hasMessage("image is required");
  }

  @ParameterizedTest
  @EnumSource(FailureMode.class)
  void givenAModesWireNameInAnyCase_whenParsed_thenItIsThatMode(FailureMode mode) {
    // Given
    String wire = " " + mode.wireName().toUpperCase() + " ";

    // When
    var parsed = FailureMode.fromWireName(wire);

    // Then
    assertThat(parsed).contains(mode);
  }

  @Test
  void givenNoWireName_whenParsed_thenThereIsNoMode() {
    // Given / When
    var parsed = FailureMode.fromWireName(null);

    // Then
    assertThat(parsed).isEmpty();
  }
}
