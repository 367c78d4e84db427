package io.gitops.sandbox;

import io.gitops.sandbox.Kubectl.Run;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** kubectl against the sandbox's discovery and resources; skipped where no kubectl binary is installed. */
class KubectlIT {

  private static SandboxCluster sandbox;
  private static Path kubeconfig;

  /** Output and exit code of one kubectl run. */
  @BeforeAll
  static void start(@TempDir Path dir) {
    assumeTrue(run("version", "--client").exitCode() == 0, "kubectl is not installed");
    sandbox = SandboxCluster.start(SandboxOptions.defaults().withTick(Duration.ofMillis(20)));
    kubeconfig = sandbox.writeKubeconfig(dir.resolve("kubeconfig"));
    KubernetesClient client = sandbox.client();
    client.resource(Workloads.deployment("demo", "web", "web:1", 2)).fieldManager("sync").serverSideApply();
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(client.apps()
        .deployments().inNamespace("demo").withName("web").get().getStatus().getAvailableReplicas()).isEqualTo(2));
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static Run run(String... args) {
    return Kubectl.run(kubeconfig, args);
  }


  @Test
  void givenARolledOutDeployment_whenKubectlGetsDeployReplicaSetsAndPods_thenAllThreeAreListed() {
    // Given: the deployment rolled out in start()

    // When
    Run result = run("get", "deploy,rs,pods", "-n", "demo");

    // Then
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("deployment.apps/web").contains("replicaset.apps/web-")
        .contains("pod/web-");
  }

  @Test
  void givenARolledOutDeployment_whenKubectlGetsItAsYaml_thenSpecAndStatusAreShown() {
    // Given: the deployment rolled out in start()

    // When
    Run result = run("get", "deployment", "web", "-n", "demo", "-o", "yaml");

    // Then
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("kind: Deployment").contains("name: web").contains("image: web:1")
        .contains("availableReplicas: 2").contains("reason: NewReplicaSetAvailable");
  }

  @Test
  void givenTheSandbox_whenKubectlUsesShortNamesAcrossGroups_thenDiscoveryResolvesThem() {
    // Given: the built-in discovery documents

    // When
    Run result = run("get", "po,svc,cm,ns,sts,ing,hpa,pdb,cj,crd", "-A");

    // Then
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("web-");
  }
}
