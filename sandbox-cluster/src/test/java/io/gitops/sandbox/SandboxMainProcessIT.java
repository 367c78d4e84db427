package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SandboxMain as its own JVM, the way {@code ./gitops up} runs it: from the module's runnable jar. */
class SandboxMainProcessIT {

  private static final Pattern READY = Pattern.compile("SANDBOX READY url=(\\S+) kubeconfig=(\\S+)");

  private static ProcessBuilder java(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String agent = System.getProperty("sandbox.child.jvmArgs", "");
    if (agent.startsWith("-javaagent")) {
      command.addAll(List.of(agent.trim().split("\\s+")));
    }
    command.add("-jar");
    command.add(System.getProperty("sandbox.jar", "target/sandbox-cluster-0.1.0-SNAPSHOT.jar"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }

  private static CompletableFuture<Void> pump(Process process, List<String> lines) {
    return CompletableFuture.runAsync(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("read failed: " + e);
      }
    });
  }

  @Test
  void givenTheRunnableJar_whenLaunched_thenItPrintsReadyServesRolloutsAndStopsCleanlyOnSigterm(@TempDir Path dir)
      throws Exception {
    // Given
    Path kubeconfig = dir.resolve("sandbox.kubeconfig");
    List<String> output = new CopyOnWriteArrayList<>();
    long launched = System.nanoTime();

    // When
    Process process = java("--port", "0", "--kubeconfig", kubeconfig.toString(), "--tick-ms", "20").start();
    CompletableFuture<Void> pumped = pump(process, output);

    // Then
    await().atMost(Duration.ofSeconds(180)).until(() -> output.stream().anyMatch(l -> READY.matcher(l).find()));
    System.out.printf("SandboxMain process: READY %d ms after launch (JVM start included)%n",
        (System.nanoTime() - launched) / 1_000_000);
    Matcher ready = output.stream().map(READY::matcher).filter(Matcher::find).findFirst().orElseThrow();
    assertThat(Path.of(ready.group(2))).isEqualTo(kubeconfig.toAbsolutePath());
    try (KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
      assertThat(client.getMasterUrl().toString()).startsWith(ready.group(1));
      client.resource(Workloads.deployment("demo", "web", "web:1", 2)).fieldManager("sync").serverSideApply();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        Deployment d = client.apps().deployments().inNamespace("demo").withName("web").get();
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
      });
    }
    assertThat(Http.send("POST", ready.group(1) + "/sandbox/v1/failures", "application/json", null,
        "{\"image\":\"web:2\",\"mode\":\"imagepull\"}").statusCode()).isEqualTo(201);
    assertThat(Http.get(ready.group(1) + "/sandbox/v1/failures").body()).contains("imagepull");
    process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    pumped.get(10, TimeUnit.SECONDS);
    assertThat(output).as(String.join("\n", output)).contains("SANDBOX STOPPED");
  }

  @Test
  void givenAnUnknownFlag_whenLaunched_thenItExitsWithUsageAndCode2() throws Exception {
    // Given
    List<String> output = new CopyOnWriteArrayList<>();

    // When
    Process process = java("--bogus", "1").start();
    CompletableFuture<Void> pumped = pump(process, output);

    // Then
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    pumped.get(10, TimeUnit.SECONDS);
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("unknown option --bogus").anyMatch(l -> l.startsWith("usage: SandboxMain"));
  }
}
