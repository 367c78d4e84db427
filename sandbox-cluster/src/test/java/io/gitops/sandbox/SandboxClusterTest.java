package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxClusterTest {

  @Test
  void givenAWarmJvm_whenASandboxStarts_thenItServesInWellUnderASecond() {
    // Given: a first start warms the JVM (class loading of Vert.x, Netty and fabric8)
    Duration cold;
    try (SandboxCluster first = SandboxCluster.start()) {
      cold = first.startupTime();
      first.client().getKubernetesVersion();
    }

    // When
    Duration warm;
    try (SandboxCluster sandbox = SandboxCluster.start()) {
      warm = sandbox.startupTime();
      sandbox.simulator().awaitAttached(Duration.ofSeconds(10));
    }

    // Then
    System.out.printf("sandbox start time: first in this JVM %d ms, warm %d ms%n", cold.toMillis(),
        warm.toMillis());
    assertThat(warm).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void givenASandbox_whenItsKubeconfigIsWritten_thenAFabric8ClientBuiltFromTheFileReachesIt(@TempDir Path dir)
      throws Exception {
    // Given
    try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false))) {

      // When
      Path file = sandbox.writeKubeconfig(dir.resolve("nested/kubeconfig"));

      // Then
      assertThat(Files.readString(file)).isEqualTo(sandbox.kubeconfig()).contains("server: " + sandbox.url());
      Config config = Config.fromKubeconfig(Files.readString(file));
      try (KubernetesClient fromFile = new KubernetesClientBuilder().withConfig(config).build()) {
        fromFile.resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).create();
        assertThat(sandbox.client().configMaps().inNamespace("default").withName("c").get()).isNotNull();
      }
      assertThat(sandbox.url()).isEqualTo((sandbox.authorization() ? "https" : "http") + "://127.0.0.1:"
          + sandbox.port());
    }
  }

  @Test
  void givenASandboxWithoutSimulator_whenWaitingForTheSimulator_thenItSaysItIsDisabled() {
    // Given
    try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false))) {

      // When / Then
      assertThatThrownBy(() -> sandbox.simulator().awaitAttached(Duration.ofMillis(1)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("disabled");
      assertThat(sandbox.simulator().isEnabled()).isFalse();
      assertThat(sandbox.failures().rules()).isEmpty();
    }
  }

  @Test
  void givenAPortInUse_whenASandboxIsStartedOnIt_thenStartingFailsClearly() {
    // Given
    try (SandboxCluster first = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false))) {

      // When / Then
      assertThatThrownBy(() -> SandboxCluster.start(SandboxOptions.defaults().withSimulator(false)
          .withPort(first.port())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not start");
    }
  }

  static Stream<Arguments> invalidOptions() {
    SandboxOptions defaults = SandboxOptions.defaults();
    return Stream.of(
        Arguments.of((Supplier<SandboxOptions>) () -> defaults.withPort(70000), "port"),
        Arguments.of((Supplier<SandboxOptions>) () -> defaults.withTick(Duration.ZERO), "tick"),
        Arguments.of((Supplier<SandboxOptions>) () -> defaults.withTimeScale(0), "timeScale"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidOptions")
  void givenAnInvalidOption_whenTheOptionsAreBuilt_thenTheOffendingSettingIsNamed(Supplier<SandboxOptions> build,
      String setting) {
    // Given: an invalid value

    // When / Then
    assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(setting);
  }

  @Test
  void givenTheDefaults_whenAClockIsSet_thenTheOtherSettingsStay() {
    // Given
    SandboxOptions defaults = SandboxOptions.defaults();

    // When
    SandboxOptions withClock = defaults.withClock(java.time.Clock.systemDefaultZone());

    // Then
    assertThat(withClock.tick()).isEqualTo(Duration.ofMillis(200));
    assertThat(withClock.port()).isZero();
    assertThat(withClock.simulate()).isTrue();
  }
}
