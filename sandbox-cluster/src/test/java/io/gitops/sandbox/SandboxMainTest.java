package io.gitops.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxMainTest {

  @Test
  void givenFlagsAndEnvironment_whenParsed_thenFlagsWinOverEnvironmentOverDefaults() {
    // Given
    Map<String, String> env = Map.of("SANDBOX_PORT", "7000", "SANDBOX_TICK_MS", "50", "SANDBOX_TIME_SCALE", "10");

    // When
    SandboxMainConfig config = SandboxMainConfig.parse(new String[] {"--port", "0", "--kubeconfig", "k.yaml"}, env);

    // Then
    assertThat(config).isEqualTo(new SandboxMainConfig(0, Path.of("k.yaml"), Duration.ofMillis(50), 10, false));
    assertThat(config.options().tick()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void givenNothing_whenParsed_thenTheDefaultsApply() {
    // Given
    String[] none = new String[0];

    // When
    SandboxMainConfig config = SandboxMainConfig.parse(none, Map.of());

    // Then
    assertThat(config).isEqualTo(new SandboxMainConfig(0, Path.of("sandbox.kubeconfig"), Duration.ofMillis(200), 1, false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "--nope 1        | unknown option --nope",
      "--port          | missing value for --port",
      "--port x        | not a number",
      "--time-scale y  | not a number",
      "--authorization maybe | --authorization must be true or false"})
  void givenBadArguments_whenParsed_thenTheMessageNamesTheProblem(String args, String message) {
    // Given
    String[] argv = args.trim().split("\\s+");

    // When / Then
    assertThatThrownBy(() -> SandboxMainConfig.parse(argv, Map.of())).hasMessageStartingWith(message);
  }

  @Test
  void givenAConfig_whenStarted_thenOneReadyLineNamesTheUrlAndTheKubeconfig(@TempDir Path dir) throws Exception {
    // Given
    Path kubeconfig = dir.resolve("sandbox.kubeconfig");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // When
    try (SandboxCluster sandbox = SandboxMain.start(new SandboxMainConfig(0, kubeconfig, Duration.ofMillis(20), 1, false),
        new PrintStream(out, true, StandardCharsets.UTF_8))) {

      // Then
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("SANDBOX READY url=" + sandbox.url()
          + " kubeconfig=" + kubeconfig.toAbsolutePath() + System.lineSeparator());
      assertThat(Files.readString(kubeconfig)).contains(sandbox.url());
    }
  }

  @Test
  void givenAuthorizationFromTheEnvironmentOrAFlag_whenParsed_thenTheFlagWins() {
    // Given
    Map<String, String> env = Map.of("SANDBOX_AUTHORIZATION", "true");

    // When
    SandboxMainConfig fromEnv = SandboxMainConfig.parse(new String[0], env);
    SandboxMainConfig fromFlag = SandboxMainConfig.parse(new String[] {"--authorization", "false"}, env);

    // Then
    assertThat(fromEnv.options().authorization()).isTrue();
    assertThat(fromEnv.options().tls()).isTrue();
    assertThat(fromFlag.options().authorization()).isFalse();
  }

  @Test
  void givenAuthorizationOn_whenStarted_thenTheReadyLineNamesAnHttpsUrlAndTheKubeconfigHoldsTheAdminToken(
      @TempDir Path dir) throws Exception {
    // Given
    Path kubeconfig = dir.resolve("sandbox.kubeconfig");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    // When
    try (SandboxCluster sandbox = SandboxMain.start(new SandboxMainConfig(0, kubeconfig, Duration.ofMillis(20), 1, true),
        new PrintStream(out, true, StandardCharsets.UTF_8))) {

      // Then
      assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("SANDBOX READY url=https://127.0.0.1:");
      assertThat(Files.readString(kubeconfig)).contains("token: " + sandbox.adminToken())
          .contains("insecure-skip-tls-verify: true");
    }
  }
}
